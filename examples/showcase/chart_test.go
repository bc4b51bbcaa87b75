package main

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp/kb"
	"github.com/gost-dev/gost/internal/browsertest"
	"github.com/gost-dev/gost/st"
)

type daySales struct {
	Day   string
	Units int
	Price float64
}

// chartApp draws a line chart whose number of points the slider sets, with
// a gap in one series, and a bar chart that never changes.
func chartApp(st *st.Ctx) {
	n := int(st.Slider("Points", 2, 30, st.Value(5)))
	up, down := make([]float64, n), make([]float64, n)
	for i := range n {
		up[i], down[i] = float64(i*10), float64((n-1-i)*10)
	}
	down[2] = math.NaN()
	st.LineChart(map[string][]float64{"<b>x</b>": up, "down": down})
	st.BarChart([]daySales{{"Mon", 3, 1.5}, {"Tue", 5, 2}, {"Wed", 4, 0.5}}, st.X("Day"))
}

// drawn is what the browser drew for the chart at index i of the page.
type drawn struct {
	Label   string     `json:"label"`
	Legend  []string   `json:"legend"`
	Lines   []string   `json:"lines"`  // each series' path
	Points  []int      `json:"points"` // each series' dots
	Bars    [][]string `json:"bars"`   // each series' bars: height, tooltip
	YTicks  []string   `json:"yTicks"`
	XTicks  []string   `json:"xTicks"`
	Bold    int        `json:"bold"` // <b> elements: user text parsed as HTML
	ViewBox float64    `json:"viewBox"`
	Width   float64    `json:"width"`
}

func chartAt(p *browsertest.Page, i int) drawn {
	return browsertest.Eval[drawn](p, fmt.Sprintf(`(() => {
		const c = document.querySelectorAll(".chart")[%d];
		const svg = c.querySelector("svg");
		const all = (el, css) => [...el.querySelectorAll(css)];
		const texts = (css) => all(c, css).map((e) => e.textContent);
		const series = all(c, ".chart-series");
		return {
			label: svg.getAttribute("role") + ": " + svg.getAttribute("aria-label"),
			legend: texts(".chart-legend .chart-key"),
			lines: series.flatMap((g) => all(g, ".chart-line").map((l) => l.getAttribute("d"))),
			points: series.map((g) => all(g, ".chart-point").length),
			bars: series.map((g) => all(g, ".chart-bar").map((b) => b.getAttribute("height") + " " + b.textContent)),
			yTicks: all(c, ".chart-axis text").filter((t) => t.getAttribute("text-anchor") === "end").map((t) => t.textContent),
			xTicks: all(c, ".chart-axis text").filter((t) => t.getAttribute("text-anchor") === "middle" && !t.classList.contains("chart-title")).map((t) => t.textContent),
			bold: all(c, "b").length,
			viewBox: svg.viewBox.baseVal.width,
			width: svg.clientWidth,
		};
	})()`, i))
}

