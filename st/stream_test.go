package st_test

import (
	"context"
	"errors"
	"io"
	"iter"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gost-dev/gost/st"
	"github.com/gost-dev/gost/sttest"
)

// words yields text word by word, with a pause before each word.
func words(text string, pause time.Duration) iter.Seq[string] {
	return func(yield func(string) bool) {
		for i, w := range strings.SplitAfter(text, " ") {
			if i > 0 {
				time.Sleep(pause)
			}
			if !yield(w) {
				return
			}
		}
	}
}

// streamTexts returns what the stream element showed in each frame, in
// order, without repeats.
func streamTexts(app *sttest.App) []string {
	var out []string
	for _, f := range app.Frames {
		for _, n := range f.Page.Children[0].Children {
			if n.Kind == "stream" && (len(out) == 0 || out[len(out)-1] != n.Text()) {
				out = append(out, n.Text())
			}
		}
	}
	return out
}

func TestWriteStreamShowsTheTextAsItArrives(t *testing.T) {
	t.Parallel()
	const answer = "The quick brown fox jumps over the lazy dog"
	var got string
	app := sttest.Run(t, func(st *st.Ctx) {
		got = st.WriteStream(func(yield func(string) bool) {
			for w := range words(answer, 30*time.Millisecond) {
				if !yield(w) {
					return
				}
			}
		})
		st.Text("after")
	})
	// The fifth word reached the page while the rest was still to come
	// (when is the machine's business: BENCHMARKS.md measures it).
	shownEarly := false
	for _, f := range app.Frames {
		s := strings.Join(f.Texts(), " ")
		shownEarly = shownEarly || strings.Contains(s, "The quick brown fox jumps") && !strings.Contains(s, "lazy dog")
	}
	if !shownEarly {
		t.Errorf("no frame showed the fifth word before the end: %q", streamTexts(app))
	}
	if got != answer {
		t.Errorf("WriteStream returned %q, want %q", got, answer)
	}
	if s := app.All("stream"); len(s) != 1 || s[0].Text() != answer {
		t.Fatalf("the page shows %q, want the stream %q", app.Texts(), answer)
	}
	if !strings.Contains(app.All("stream")[0].Props["html"].(string), "<p>The quick") {
		t.Errorf("the final text is not rendered as Markdown: %v", app.All("stream")[0].Props)
	}
	// The page showed the answer growing, word by word: with 30 ms between
	// words and a frame every 16 ms, most words get a frame of their own.
	seen := streamTexts(app)
	if len(seen) < 5 {
		t.Fatalf("the stream showed %d states while it ran, want it to grow word by word: %q", len(seen), seen)
	}
	for i, s := range seen {
		if !strings.HasPrefix(answer, s) {
			t.Errorf("frame %d shows %q, not a beginning of the answer", i, s)
		}
		if i > 0 && len(s) <= len(seen[i-1]) {
			t.Errorf("frame %d shows %q, no more than the frame before (%q)", i, s, seen[i-1])
		}
	}
}

func TestWriteStreamRendersCompleteParagraphsAsTheyCome(t *testing.T) {
	t.Parallel()
	app := sttest.Run(t, func(st *st.Ctx) {
		st.WriteStream(slices.Values([]string{"**one**\n", "\n", "```\ncode\n\n", "more\n```\n\n", "*tail", "*"}))
	})
	// The frames are coalesced (the pieces come at once); what counts is
	// that the browser holds the rendered paragraphs, and the raw tail.
	n := app.All("stream")[0]
	html := n.Props["html"].(string)
	for _, want := range []string{"<strong>one</strong>", "<pre><code>code\n\nmore\n</code></pre>", "<em>tail</em>"} {
		if !strings.Contains(html, want) {
			t.Errorf("the final HTML lacks %q: %s", want, html)
		}
	}
	if n.Props["text"] != "" {
		t.Errorf("the raw tail after the end is %q, want none", n.Props["text"])
	}
}

