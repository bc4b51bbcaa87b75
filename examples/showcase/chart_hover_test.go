package main

// Charts as a reader uses them: hovering for values, the legend, area and
// scatter charts, a million points, the dark theme.

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/gost-dev/gost/internal/browsertest"
	"github.com/gost-dev/gost/st"
)

// hover moves the real mouse over the element css of chart number chart,
// at fractions fx, fy of its box.
func hover(p *browsertest.Page, chart int, css string, fx, fy float64) {
	box := browsertest.Eval[[]float64](p, fmt.Sprintf(`(() => {
		const el = document.querySelectorAll(".chart")[%d].querySelector(%s);
		el.scrollIntoView({ block: "center" }); // the mouse only reaches what is on screen
		const r = el.getBoundingClientRect();
		return [r.left, r.top, r.width, r.height];
	})()`, chart, browsertest.Q(css)))
	p.Do("hover "+css, chromedp.MouseEvent(chromedp.MouseMoved, box[0]+fx*box[2], box[1]+fy*box[3]))
}

// tooltip is the chart tooltip's text, lines joined by " | ", once shown.
func tooltip(p *browsertest.Page, chart int) string {
	p.WaitFor("a tooltip", fmt.Sprintf(`!document.querySelectorAll(".chart")[%d].querySelector(".chart-tip").hidden`, chart))
	return browsertest.Eval[string](p, fmt.Sprintf(`[...document.querySelectorAll(".chart")[%d].querySelectorAll(".chart-tip > div")].map((d) => d.textContent).join(" | ")`, chart))
}

func TestHoverShowsTheNearestValues(t *testing.T) {
	t.Parallel()
	p, _ := open(t, func(st *st.Ctx) {
		st.LineChart([]map[string]any{
			{"month": 1, "sales": 10, "costs": 4}, {"month": 2, "sales": 30, "costs": 8}, {"month": 3, "sales": 20, "costs": 9},
		}, st.X("month"))
		st.BarChart([]daySales{{"Mon", 3, 1.5}, {"Tue", 5, 2}, {"Wed", 4, 0.5}}, st.X("Day"))
	})
	p.WaitFor("two charts", `document.querySelectorAll(".chart svg").length === 2`)

	// The second of three points is the middle of the line's x axis: the
	// mouse a little to its right still picks it.
	hover(p, 0, ".chart-series .chart-point:nth-of-type(2)", 3, 0.5)
	if got, want := tooltip(p, 0), "month: 2 | costs: 8 | sales: 30"; got != want {
		t.Errorf("tooltip over the second month reads %q, want %q", got, want)
	}
	if n := browsertest.Eval[int](p, `document.querySelectorAll(".chart")[0].querySelectorAll(".chart-ring").length`); n != 2 {
		t.Errorf("%d values ringed, want both series'", n)
	}

	// Bars: the tooltip of the Wednesday band.
	hover(p, 1, "svg", 0.9, 0.6)
	if got, want := tooltip(p, 1), "Day: Wed | Units: 4 | Price: 0.5"; got != want {
		t.Errorf("tooltip over Wednesday reads %q, want %q", got, want)
	}
	// Leaving the chart hides it.
	p.Do("leave", chromedp.MouseEvent(chromedp.MouseMoved, 1, 1))
	p.WaitFor("the tooltip gone", `[...document.querySelectorAll(".chart-tip")].every((t) => t.hidden)`)
}

