package main

import (
	"fmt"
	"testing"

	"github.com/gost-dev/gost/internal/browsertest"
	"github.com/gost-dev/gost/st"
)

type city struct {
	Name       string  `json:"name"`
	Population int     `json:"population"`
	Area       float64 `json:"area"`
}

var cities = []city{{"Oslo", 709000, 454.03}, {"<b>Bergen</b>", 291000, 465.3}, {"Trondheim", 212000, 342.3}}

// dataApp draws each data element; Reruns reruns it without changing the
// data, and More adds a row.
func dataApp(st *st.Ctx) {
	state := st.SessionState()
	st.Button("Rerun")
	if st.Button("More") {
		state.Set("more", true)
	}
	rows := cities
	if state.Bool("more") {
		rows = append(rows[:len(rows):len(rows)], city{"Stavanger", 148000, 71.4})
	}
	st.Metric("Cities", len(rows), st.Delta(len(rows)-3))
	st.Metric("Cost", "$12", st.Delta("+2"), st.DeltaColor("inverse"))
	st.Progress(len(rows)*20, fmt.Sprintf("%d of 5 cities", len(rows)))
	st.Table(rows[:2])
	st.Dataframe(rows)
}

// column returns the texts of column j of the table or dataframe at css.
func column(p *browsertest.Page, css string, j int) []string {
	return browsertest.Eval[[]string](p, fmt.Sprintf(`[...document.querySelectorAll(%q)].map((tr) => tr.children[%d].textContent)`, css+" tbody tr", j))
}

func TestTableShowsRowsAsText(t *testing.T) {
	t.Parallel()
	p, _ := open(t, dataApp)
	if got := column(p, ".table", 0); fmt.Sprint(got) != "[Oslo <b>Bergen</b>]" {
		t.Errorf("the table's first column shows %q, want the names as text", got)
	}
	if got := column(p, ".table", 2); fmt.Sprint(got) != "[454.03 465.3]" {
		t.Errorf("the table's area column shows %q", got)
	}
	heads := browsertest.Eval[[]string](p, `[...document.querySelectorAll(".table th")].map((th) => th.textContent)`)
	if fmt.Sprint(heads) != "[name population area]" {
		t.Errorf("headers %q, want the json tags", heads)
	}
	if align := browsertest.Eval[string](p, `getComputedStyle(document.querySelector(".table tbody td.num")).textAlign`); align != "right" {
		t.Errorf("numbers are aligned %q, want right", align)
	}
}

func TestDataframeSortsAndKeepsItsOrder(t *testing.T) {
	t.Parallel()
	p, _ := open(t, dataApp)
	p.Click("population")
	if got := column(p, ".dataframe", 0); fmt.Sprint(got) != "[Trondheim <b>Bergen</b> Oslo]" {
		t.Errorf("sorted by population, ascending: %q", got)
	}
	// A rerun with the same data keeps the user's order.
	p.Click("Rerun")
	p.WaitIdle()
	if got := column(p, ".dataframe", 0); fmt.Sprint(got) != "[Trondheim <b>Bergen</b> Oslo]" {
		t.Errorf("after a rerun: %q, want the order kept", got)
	}
	// New rows are sorted in.
	p.Click("More")
	p.WaitFor("the new row", `document.querySelectorAll(".dataframe tbody tr").length === 4`)
	if got := column(p, ".dataframe", 0); fmt.Sprint(got) != "[Stavanger Trondheim <b>Bergen</b> Oslo]" {
		t.Errorf("with a new row: %q, want it sorted in", got)
	}
	p.Click("population ▲")
	if got := column(p, ".dataframe", 1); fmt.Sprint(got) != "[709000 291000 212000 148000]" {
		t.Errorf("descending: %q", got)
	}
	if sort := browsertest.Eval[string](p, `document.querySelector(".dataframe th[aria-sort=descending]")?.textContent`); sort != "population ▼" {
		t.Errorf("aria-sort descending is on %q, want population", sort)
	}
	p.Click("population ▼")
	if got := column(p, ".dataframe", 0); fmt.Sprint(got) != "[Oslo <b>Bergen</b> Trondheim Stavanger]" {
		t.Errorf("third click: %q, want the app's order", got)
	}
}

func TestMetricAndProgress(t *testing.T) {
	t.Parallel()
	p, _ := open(t, dataApp)
	metrics := browsertest.Eval[[]string](p, `[...document.querySelectorAll(".metric")].map((m) => m.innerText.replace(/\s+/g, " "))`)
	if fmt.Sprint(metrics) != "[Cities 3 ↑ 0 Cost $12 ↑ +2]" {
		t.Errorf("metrics show %q", metrics)
	}
	// Up is bad for a cost: DeltaColor("inverse").
	if cls := browsertest.Eval[string](p, `document.querySelectorAll(".metric-delta")[1].className`); cls != "metric-delta bad" {
		t.Errorf("the cost's delta has class %q, want metric-delta bad", cls)
	}
	if now := browsertest.Eval[string](p, `document.querySelector("[role=progressbar]").getAttribute("aria-valuenow")`); now != "60" {
		t.Errorf("progress %s%%, want 60", now)
	}
	p.Click("More")
	p.WaitText("4 of 5 cities")
	p.WaitFor("the bar to move", `document.querySelector("[role=progressbar]").getAttribute("aria-valuenow") === "80"`)
	p.WaitFor("the metric's delta", `document.querySelector(".metric-delta").textContent === "↑ 1"`)
}

// st.Dataframe(rows, st.Width(px)) is that wide, and never wider than its
// column, as Streamlit's width= is.
func TestDataframeWidth(t *testing.T) {
	t.Parallel()
	p, _ := open(t, func(st *st.Ctx) {
		st.Dataframe(cities, st.Width(300))
		st.Dataframe(cities, st.Width(100000))
		st.Dataframe(cities)
	})
	widths := browsertest.Eval[[]int](p, `[...document.querySelectorAll('.dataframe')].map((d) => d.offsetWidth)`)
	column := browsertest.Eval[int](p, `document.querySelector('.dataframe').parentElement.clientWidth`)
	if len(widths) != 3 || widths[0] != 300 || widths[1] > column || widths[2] != widths[1] {
		t.Errorf("dataframes are %v px wide in a column of %d, want [300 %d %d]", widths, column, column, column)
	}
}