func TestWriteStreamTakesChannelsReadersAndContextSources(t *testing.T) {
	t.Parallel()
	for _, test := range []struct {
		name string
		src  func(ctx context.Context) any
	}{
		{"channel", func(context.Context) any {
			ch := make(chan string)
			go func() {
				defer close(ch)
				for _, w := range []string{"héllo ", "wörld"} {
					ch <- w
				}
			}()
			return (<-chan string)(ch)
		}},
		{"reader split inside a character", func(context.Context) any {
			// "é" is two bytes; the reader hands them over one at a time.
			return io.MultiReader(strings.NewReader("héllo wörld"[:2]), strings.NewReader("héllo wörld"[2:]))
		}},
		{"func of a context", func(context.Context) any {
			return func(ctx context.Context) iter.Seq[string] {
				if ctx.Err() != nil {
					return slices.Values([]string{"cancelled"})
				}
				return slices.Values([]string{"héllo", " wörld"})
			}
		}},
	} {
		t.Run(test.name, func(t *testing.T) {
			t.Parallel()
			var got string
			sttest.Run(t, func(st *st.Ctx) { got = st.WriteStream(test.src(st.Context())) })
			if got != "héllo wörld" {
				t.Errorf("WriteStream returned %q", got)
			}
		})
	}
}

func TestWriteStreamOfSomethingElseIsAnError(t *testing.T) {
	t.Parallel()
	app := sttest.Run(t, func(st *st.Ctx) { st.WriteStream(42) })
	if ex := app.All("exception"); len(ex) != 1 || !strings.Contains(ex[0].Text(), "st.WriteStream: cannot stream a int") {
		t.Errorf("page shows %q", app.Texts())
	}
}

func TestAStreamThatPanicsShowsTheTextAndThePanic(t *testing.T) {
	t.Parallel()
	app := sttest.Run(t, func(st *st.Ctx) {
		st.WriteStream(func(yield func(string) bool) {
			yield("half an answer")
			panic("model exploded")
		})
		st.Text("not reached")
	})
	if app.Status != "error" || !app.Contains("half an answer") || !app.Contains("model exploded") || app.Contains("not reached") {
		t.Errorf("status %s, page %q", app.Status, app.Texts())
	}
}

type failingReader struct{ n int }

func (r *failingReader) Read(p []byte) (int, error) {
	if r.n++; r.n == 1 {
		return copy(p, "partial"), nil
	}
	return 0, errors.New("connection reset")
}

func TestASeq2StopsAtItsError(t *testing.T) {
	t.Parallel()
	var got string
	app := sttest.Run(t, func(st *st.Ctx) {
		got = st.WriteStream(func(yield func(string, error) bool) {
			_ = yield("so far", nil) && yield("", errors.New("rate limited")) && yield("never", nil)
		})
	})
	if got != "so far" || !app.Contains("st.WriteStream: rate limited") || app.Contains("never") {
		t.Errorf("returned %q, page %q", got, app.Texts())
	}
}

func TestAReaderThatFailsShowsItsError(t *testing.T) {
	t.Parallel()
	app := sttest.Run(t, func(st *st.Ctx) { st.WriteStream(&failingReader{}) })
	if !app.Contains("partial") || !app.Contains("connection reset") {
		t.Errorf("page %q", app.Texts())
	}
}

// A source that never ends is cancelled when the user moves on, and the
// session goes on serving; so is one that ignores its context and blocks.
func TestAStreamThatNeverEndsStopsWhenTheUserMovesOn(t *testing.T) {
	t.Parallel()
	for _, obeys := range []bool{true, false} {
		cancelled := make(chan struct{})
		endless := func(ctx context.Context) iter.Seq[string] {
			context.AfterFunc(ctx, func() { close(cancelled) })
			return func(yield func(string) bool) {
				if !yield("tick ") {
					return
				}
				for obeys {
					select {
					case <-ctx.Done():
						return
					case <-time.After(5 * time.Millisecond):
						if !yield("tick ") {
							return
						}
					}
				}
				select {} // blocks, and never looks at ctx
			}
		}
		app := sttest.Run(t, func(st *st.Ctx) {
			if st.Button("Go") {
				st.WriteStream(endless)
			}
			st.Button("Something else")
			st.Text("idle")
		})
		other := app.Widget("button", "Something else").ID
		app.Request(nil, app.Widget("button", "Go").ID)
		app.WaitUntil(func() bool { return app.Contains("tick") })
		app.Rerun(nil, other) // the user moves on
		select {
		case <-cancelled:
		case <-time.After(5 * time.Second):
			t.Fatalf("obeys %v: the stream's context was not cancelled", obeys)
		}
		if app.Contains("tick") || !app.Contains("idle") || app.Status != "ok" {
			t.Errorf("obeys %v: after moving on the page shows %q (%s)", obeys, app.Texts(), app.Status)
		}
	}
}