func TestLegendHidesAndShowsASeries(t *testing.T) {
	t.Parallel()
	p, _ := open(t, chartApp)
	p.WaitFor("the line chart", `document.querySelectorAll(".chart-series").length >= 2`)
	key := `[...document.querySelectorAll(".chart")[0].querySelectorAll(".chart-key")].find((k) => k.textContent === "down")`
	p.Exec(key + `.click()`)
	p.WaitFor("one series", `document.querySelectorAll(".chart")[0].querySelectorAll(".chart-line").length === 1`)
	if pressed := browsertest.Eval[string](p, key+`.getAttribute("aria-pressed")`); pressed != "false" {
		t.Errorf("the hidden series' key is aria-pressed=%s", pressed)
	}
	// The y axis now fits the series left: 0 to 40, the same here, but the
	// hover only lists it.
	hover(p, 0, "svg", 0.5, 0.5)
	if got := tooltip(p, 0); strings.Contains(got, "down") || !strings.Contains(got, "<b>x</b>: ") {
		t.Errorf("tooltip with down hidden reads %q", got)
	}
	p.Exec(key + `.click()`)
	p.WaitFor("both series", `document.querySelectorAll(".chart")[0].querySelectorAll(".chart-line").length === 2`)
}

func TestAreaAndScatterCharts(t *testing.T) {
	t.Parallel()
	type city struct {
		Country string
		Area    float64
		People  float64
		GDP     float64
	}
	p, _ := open(t, func(st *st.Ctx) {
		st.AreaChart(map[string][]float64{"desktop": {1, 2, 3, 2}, "mobile": {2, 2, 2, 2}})
		st.ScatterChart([]city{
			{"NO", 1, 10, 1}, {"NO", 2, 20, 4}, {"SE", 3, 15, 9}, {"SE", 4, 25, 16}, {"SE", 5, 5, 25},
		}, st.X("Area"), st.Y("People"), st.Color("Country"), st.Size("GDP"))
	})
	p.WaitFor("two charts", `document.querySelectorAll(".chart svg").length === 2`)

	area := browsertest.Eval[struct {
		Label string
		Areas []string
		Tops  []float64
	}](p, `(() => {
		const c = document.querySelectorAll(".chart")[0];
		const paths = [...c.querySelectorAll(".chart-area")];
		return {
			label: c.querySelector("svg").getAttribute("aria-label"),
			areas: paths.map((a) => a.getAttribute("d")),
			tops: paths.map((a) => a.getBBox().y),
		};
	})()`)
	if area.Label != "Area chart of desktop, mobile, 4 points" || len(area.Areas) != 2 {
		t.Fatalf("area chart %q with %d areas", area.Label, len(area.Areas))
	}
	// Stacked: mobile sits on desktop, so its top is higher on the page.
	if !(area.Tops[1] < area.Tops[0]) {
		t.Errorf("the areas' tops are at %v: the second is not stacked on the first", area.Tops)
	}
	if fmt.Sprint(chartAt(p, 0).YTicks) != "[0 1 2 3 4 5]" {
		t.Errorf("stacked y axis reads %v, want 0 to 5", chartAt(p, 0).YTicks)
	}

	scatter := browsertest.Eval[struct {
		Label  string
		Legend []string
		Dots   []int
		Radii  []float64
		Colors []string
	}](p, `(() => {
		const c = document.querySelectorAll(".chart")[1];
		const series = [...c.querySelectorAll(".chart-series")];
		return {
			label: c.querySelector("svg").getAttribute("aria-label"),
			legend: [...c.querySelectorAll(".chart-key")].map((k) => k.textContent),
			dots: series.map((g) => g.querySelectorAll(".chart-dot").length),
			radii: [...c.querySelectorAll(".chart-dot")].map((d) => +d.getAttribute("r")),
			colors: series.map((g) => getComputedStyle(g.querySelector(".chart-dot")).fill),
		};
	})()`)
	if scatter.Label != "Scatter chart of NO, SE by Area, 5 points" || fmt.Sprint(scatter.Legend) != "[NO SE]" {
		t.Errorf("scatter chart %q with legend %v", scatter.Label, scatter.Legend)
	}
	if fmt.Sprint(scatter.Dots) != "[2 3]" || scatter.Colors[0] == scatter.Colors[1] {
		t.Errorf("dots per country %v in colours %v, want 2 and 3 in two colours", scatter.Dots, scatter.Colors)
	}
	for k := 1; k < len(scatter.Radii); k++ {
		if !(scatter.Radii[k] > scatter.Radii[k-1]) {
			t.Errorf("radii %v do not grow with GDP", scatter.Radii)
			break
		}
	}
	hover(p, 1, ".chart-series:nth-of-type(2) .chart-dot:nth-of-type(3)", 0.5, 0.5)
	if got, want := tooltip(p, 1), "Area: 5 | SE: 5, GDP: 25"; got != want {
		t.Errorf("tooltip over the last city reads %q, want %q", got, want)
	}
}

