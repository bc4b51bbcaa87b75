package st

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"strings"
	"unicode/utf8"

	md "github.com/gost-dev/gost/internal/markdown"
	"github.com/gost-dev/gost/internal/script"
)

// WriteStream shows text as it arrives from src, rendered as Markdown, and
// returns the whole text once src ends, like Streamlit's st.write_stream:
// the way to show a language model's answer word by word. src is one of
//
//   - an iter.Seq[string], or a func(context.Context) iter.Seq[string],
//     which is given [Ctx.Context];
//   - an iter.Seq2[string, error] (or a func of a context returning one),
//     which ends at its first error: the error shows after the text;
//   - a <-chan string (or chan string), read until it is closed;
//   - an io.Reader, read until io.EOF (closed when the run is cancelled,
//     if it is an io.Closer, as an HTTP response's body is).
//
// The browser gets each piece within a frame (about 16 ms; pieces that come
// faster go together), and only the new text: a long answer costs its
// length on the wire, not its length for every piece. Complete paragraphs
// show rendered; the one still arriving is rendered again as it grows,
// often at first and then more rarely, with the newest words after it as
// they were written; plain words (no Markdown in them) need no rendering
// again; the whole text is rendered once more at the end.
//
// When the user moves on (a rerun, another click) the run's context is
// cancelled, which tells src to stop, and the run stops at once, even if
// src does not. A src that panics shows the panic after the text so far,
// as any panic of the app.
//
//	answer := st.WriteStream(model.Stream(st.Context(), prompt))
func (c *Ctx) WriteStream(src any) string {
	c.run.Check()
	ctx := c.run.Context()
	chunks, err := pull(ctx, src)
	if err != nil {
		c.Exception(fmt.Errorf("st.WriteStream: %w", err))
		return ""
	}
	w := &streamText{md: c.run.Markdown()}
	n := c.add("stream", streamProps{})
	defer func() {
		// The whole text, rendered once: what the page shows from now on.
		c.run.Replace(c.block, n, node("stream", "", streamProps{HTML: w.md.Fresh(string(w.text))}))
	}()
	for {
		select {
		case ch, ok := <-chunks:
			switch {
			case !ok:
				return string(w.text)
			case ch.panic != nil:
				panic(ch.panic)
			case ch.err != nil:
				c.Exception(fmt.Errorf("st.WriteStream: %w", ch.err))
				return string(w.text)
			}
			c.run.Append(n, w.write(ch.text))
		case <-ctx.Done():
			c.run.Check() // superseded: the run stops here
			return string(w.text)
		}
	}
}

type streamProps struct {
	HTML string `json:"html"`
	Text string `json:"text"` // the raw tail, not yet rendered
}

// chunk is one piece of a stream, or how it ended.
type chunk struct {
	text  string
	err   error // reading failed
	panic any   // the source panicked
}

// pull starts reading src and returns its pieces. Sources other than a
// channel are read on a goroutine of their own, so that a run whose user
// moved on stops at once, even while src blocks; the goroutine ends at
// src's next piece (or, for a Closer, when it is closed).
func pull(ctx context.Context, src any) (<-chan chunk, error) {
	switch s := src.(type) {
	case iter.Seq[string]:
		return feed(ctx, func(yield func(string) bool) { s(yield) }), nil
	case func(yield func(string) bool):
		return feed(ctx, s), nil
	case func(context.Context) iter.Seq[string]:
		return feed(ctx, func(yield func(string) bool) { s(ctx)(yield) }), nil
	case func(context.Context) func(yield func(string) bool):
		return feed(ctx, func(yield func(string) bool) { s(ctx)(yield) }), nil
	case iter.Seq2[string, error]:
		return feed(ctx, failing(s)), nil
	case func(yield func(string, error) bool):
		return feed(ctx, failing(s)), nil
	case func(context.Context) iter.Seq2[string, error]:
		return feed(ctx, func(yield func(string) bool) { failing(s(ctx))(yield) }), nil
	case <-chan string:
		return relay(ctx, s), nil
	case chan string:
		return relay(ctx, s), nil
	case io.Reader:
		if cl, ok := s.(io.Closer); ok {
			stop := context.AfterFunc(ctx, func() { cl.Close() })
			return feed(ctx, readPieces(s, stop)), nil
		}
		return feed(ctx, readPieces(s, nil)), nil
	case nil:
		return nil, errors.New("the stream is nil")
	}
	return nil, fmt.Errorf("cannot stream a %T: want an iter.Seq[string] or iter.Seq2[string, error] (or a func(context.Context) returning one), a <-chan string or an io.Reader", src)
}

