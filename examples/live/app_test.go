package main

import (
	"os"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/gost-dev/gost/internal/browsertest"
	"github.com/gost-dev/gost/sttest"
)

func TestMain(m *testing.M) {
	tick, logEvery, reportStep = 300*time.Millisecond, 100*time.Millisecond, 150*time.Millisecond
	// A tick longer than a moment (100 ms): the page is told it runs, and
	// fades the panel (a faster run is one frame, and fades nothing).
	tickWork = 250 * time.Millisecond
	os.Exit(browsertest.Main(m))
}

// In memory (sttest): the timer is a fake clock's.

func TestMetricsTickWithoutRerunningThePage(t *testing.T) {
	app := sttest.Run(t, App)
	app.Advance(10 * tick)
	if !app.Contains("ticks: 11") || !app.Contains("page runs: 1") {
		t.Errorf("after ten ticks the page shows %v; want ticks: 11 and page runs: 1", app)
	}
}

func TestLogTailIsPushedByItsGoroutine(t *testing.T) {
	app := sttest.Run(t, App)
	served := regexp.MustCompile(`request \d+ served`)
	app.Until(func(a *sttest.App) bool { return served.MatchString(a.String()) })
	if !app.Contains("page runs: 1") {
		t.Errorf("the log's pushes reran the page: %v", app)
	}
}

func TestReportJobIsFoundByTheNextTab(t *testing.T) {
	b := sttest.NewBrowser(t, 0, 0)
	defer b.Close()
	tab := b.Open(App)
	tab.Click("Write the report")
	tab.Until(func(a *sttest.App) bool { return a.Contains("line 2") })
	tab.Close()
	next := b.Open(App)
	next.Until(func(a *sttest.App) bool { return a.Contains("report done") })
	if !next.Contains("line 20") {
		t.Errorf("the next tab shows %v", next)
	}
}

// In chromium.

// number reads the number after label in the page's text.
func number(t *testing.T, p *browsertest.Page, label string) int {
	t.Helper()
	m := regexp.MustCompile(regexp.QuoteMeta(label) + ` (\d+)`).FindStringSubmatch(p.Text("main"))
	if m == nil {
		t.Fatalf("no %q on the page: %s", label, p.Text("main"))
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

func TestChromiumFragmentTimerUpdatesWhileThePageDoesNotRerun(t *testing.T) {
	t.Parallel()
	srv := browsertest.Serve(t, App)
	p := browsertest.New(t)
	p.Open(srv.URL)
	p.WaitText("page runs: 1")
	// Record which elements a run fades: a fragment's run fades only
	// what is inside the fragment.
	p.Exec(`window.__faded = {inside: 0, outside: 0};
new MutationObserver((recs) => recs.forEach((r) => {
  if (!r.target.classList.contains('stale')) return;
  if (r.target.closest('.fragment')) window.__faded.inside++; else window.__faded.outside++;
})).observe(document.querySelector('main'), {attributes: true, attributeFilter: ['class'], subtree: true})`)
	start := number(t, p, "ticks:")
	p.WaitFor("three ticks", `(() => { const m = document.querySelector("main").innerText.match(/ticks: (\d+)/); return m && +m[1] >= `+strconv.Itoa(start+3)+`; })()`)
	// The log's goroutine pushes too (the log keeps its last 8 lines).
	p.WaitFor("a log line", `/request \d+ served/.test(document.querySelector("main").innerText)`)
	if n := number(t, p, "page runs:"); n != 1 {
		t.Errorf("page runs: %d after the fragments reran, want 1", n)
	}
	faded := browsertest.Eval[map[string]int](p, `window.__faded`)
	if faded["inside"] == 0 || faded["outside"] != 0 {
		t.Errorf("fragment runs faded %d elements inside fragments and %d outside; want some inside, none outside", faded["inside"], faded["outside"])
	}
	// A click outside the fragments reruns the page.
	p.Click("Rerun the page")
	p.WaitText("page runs: 2")
}

func TestChromiumJobSurvivesReloadAndClosingTheTab(t *testing.T) {
	t.Parallel()
	srv := browsertest.Serve(t, App)
	watcher := browsertest.New(t) // a second tab of the same browser, open throughout
	watcher.Open(srv.URL)
	tab := watcher.NewTab()
	tab.Open(srv.URL)
	tab.Click("Write the report")
	tab.WaitText("line 2")
	// A reload: the job goes on and the page finds it again.
	tab.Open(srv.URL)
	tab.WaitText("line 4")
	// The other tab sees it too, live, though it never clicked.
	watcher.WaitText("line 5")
	// Closing the tab does not stop it; a tab opened later finds it.
	tab.Close()
	watcher.WaitText("line 8")
	reopened := watcher.NewTab()
	reopened.Open(srv.URL)
	reopened.WaitText("line 9")
	reopened.WaitText("report done")
	watcher.WaitText("report done")
	if !reopened.HasText("line 20") || !watcher.HasText("line 20") {
		t.Errorf("the tabs lack the report's end: %q / %q", reopened.Text("main"), watcher.Text("main"))
	}
}