// A million points arrive as a few thousand, in well under the 8 MiB an
// element may have. The figures are logged for BENCHMARKS.md.
func TestMillionPointChartArrivesDownsampled(t *testing.T) {
	t.Parallel()
	const n = 1_000_000
	ys := make([]float64, n)
	for i := range ys {
		ys[i] = math.Sin(float64(i)/20000) + float64(i%1000)/5000
	}
	p, _ := open(t, func(st *st.Ctx) {
		if st.Toggle("Draw") {
			st.LineChart(ys)
		}
	})
	p.SetTimeout(30 * browsertest.Timeout / 10)
	before := browsertest.Eval[int](p, `__bt.recvBytes`)
	msgs := browsertest.Eval[int](p, `__bt.recv.length`)
	ms := browsertest.Eval[float64](p, `(async () => {
		const t0 = performance.now();
		__bt.control("Draw").click();
		await new Promise((resolve) => {
			const drawn = () => document.querySelector(".chart svg[aria-label*=downsampled]");
			if (drawn()) return resolve();
			new MutationObserver((_, o) => { if (drawn()) { o.disconnect(); resolve(); } }).observe(document.body, { subtree: true, childList: true, attributes: true });
		});
		await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))); // painted
		return performance.now() - t0;
	})()`)
	bytes := browsertest.Eval[int](p, `__bt.recvBytes`) - before
	kinds := browsertest.Eval[[]string](p, fmt.Sprintf(`__bt.recv.slice(%d).map((m) => m.t)`, msgs))
	label := browsertest.Eval[string](p, `document.querySelector(".chart svg").getAttribute("aria-label")`)
	if !strings.HasPrefix(label, "Line chart of value, 1000000 points, downsampled to ") {
		t.Errorf("chart %q, want it to say it stands for a million points", label)
	}
	segments := browsertest.Eval[int](p, `document.querySelector(".chart-line").getAttribute("d").split(/[ML]/).length - 1`)
	if segments < st.MaxChartPoints/2 || segments > st.MaxChartPoints+1 {
		t.Errorf("the line has %d points, want about %d", segments, st.MaxChartPoints)
	}
	if bytes > 64<<10 {
		t.Errorf("the chart cost %d bytes on the websocket, want under 64 KiB", bytes)
	}
	// The browser's own part: a redraw at another width, which the
	// ResizeObserver makes, timed from the resize to the paint after it.
	redraw := browsertest.Eval[float64](p, `(async () => {
		const c = document.querySelector(".chart"), line = c.querySelector(".chart-line");
		const t0 = performance.now();
		c.style.width = "500px";
		await new Promise((resolve) => {
			new MutationObserver((_, o) => { o.disconnect(); resolve(); }).observe(c.querySelector("svg"), { childList: true });
		});
		await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
		return c.querySelector(".chart-line") !== line ? performance.now() - t0 : -1;
	})()`)
	if redraw < 0 {
		t.Errorf("resizing the chart did not redraw it")
	}
	t.Logf("1,000,000-point line chart: %d bytes received in messages %v, toggle to painted %.0f ms (server and browser), redraw %.0f ms (browser), %d points drawn",
		bytes, kinds, ms, redraw, segments)
}