func TestChartsDrawTheData(t *testing.T) {
	t.Parallel()
	p, _ := open(t, chartApp)
	p.WaitFor("two charts", `document.querySelectorAll(".chart svg").length === 2`)

	line := chartAt(p, 0)
	if want := "img: Line chart of <b>x</b>, down, 5 points"; line.Label != want {
		t.Errorf("line chart labelled %q, want %q", line.Label, want)
	}
	if fmt.Sprint(line.Legend) != "[<b>x</b> down]" || line.Bold != 0 {
		t.Errorf("legend %q with %d <b> elements; want the names as text", line.Legend, line.Bold)
	}
	if len(line.Lines) != 2 {
		t.Fatalf("line chart drew %d lines, want 2", len(line.Lines))
	}
	// "down" has NaN at row 2: its line breaks there, and no dot marks it.
	if got := strings.Count(line.Lines[0], "M"); got != 1 {
		t.Errorf("the unbroken series starts %d segments, want 1: %s", got, line.Lines[0])
	}
	if got := strings.Count(line.Lines[1], "M"); got != 2 {
		t.Errorf("the series with a gap starts %d segments, want 2: %s", got, line.Lines[1])
	}
	if fmt.Sprint(line.Points) != "[5 4]" {
		t.Errorf("points per series %v, want [5 4]", line.Points)
	}
	if fmt.Sprint(line.YTicks) != "[0 10 20 30 40]" {
		t.Errorf("y axis reads %q, want 0 to 40 in tens", line.YTicks)
	}
	if len(line.XTicks) < 2 || line.XTicks[0] != "0" || line.XTicks[len(line.XTicks)-1] != "4" {
		t.Errorf("x axis reads %q, want the row index from 0 to 4", line.XTicks)
	}

	bar := chartAt(p, 1)
	if want := "img: Bar chart of Units, Price by Day, 3 categories"; bar.Label != want {
		t.Errorf("bar chart labelled %q, want %q", bar.Label, want)
	}
	if fmt.Sprint(bar.Legend) != "[Units Price]" || fmt.Sprint(bar.XTicks) != "[Mon Tue Wed]" {
		t.Errorf("bar chart legend %q, x axis %q", bar.Legend, bar.XTicks)
	}
	if len(bar.Bars) != 2 || len(bar.Bars[0]) != 3 || len(bar.Bars[1]) != 3 {
		t.Fatalf("bars per series %v, want 3 and 3", bar.Bars)
	}
	height := func(b string) (h float64) { fmt.Sscan(b, &h); return h }
	if units := bar.Bars[0]; !(height(units[1]) > height(units[2]) && height(units[2]) > height(units[0])) {
		t.Errorf("Units bars 3, 5, 4 have heights %q", units)
	}
	if tip := bar.Bars[0][0]; !strings.HasSuffix(tip, "Mon\nUnits: 3") {
		t.Errorf("first bar's tooltip %q, want the day and the value", tip)
	}

	// The drawing is redrawn at the width it is shown at, so its text
	// keeps its size.
	p.WaitFor("the chart drawn at its own width",
		`[...document.querySelectorAll(".chart svg")].every((s) => Math.abs(s.viewBox.baseVal.width - s.clientWidth) < 1)`)
}

func TestChartRedrawsWhenTheDataChanges(t *testing.T) {
	t.Parallel()
	p, _ := open(t, chartApp)
	p.WaitFor("the line chart", `document.querySelector(".chart-line")`)
	p.Exec(browsertest.Control("Points") + `.focus()`)
	p.Keys(kb.ArrowRight)
	p.WaitFor("six points", `document.querySelector(".chart svg").getAttribute("aria-label").endsWith("6 points")`)
	line := chartAt(p, 0)
	if fmt.Sprint(line.Points) != "[6 5]" || len(line.Lines) != 2 {
		t.Errorf("after the slider moved to 6: points %v, %d lines", line.Points, len(line.Lines))
	}
	if fmt.Sprint(line.YTicks) != "[0 10 20 30 40 50]" {
		t.Errorf("y axis reads %q, want it to grow to 50", line.YTicks)
	}
	if bars := chartAt(p, 1).Bars; len(bars) != 2 || len(bars[0]) != 3 {
		t.Errorf("the bar chart changed: %v", bars)
	}
}

func TestChartTimeAxis(t *testing.T) {
	t.Parallel()
	start := time.Date(2024, 3, 1, 0, 0, 0, 0, time.Local)
	p, _ := open(t, func(st *st.Ctx) {
		var rows []map[string]any
		for d := range 10 {
			rows = append(rows, map[string]any{"day": start.AddDate(0, 0, d), "visits": d * d})
		}
		st.LineChart(rows, st.X("day"))
	})
	p.WaitFor("the line chart", `document.querySelector(".chart-line")`)
	c := chartAt(p, 0)
	if len(c.XTicks) < 2 {
		t.Fatalf("time axis has ticks %q, want several", c.XTicks)
	}
	for _, tick := range c.XTicks {
		// Ten days are ticked by days, whatever the locale writes them as:
		// never a time of day, nor a number of milliseconds.
		if strings.Contains(tick, ":") || strings.Contains(tick, "Invalid") || strings.Contains(tick, "NaN") || len(tick) > 12 {
			t.Errorf("time axis tick %q does not read as a day (ticks %q)", tick, c.XTicks)
		}
	}
	if !strings.Contains(c.Label, "by day, 10 points") || fmt.Sprint(c.Points) != "[10]" {
		t.Errorf("chart %q with points %v", c.Label, c.Points)
	}
}
