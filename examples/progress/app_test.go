package main

// The report's progress as its user sees it, in headless Chromium: the bar
// and the status change in place while the run goes on.

import (
	"os"
	"strings"
	"testing"

	"github.com/gost-dev/gost/internal/browsertest"
)

func TestMain(m *testing.M) { os.Exit(browsertest.Main(m)) }

// watch records, on every change of the page, the bar's width, the
// status's state and how many bars and statuses there are.
const watch = `(() => {
	window.__seen = [];
	new MutationObserver(() => {
		const bar = document.querySelector('.progress-fill');
		const st = document.querySelector('.status');
		const s = [document.querySelectorAll('.progress').length, document.querySelectorAll('.status').length,
			bar ? bar.style.width : '', st ? st.dataset.state : ''].join(' ');
		if (window.__seen[window.__seen.length - 1] !== s) window.__seen.push(s);
	}).observe(document.getElementById('main'), { subtree: true, childList: true, attributes: true, characterData: true });
})()`

func TestProgressAndStatusUpdateInPlace(t *testing.T) {
	t.Parallel()
	srv := browsertest.Serve(t, App)
	p := browsertest.New(t)
	p.Open(srv.URL)
	p.WaitText("Monthly report")
	p.Exec(watch)
	p.Click("Build the report")
	p.WaitFor("the status to turn complete", `document.querySelector('.status[data-state=complete]')`)
	p.WaitTextIn(".toast", "Report ready")
	defer p.WaitFor("the toast to go by itself", `!document.querySelector('.toast')`)
	seen := browsertest.Eval[[]string](p, `window.__seen`)
	// One bar and one status all along, the bar moving through every step
	// while the status ran, then complete.
	for _, want := range []string{"1 1 25% running", "1 1 50% running", "1 1 75% running", "1 1 100% complete"} {
		found := false
		for _, s := range seen {
			found = found || s == want
		}
		if !found {
			t.Errorf("the page never showed %q; it showed %q", want, seen)
		}
	}
	for _, s := range seen {
		if !strings.HasPrefix(s, "1 1 ") && !strings.HasPrefix(s, "0 0 ") {
			t.Errorf("the page showed %q: more than one bar or status at once", s)
		}
	}
	if got, n := p.Text(".slot"), browsertest.Eval[int](p, `document.querySelector('.slot').children.length`); n != 1 || !strings.Contains(got, "Report ready.") || strings.Contains(got, "Now:") {
		t.Errorf("the placeholder holds %d elements and shows %q, want only its last content", n, got)
	}
}

func TestAFailingStepTurnsTheStatusRed(t *testing.T) {
	t.Parallel()
	srv := browsertest.Serve(t, App)
	p := browsertest.New(t)
	p.Open(srv.URL)
	p.Check("Make the last step fail")
	p.Click("Build the report")
	p.WaitFor("the status to turn error", `document.querySelector('.status[data-state=error]')`)
	p.WaitTextIn(".exception", "the report's disk is full")
	if w := browsertest.Eval[string](p, `document.querySelector('.progress-fill').style.width`); w != "75%" {
		t.Errorf("the bar stands at %s after the third step of four failed the fourth, want 75%%", w)
	}
}