// feed runs seq on a goroutine and hands its pieces over one by one.
func feed(ctx context.Context, seq func(yield func(string) bool)) <-chan chunk {
	out := make(chan chunk)
	go func() {
		defer close(out)
		defer func() {
			if v := recover(); v != nil {
				ch := chunk{panic: v}
				if re, ok := v.(streamError); ok {
					ch = chunk{err: re.err}
				}
				select {
				case out <- ch:
				case <-ctx.Done():
				}
			}
		}()
		seq(func(s string) bool {
			select {
			case out <- chunk{text: s}:
				return true
			case <-ctx.Done():
				return false
			}
		})
	}()
	return out
}

// failing turns a sequence of pieces and errors into one of pieces that
// ends at the first error, carried to the run.
func failing(seq func(yield func(string, error) bool)) func(yield func(string) bool) {
	return func(yield func(string) bool) {
		for s, err := range seq {
			if err != nil {
				panic(streamError{err})
			}
			if !yield(s) {
				return
			}
		}
	}
}

// relay hands over a channel's pieces; nothing to start.
func relay(ctx context.Context, in <-chan string) <-chan chunk {
	out := make(chan chunk)
	go func() {
		defer close(out)
		for {
			select {
			case s, ok := <-in:
				if !ok {
					return
				}
				select {
				case out <- chunk{text: s}:
				case <-ctx.Done():
					return
				}
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

// readPieces reads r as a sequence of valid UTF-8 pieces: a character
// split between two reads waits for its end.
func readPieces(r io.Reader, stop func() bool) func(yield func(string) bool) {
	return func(yield func(string) bool) {
		if stop != nil {
			defer stop()
		}
		buf := make([]byte, 4096)
		var carry []byte
		for {
			n, err := r.Read(buf)
			if n > 0 {
				data := append(carry, buf[:n]...)
				cut := validPrefix(data)
				carry = append([]byte(nil), data[cut:]...)
				if cut > 0 && !yield(string(data[:cut])) {
					return
				}
			}
			if err == io.EOF {
				if len(carry) > 0 {
					yield(string(carry))
				}
				return
			}
			if err != nil {
				panic(streamError{err})
			}
		}
	}
}

// streamError carries a source's error out of its goroutine.
type streamError struct{ err error }

// validPrefix returns how much of b ends on a whole UTF-8 character.
func validPrefix(b []byte) int {
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			if utf8.FullRune(b[i:]) {
				return len(b)
			}
			return i
		}
	}
	return len(b)
}

// streamText splits the text of a stream into blocks that are complete
// (they end at a blank line outside a code fence), which are rendered once,
// and the block still arriving. That one is rendered again as it grows
// while the HTML this costs stays within openBudget times the text so far,
// so early and then ever more rarely; between renderings its new text goes
// raw. Every byte of the text thus crosses the wire a bounded number of
// times, however long the stream: its cost grows with the text, not with
// its square.
type streamText struct {
	md    *md.Renderer
	text  []byte
	open  int    // where the block still arriving starts
	scan  int    // where the first line not yet looked at starts
	fence string // the marker of the code fence the text is in, or ""
	spent int    // bytes of HTML sent for blocks still arriving

	// Plain text needs no rendering (stream_plain.go): raw is where the
	// text after the open block's last rendering starts, shown whether
	// that rendering ends in a block that takes raw text as rendering it
	// again would (a paragraph, a list item, a heading; not code).
	line  plainLine
	raw   int
	shown bool
	plain bool // the last piece went raw as plain text (for tests)
	// In a code fence: top, the fence's opening line starts the line (its
	// code is shown as it is, not less indented); code, the last rendering
	// ends in that fence's code, at the start of a line.
	top, code bool
}

// columns returns the columns of the indentation of line: a tab goes to
// the next multiple of 4, as in CommonMark.
func columns(line []byte) int {
	n := 0
	for _, c := range line {
		switch c {
		case ' ':
			n++
		case '\t':
			n += 4 - n%4
		default:
			return n
		}
	}
	return n
}

// fence returns the marker of the code fence line opens (``` or ~~~, or
// longer), or "".
func fence(line string) string {
	if line == "" || line[0] != '`' && line[0] != '~' {
		return ""
	}
	n := len(line) - len(strings.TrimLeft(line, line[:1]))
	if n < 3 || line[0] == '`' && strings.Contains(line[n:], "`") {
		return "" // a backtick fence's info string has none
	}
	return line[:n]
}

// codeFrom reports whether the text from the line of from on, in the
// code fence the last rendering ends in, shows raw as it would rendered:
// none of its lines may close the fence (or start with its marker's
// character, as the closing line does while it arrives).
func (w *streamText) codeFrom(from int) bool {
	i := max(w.raw, bytes.LastIndexByte(w.text[:from], '\n')+1)
	for i < len(w.text) {
		line := bytes.TrimLeft(w.text[i:], " ")
		if len(line) > 0 && line[0] == w.fence[0] {
			return false
		}
		next := bytes.IndexByte(w.text[i:], '\n')
		if next < 0 {
			break
		}
		i += next + 1
	}
	return true
}

// takesText reports whether raw text written into the last block of html,
// where the page writes it (frontend/live.js), shows as it would rendered
// with it: a paragraph, a list item, a heading, inside lists and quotes;
// not a code block or a table.
func takesText(html string) bool {
	s := strings.TrimRight(html, "\n")
	for {
		t := s
		for _, end := range []string{"</ul>", "</ol>", "</li>", "</blockquote>"} {
			t = strings.TrimRight(strings.TrimSuffix(t, end), "\n")
		}
		if t == s {
			break
		}
		s = t
	}
	return s != "" && !strings.HasSuffix(s, "</pre>") && !strings.HasSuffix(s, "</table>") && !strings.HasSuffix(s, "/>")
}

// openBudget bounds the HTML sent for blocks still arriving, as a multiple
// of the text.
const openBudget = 2

// write adds piece and returns what the browser needs of it.
func (w *streamText) write(piece string) script.Piece {
	if w.text == nil {
		w.line.reset(0)
	}
	w.text = append(w.text, piece...)
	w.line.feed(w.text, len(w.text)-len(piece))
	cut := -1
	for {
		i := bytes.IndexByte(w.text[w.scan:], '\n')
		if i < 0 {
			break
		}
		raw := w.text[w.scan : w.scan+i]
		line := strings.TrimSpace(string(raw))
		indent := columns(raw)
		w.scan += i + 1
		switch {
		case w.fence != "":
			if indent < 4 && strings.HasPrefix(line, w.fence) && strings.Trim(line, w.fence[:1]) == "" {
				w.fence = ""
			}
		case indent < 4 && fence(line) != "":
			w.fence = fence(line)
			w.top = indent == 0
		case line == "":
			cut = w.scan
		}
	}
	var p script.Piece
	if cut >= 0 {
		html := w.md.Fresh(string(w.text[w.open:cut]))
		p.HTML = &html
		w.open = cut
		w.shown, w.code = false, false
	}
	if w.fence == "" {
		w.plain = w.shown && w.line.plainFrom(w.text, w.raw)
	} else {
		w.plain = w.code && w.codeFrom(len(w.text)-len(piece))
	}
	if w.plain {
		p.Text = piece // shows as rendering the block again would
		return p
	}
	rest := w.text[w.open:]
	if len(bytes.TrimSpace(rest)) > 0 && w.spent+len(rest) <= openBudget*len(w.text) {
		if w.fence != "" && w.top && w.scan > w.open {
			// In code: rendered up to the line going on, which goes
			// raw (the rendering would end it with a new line).
			open := w.md.Fresh(string(w.text[w.open:w.scan]))
			w.spent += len(open)
			p.Open, p.Text = &open, string(w.text[w.scan:])
			w.raw, w.shown = w.scan, false
			w.code = strings.HasSuffix(open, "</code></pre>\n")
			return p
		}
		open := w.md.Fresh(string(rest))
		w.spent += len(open)
		p.Open = &open
		w.raw, w.shown, w.code = len(w.text), takesText(open), false
		if len(bytes.TrimRight(rest, " \t\r\n")) < len(rest) {
			// Markdown drops the space at the end of a block; the next
			// words, raw, must not stick to the last one.
			p.Text = " "
		}
		return p
	}
	if p.HTML != nil {
		p.Text = string(rest) // the rest after the complete blocks
	} else {
		p.Text = piece
	}
	return p
}
