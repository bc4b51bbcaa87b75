package main

import (
	"testing"

	"github.com/gost-dev/gost/internal/browsertest"
	"github.com/gost-dev/gost/st"
)

// TestHTMLShowsButRunsNoScripts: st.HTML's markup shows, fitted to its
// height, and its scripts and handlers never run.
func TestHTMLShowsButRunsNoScripts(t *testing.T) {
	t.Parallel()
	p, _ := open(t, func(st *st.Ctx) {
		st.HTML(`<h3 id="x" style="height:120px;margin:0">Shown</h3>` +
			`<script>parent.document.title = "pwned"; document.getElementById("x").textContent = "ran"</script>` +
			`<img src="data:," onerror="parent.document.title = 'pwned'">`)
	})
	frame := `document.querySelector('iframe.html-frame')`
	p.WaitFor("the HTML to show", frame+`?.contentDocument?.getElementById('x')?.textContent === 'Shown'`)
	p.WaitFor("the frame to fit its content", frame+`.getBoundingClientRect().height >= 120`)
	if title := browsertest.Eval[string](p, `document.title`); title == "pwned" {
		t.Error("a script of st.HTML ran")
	}
	if sb := browsertest.Eval[string](p, frame+`.getAttribute('sandbox')`); sb != "allow-same-origin" {
		t.Errorf("sandbox %q, want allow-same-origin alone (no scripts)", sb)
	}
}
