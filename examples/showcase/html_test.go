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

// TestIframeHTMLRunsScriptsOutOfThePagesReach: st.IframeHTML's scripts
// run, in a frame whose origin is no one's, so the app's page is out of
// their reach.
func TestIframeHTMLRunsScriptsOutOfThePagesReach(t *testing.T) {
	t.Parallel()
	p, _ := open(t, func(st *st.Ctx) {
		st.IframeHTML(`<p id="x">waiting</p><script>
			let reached = "no";
			try { parent.document.title = "pwned"; reached = "yes"; } catch (e) {}
			setInterval(() => parent.postMessage("ran, reached the page: " + reached, "*"), 50);
		</script>`, st.Height(80))
	})
	frame := `document.querySelector('iframe.iframe')`
	p.WaitFor("the frame to be drawn", frame)
	if sb := browsertest.Eval[string](p, frame+`.getAttribute('sandbox')`); sb != "allow-scripts allow-forms allow-popups" {
		t.Errorf("sandbox %q", sb)
	}
	if h := browsertest.Eval[float64](p, frame+`.getBoundingClientRect().height`); h != 80 {
		t.Errorf("the frame is %vpx high, want Height(80)", h)
	}
	// The page cannot read the frame (no shared origin): the script says
	// it ran with a message.
	p.Exec(`addEventListener('message', (e) => { window.__frameSaid = e.data; })`)
	p.WaitFor("the frame's script to run", `window.__frameSaid`)
	if said := browsertest.Eval[string](p, `window.__frameSaid`); said != "ran, reached the page: no" {
		t.Errorf("the frame's script said %q", said)
	}
	if title := browsertest.Eval[string](p, `document.title`); title == "pwned" {
		t.Error("a script of st.IframeHTML reached the app's page")
	}
}