// In the dark theme the chart's text and palette are the dark ones.
func TestChartsFollowTheDarkTheme(t *testing.T) {
	t.Parallel()
	p, _ := open(t, chartApp)
	p.WaitFor("the line chart", `document.querySelector(".chart-line")`)
	colors := func() string {
		return browsertest.Eval[string](p, `(() => {
			const c = document.querySelector(".chart");
			return getComputedStyle(c.querySelector(".chart-line")).stroke + " " + getComputedStyle(c.querySelector(".chart-axis text")).fill;
		})()`)
	}
	light := colors()
	p.Do("dark theme", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}},
		})
		return err
	}))
	// theme.js follows the system's change on its media query's change
	// event, which comes after the emulation returns.
	p.WaitFor("the dark theme", `document.documentElement.dataset.theme === "dark"`)
	dark := colors()
	if light != "rgb(28, 131, 225) rgb(98, 102, 111)" { // --muted, deepened for WCAG AA contrast
		t.Errorf("light theme: line and text %q, want the light palette and muted text", light)
	}
	if dark != "rgb(78, 168, 255) rgb(163, 168, 184)" {
		t.Errorf("dark theme: line and text %q, want the dark palette and muted text", dark)
	}
}

// The shapes of data charts meet in apps, drawn and hovered: none may throw
// (browsertest fails the test on a page error), and each draws its marks.
func TestChartVariantsDrawAndHover(t *testing.T) {
	t.Parallel()
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	var long []map[string]any // two shops, a row per shop and hour: downsampled per shop
	for i := range 3 * st.MaxChartPoints {
		long = append(long, map[string]any{"t": start.Add(time.Duration(i/2) * time.Hour), "shop": []string{"Oslo", "Bergen"}[i%2], "units": float64(i % 50)})
	}
	p, _ := open(t, func(st *st.Ctx) {
		st.LineChart(long, st.X("t"), st.Y("units"), st.Color("shop"))
		st.AreaChart([]map[string]any{{"t": start, "a": 1}, {"t": start.Add(time.Hour)}, {"t": start.Add(2 * time.Hour), "a": 3}}, st.X("t"))
		st.ScatterChart([]map[string]any{{"k": "x", "v": 1}, {"k": "y", "v": 2}}, st.X("k"))
		st.BarChart([]map[string]any{{"d": "Mon", "shop": "A", "n": 1}, {"d": "Tue", "shop": "B", "n": 2}}, st.X("d"), st.Y("n"), st.Color("shop"))
		st.LineChart([]float64{math.NaN(), 5, math.NaN()})
	})
	p.WaitFor("five charts", `document.querySelectorAll(".chart svg").length === 5`)
	marks := browsertest.Eval[[]int](p, `[...document.querySelectorAll(".chart")].map((c) => c.querySelectorAll(".chart-line, .chart-area, .chart-dot, .chart-bar, .chart-point").length)`)
	// Two lines; an area with a gap is two areas, two lines and a dot for
	// each lone point; two dots; two bars; one lone point.
	if fmt.Sprint(marks) != "[2 4 2 2 2]" {
		t.Errorf("marks per chart %v, want [2 4 2 2 2]", marks)
	}
	label := browsertest.Eval[string](p, `document.querySelector(".chart svg").getAttribute("aria-label")`)
	if !strings.Contains(label, "6000 points, downsampled to ") {
		t.Errorf("grouped long chart %q, want it downsampled", label)
	}
	// The middle of each chart, but the area's, where its gap is (a gap has
	// no tooltip), and the scatter chart's, between its points.
	for i, h := range []struct {
		css  string
		fx   float64
		want []string
	}{
		{"svg", 0.5, []string{"Bergen: ", "Oslo: "}},
		{"svg", 0.9, []string{"a: 3"}},
		{".chart-dot", 0.5, []string{"k: x | v: 1"}},
		{"svg", 0.7, []string{"d: Tue | B: 2"}},
		{"svg", 0.5, []string{"value: 5"}},
	} {
		hover(p, i, h.css, h.fx, 0.5)
		got := tooltip(p, i)
		for _, want := range h.want {
			if !strings.Contains(got, want) {
				t.Errorf("chart %d: tooltip %q lacks %q", i, got, want)
			}
		}
		p.Do("leave", chromedp.MouseEvent(chromedp.MouseMoved, 1, 1))
	}
}
