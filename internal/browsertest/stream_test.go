package browsertest_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gost-dev/gost/internal/browsertest"
	"github.com/gost-dev/gost/internal/markdown"
	"github.com/gost-dev/gost/st"
)

// This test belongs to st.WriteStream and frontend/live.js; it lives here
// because the root module must not require chromedp.
//
// TestStreamedTextShowsAsItsRenderingInChromium streams a Markdown answer
// piece by piece into a real page, each piece in an append message ("+")
// of its own, and after every piece compares what the page shows with the
// rendering of the text so far, element by element (its tag and the text
// it shows): plain words and code that go raw land in the element where
// the rendering has them. At the end the page holds the whole rendering.
func TestStreamedTextShowsAsItsRenderingInChromium(t *testing.T) {
	t.Parallel()
	// The first piece is long: the open block's renderings may cost up to
	// twice the text so far (st/stream.go), and then the pieces go raw
	// without one, whatever is in them.
	pieces := []string{
		strings.Repeat("Streamed answers arrive word by word, and this first paragraph is long enough to give the rest room. ", 4),
		"Plain ", "words ", "go ", "raw, ", "with ", "no ", "rendering.", "\n\n",
		"- a ", "list ", "item", "\n- ", "second ", "item ", "here", "\n\n",
		"Some ", "**bold** ", "text ", "and ", "more ", "words (in ", "parentheses).", "\n\n",
		"```go\n", "func main() {\n", "\tfmt.Println(", "\"<hi>\")\n", "}\n", "```\n\n",
		"## A heading ", "that ", "grows", "\n\n",
		"The ", "end.",
	}
	ch := make(chan string)
	srv := browsertest.Serve(t, func(st *st.Ctx) {
		if st.Button("Stream") {
			st.WriteStream((<-chan string)(ch))
		}
	})
	p := browsertest.New(t)
	p.Open(srv.URL)
	p.Click("Stream")
	md := markdown.New()
	// shape lists the elements below el, with the text each shows.
	const shape = `((el) => [...el.querySelectorAll('*')]
		.filter((e) => !e.matches('.stream-html, .stream-open'))
		.map((e) => e.tagName + ': ' + e.innerText.replace(/\s+/g, ' ').trim()))`
	var text strings.Builder
	for i, piece := range pieces {
		ch <- piece
		text.WriteString(piece)
		p.WaitFor(fmt.Sprintf("the append of piece %d", i+1), `__bt.recv.filter((m) => m.t === '+').length >= `+fmt.Sprint(i+1))
		want := md.Fresh(text.String())
		got := browsertest.Eval[[]string](p, `(() => {
			const was = document.getElementById('__want') || document.body.appendChild(Object.assign(document.createElement('div'), { id: '__want', className: 'markdown stream' }));
			was.innerHTML = `+browsertest.Q(want)+`;
			const shape = `+shape+`;
			return [JSON.stringify(shape(document.querySelector('#main .stream'))), JSON.stringify(shape(was))];
		})()`)
		if got[0] != got[1] {
			t.Fatalf("after piece %d, %q, the page shows\n%s\nrendered, the text so far is\n%s", i+1, piece, got[0], got[1])
		}
	}
	if n := p.Received("+"); n != len(pieces) {
		t.Errorf("%d pieces came in %d append messages, want one each", len(pieces), n)
	}
	var raw int
	for _, m := range browsertest.Eval[[]map[string]any](p, `__bt.recv.filter((m) => m.t === '+')`) {
		if m["open"] == nil && m["html"] == nil {
			raw++
		}
	}
	if raw < len(pieces)/2 {
		t.Errorf("%d of %d pieces went raw, without a rendering: want most", raw, len(pieces))
	}
	close(ch)
	p.WaitIdle()
	got := browsertest.Eval[[]string](p, `[document.querySelector('#main .stream .stream-html').innerHTML, document.querySelector('#main .stream .stream-open').innerHTML, (() => {
		const d = document.createElement('div');
		d.innerHTML = `+browsertest.Q(md.Fresh(text.String()))+`;
		return d.innerHTML;
	})()]`)
	if got[0] != got[2] || got[1] != "" {
		t.Errorf("at the end the page shows\n%s\n(open %q), want the whole rendering\n%s", got[0], got[1], got[2])
	}
}
