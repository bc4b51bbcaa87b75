// Package markdown renders the Markdown of st.Markdown, st.Write and the
// headings to HTML on the server, so the browser never parses user text.
//
// It is CommonMark plus GitHub's tables, strikethrough and autolinks, like
// Streamlit. Raw HTML in the source is shown as text unless the app opts in.
package markdown

import (
	"bufio"
	"bytes"
	"strings"
	"sync"
	"unicode"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// A Renderer turns Markdown into HTML. It remembers recent results, since an
// app renders the same text on every rerun. It is safe for concurrent use.
type Renderer struct {
	safe, unsafe goldmark.Markdown

	html    memo[key]    // HTML's
	anchors memo[string] // Anchor's
}

type key struct {
	src    string
	unsafe bool
	inline bool
}

// memo remembers recent results by key. The zero memo is empty and ready.
type memo[K comparable] struct {
	mu sync.Mutex
	m  map[K]string
}

// cacheSize bounds a memo; when full it is dropped whole, which is cheap
// and keeps the steady state (the same page over and over) fast.
const cacheSize = 4096

// get returns what the memo holds for k, else what make makes, which it
// then remembers. make runs outside the lock.
func (m *memo[K]) get(k K, make func() string) string {
	m.mu.Lock()
	v, ok := m.m[k]
	m.mu.Unlock()
	if ok {
		return v
	}
	v = make()
	m.mu.Lock()
	switch {
	case m.m == nil:
		m.m = map[K]string{}
	case len(m.m) >= cacheSize:
		clear(m.m) // keeps its room for the next ones
	}
	m.m[k] = v
	m.mu.Unlock()
	return v
}

// New returns a Renderer.
func New() *Renderer {
	return &Renderer{
		safe: goldmark.New(
			goldmark.WithExtensions(extension.GFM),
			goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(escapeRawHTML{}, 100))),
		),
		unsafe: goldmark.New(
			goldmark.WithExtensions(extension.GFM),
			goldmark.WithRendererOptions(html.WithUnsafe()),
		),
	}
}

// Anchor returns the anchor of a heading of text (slug), remembered as
// its HTML is: a heading is drawn on every rerun.
func (r *Renderer) Anchor(text string) string {
	return r.anchors.get(text, func() string { return slug(text) })
}

// slug makes a heading's anchor the way Streamlit does: lower case, words
// joined by dashes, punctuation dropped. It lowers rune by rune, as
// strings.ToLower does, into one buffer.
func slug(text string) string {
	var b strings.Builder
	b.Grow(len(text))
	dash := false
	for _, r := range text {
		switch r = unicode.ToLower(r); {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
	}
	return b.String()
}

// Fresh renders src as HTML would without allowHTML, but leaves the memo
// alone: for text seen once, such as a stream's paragraphs as they grow,
// which would only push out the pages that are drawn again and again.
func (r *Renderer) Fresh(src string) string {
	if out, ok := fast(src, false); ok {
		return out
	}
	return r.render(r.safe, src)
}

// render renders src with md. goldmark wraps any writer but a
// bufio.Writer in a new 4 KiB one per call, so one comes from a pool; and
// it only fails when the writer fails, which a bytes.Buffer does not.
func (r *Renderer) render(md goldmark.Markdown, src string) string {
	var buf bytes.Buffer
	w := writers.Get().(*bufio.Writer)
	w.Reset(&buf)
	err := md.Convert([]byte(src), w)
	w.Flush()
	w.Reset(nil)
	writers.Put(w)
	if err != nil {
		return "<p>" + string(util.EscapeHTML([]byte(src))) + "</p>"
	}
	return buf.String()
}

// HTML renders src. With allowHTML, raw HTML in src is passed through;
// without it, it is escaped and shows as text. Inline drops the paragraph
// around a single line, for headings.
func (r *Renderer) HTML(src string, allowHTML, inline bool) string {
	return r.html.get(key{src, allowHTML, inline}, func() string {
		if out, ok := fast(src, inline); ok {
			return out
		}
		return r.goldmark(src, allowHTML, inline)
	})
}

// goldmark is HTML without the memo and without fast, which agrees with it.
func (r *Renderer) goldmark(src string, allowHTML, inline bool) string {
	md := r.safe
	if allowHTML {
		md = r.unsafe
	}
	out := r.render(md, src)
	if inline {
		out = strings.TrimSpace(out)
		if strings.HasPrefix(out, "<p>") && strings.HasSuffix(out, "</p>") && strings.Count(out, "<p>") == 1 {
			out = out[3 : len(out)-4]
		}
	}
	return out
}

var writers = sync.Pool{New: func() any { return bufio.NewWriterSize(nil, 512) }}

// escapeRawHTML renders raw HTML blocks and inline HTML as escaped text.
type escapeRawHTML struct{}

func (escapeRawHTML) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindHTMLBlock, renderHTMLBlock)
	reg.Register(ast.KindRawHTML, renderRawHTML)
}

func renderHTMLBlock(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.HTMLBlock)
	if !entering {
		return ast.WalkContinue, nil
	}
	w.WriteString("<p>")
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		w.Write(util.EscapeHTML(seg.Value(src)))
	}
	if n.HasClosure() {
		w.Write(util.EscapeHTML(n.ClosureLine.Value(src)))
	}
	w.WriteString("</p>\n")
	return ast.WalkContinue, nil
}

func renderRawHTML(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	n := node.(*ast.RawHTML)
	for i := 0; i < n.Segments.Len(); i++ {
		seg := n.Segments.At(i)
		w.Write(util.EscapeHTML(seg.Value(src)))
	}
	return ast.WalkSkipChildren, nil
}
