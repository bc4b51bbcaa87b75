package main

// The dashboard as its user meets it, in headless Chromium.

import (
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp/kb"

	"github.com/gost-dev/gost/internal/browsertest"
)

func TestMain(m *testing.M) { os.Exit(browsertest.Main(m)) }

func open(t *testing.T) *browsertest.Page {
	t.Helper()
	srv := browsertest.Serve(t, App)
	p := browsertest.New(t)
	p.Open(srv.URL)
	return p
}

func TestDashboardShowsTodayAndTheLastDays(t *testing.T) {
	t.Parallel()
	p := open(t)
	p.WaitText("Shop dashboard")
	metrics := browsertest.Eval[string](p, `[...document.querySelectorAll(".metric")].map((m) => m.innerText.replace(/\s+/g, " ")).join(" | ")`)
	for _, want := range []string{"Orders today 38 ↑ 4", "Visits today 439 ↑ 37", "Conversion 8.7 %"} {
		if !strings.Contains(metrics, want) {
			t.Errorf("metrics %q lack %q", metrics, want)
		}
	}
	label := browsertest.Eval[string](p, `document.querySelector(".chart svg").getAttribute("aria-label")`)
	if label != "Line chart of orders by date, 28 points" {
		t.Errorf("chart %q, want the orders of 28 days", label)
	}
	if rows := browsertest.Eval[int](p, `document.querySelectorAll(".dataframe tbody tr").length`); rows != 28 {
		t.Errorf("the table has %d rows, want 28", rows)
	}

	csv := browsertest.Eval[string](p, `(async () => { const a = [...document.querySelectorAll("a.btn")].find((a) => a.textContent === "Download CSV"); return (await fetch(a.href)).text(); })()`)
	if lines := strings.Split(strings.TrimSpace(csv), "\n"); len(lines) != 29 || lines[0] != "date,orders,visits" {
		t.Errorf("the CSV download has %d lines starting %q, want a header and 28 days", len(lines), lines[0])
	}

	// Fewer days: the chart and the table follow the sidebar's slider.
	p.Exec(browsertest.Control("Days") + `.focus()`)
	p.Keys(kb.ArrowLeft)
	p.WaitFor("27 points", `document.querySelector(".chart svg").getAttribute("aria-label").endsWith("27 points")`)
	if rows := browsertest.Eval[int](p, `document.querySelectorAll(".dataframe tbody tr").length`); rows != 27 {
		t.Errorf("after the slider: %d rows, want 27", rows)
	}
}

func TestDashboardLogsNotes(t *testing.T) {
	t.Parallel()
	p := open(t)
	p.Fill("What happened today?", "Black Friday sale started")
	p.Click("Log it")
	p.WaitTextIn(".table", "Black Friday sale started")
	if got := browsertest.Eval[string](p, browsertest.Control("What happened today?")+`.value`); got != "" {
		t.Errorf("the form kept %q after logging it", got)
	}
	p.Fill("What happened today?", "Server restarted")
	p.Click("Log it")
	p.WaitTextIn(".table", "Server restarted")
	if rows := browsertest.Eval[int](p, `document.querySelectorAll(".table tbody tr").length`); rows != 2 {
		t.Errorf("%d notes logged, want 2", rows)
	}
}
