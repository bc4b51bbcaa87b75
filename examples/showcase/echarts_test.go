package main

// st.ECharts in the browser: the vendored library draws the app's option,
// follows the theme, shows its own message for an option it rejects, and
// is fetched only by a page that draws with it.

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/gost-dev/gost/internal/browsertest"
	"github.com/gost-dev/gost/st"
)

// threeSeries is an ECharts option with three line series and an axis
// tooltip, as an app writes one.
func threeSeries() map[string]any {
	series := []any{}
	for i, name := range []string{"north", "south", "west"} {
		series = append(series, map[string]any{
			"name": name, "type": "line", "data": []int{10 + i, 30 + i, 20 + i, 40 + i},
		})
	}
	return map[string]any{
		"animation": false,
		"tooltip":   map[string]any{"trigger": "axis"},
		"legend":    map[string]any{},
		"xAxis":     map[string]any{"type": "category", "data": []string{"Q1", "Q2", "Q3", "Q4"}},
		"yAxis":     map[string]any{"type": "value"},
		"series":    series,
	}
}

// library is the JavaScript for the resource entries of the vendored
// ECharts the page has fetched.
const library = `performance.getEntriesByType("resource").filter((e) => e.name.includes("/vendor/echarts.esm.min.mjs"))`

// pixel is the JavaScript for the colour of the chart's canvas at x, y
// (CSS pixels) as "r,g,b,a".
func pixel(x, y int) string {
	return fmt.Sprintf(`(() => {
		const c = document.querySelector(".echarts canvas");
		const k = c.width / c.clientWidth;
		return [...c.getContext("2d").getImageData(%d * k, %d * k, 1, 1).data].join();
	})()`, x, y)
}

func TestEChartsDrawsTheSeriesAndItsTooltip(t *testing.T) {
	t.Parallel()
	p, _ := open(t, func(st *st.Ctx) {
		st.Title("Sales")
		st.ECharts(threeSeries(), st.Height(320))
	})
	p.WaitFor("the chart", `document.querySelector(".echarts canvas")`)
	// ECharts describes what it drew for screen readers, from its model.
	p.WaitFor("its description", `document.querySelector(".echarts [aria-label]")`)
	label := browsertest.Eval[string](p, `document.querySelector(".echarts [aria-label]").getAttribute("aria-label")`)
	if !strings.Contains(label, "It consists of 3 series count") || !strings.Contains(label, "north") || !strings.Contains(label, "west") {
		t.Errorf("chart description %q, want its three series", label)
	}
	if h := browsertest.Eval[float64](p, `document.querySelector(".echarts canvas").getBoundingClientRect().height`); h != 320 {
		t.Errorf("canvas %v px high, want Height(320)", h)
	}
	// Drawn, not only modelled: the lines put the palette's colours on the
	// canvas, more than a handful of distinct ones.
	p.WaitFor("lines on the canvas", `(() => {
		const c = document.querySelector(".echarts canvas");
		const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
		const seen = new Set();
		for (let i = 0; i < d.length; i += 4 * 7) seen.add(d[i] << 16 | d[i + 1] << 8 | d[i + 2]);
		return seen.size > 20;
	})()`)
	// The axis tooltip, under the real mouse, lists every series.
	box := browsertest.Eval[[]float64](p, `(() => {
		const r = document.querySelector(".echarts canvas").getBoundingClientRect();
		return [r.left, r.top, r.width, r.height];
	})()`)
	p.Do("hover the chart", chromedp.MouseEvent(chromedp.MouseMoved, box[0]+box[2]*0.5, box[1]+box[3]*0.5))
	p.WaitFor("the tooltip", `[...document.querySelectorAll(".echarts div")].some((d) => d.innerText.includes("north") && d.innerText.includes("south") && d.innerText.includes("west") && getComputedStyle(d).display !== "none" && d.style.position === "absolute")`)
}

// The chart stands on the page's background and changes with the theme:
// the canvas itself is repainted, light then dark.
func TestEChartsFollowsTheDarkTheme(t *testing.T) {
	t.Parallel()
	p, _ := open(t, func(st *st.Ctx) { st.ECharts(threeSeries()) })
	p.WaitFor("the chart", `document.querySelector(".echarts canvas")`)
	p.WaitFor("the light background on the canvas", pixel(2, 2)+` === "255,255,255,255"`)
	p.Do("dark theme", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}},
		})
		return err
	}))
	p.WaitFor("the dark theme", `document.documentElement.dataset.theme === "dark"`)
	// --bg of the dark theme, #0e1117.
	p.WaitFor("the dark background on the canvas", pixel(2, 2)+` === "14,17,23,255"`)
	// ECharts' dark theme, not only its background: the axis labels are
	// light now.
	p.WaitFor("light text", `(() => {
		const c = document.querySelector(".echarts canvas");
		const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
		for (let i = 0; i < d.length; i += 4) if (d[i] > 150 && d[i + 1] > 150 && d[i + 2] > 150) return true;
		return false;
	})()`)
}

// An option ECharts rejects shows ECharts' own message where the chart
// would be; the page goes on, the next chart included.
func TestEChartsRejectedOptionShowsTheLibrarysMessage(t *testing.T) {
	t.Parallel()
	p, _ := open(t, func(st *st.Ctx) {
		st.ECharts(`{"xAxis": {"type": "nosuch"}, "yAxis": {}, "series": [{"type": "line", "data": [1, 2]}]}`)
		st.ECharts(threeSeries())
		st.ECharts(`{"series": [{"type": "sankey", "data": [{"name": "a"}, {"name": "b"}],
			"links": [{"source": "a", "target": "b", "value": 1}, {"source": "b", "target": "a", "value": 1}]}]}`)
		st.Text("after the charts")
	})
	p.WaitFor("the errors", `document.querySelectorAll(".echarts-error:not([hidden])").length === 2`)
	got := browsertest.Eval[[]string](p, `[...document.querySelectorAll(".echarts-error")].map((e) => e.hidden ? "" : e.innerText)`)
	want := []string{"ECharts: Component xAxis.nosuch is used but not imported.", "", "ECharts: Sankey is a DAG, the original data has cycle!"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("the charts' errors read %q, want ECharts' messages %q", got, want)
	}
	if hidden := browsertest.Eval[bool](p, `document.querySelector(".echarts .echarts-chart").hidden`); !hidden {
		t.Errorf("the rejected chart's drawing area still shows")
	}
	p.WaitFor("the good chart", `document.querySelectorAll(".echarts")[1].querySelector("canvas")`)
	if !p.HasText("after the charts") {
		t.Errorf("the page stopped at the rejected chart")
	}
}

// A page without an ECharts chart never fetches the library; one with
// fetches it once, gzipped, however many charts it draws.
func TestEChartsLibraryLoadsOnlyWhereUsed(t *testing.T) {
	t.Parallel()
	p, _ := open(t, func(st *st.Ctx) {
		st.LineChart([]float64{1, 3, 2})
		if st.Checkbox("More") {
			st.ECharts(threeSeries())
			st.ECharts(threeSeries())
		}
	})
	p.WaitFor("the built-in chart", `document.querySelector(".chart svg")`)
	if n := browsertest.Eval[int](p, library+`.length`); n != 0 {
		t.Fatalf("a page without st.ECharts fetched the library %d times", n)
	}
	if n := browsertest.Eval[int](p, `performance.getEntriesByType("resource").filter((e) => e.name.includes("echarts.js")).length`); n != 1 {
		t.Errorf("the page fetched its small echarts.js %d times, want once with the client", n)
	}
	p.Check("More")
	p.WaitFor("two drawn charts", `document.querySelectorAll(".echarts canvas").length === 2`)
	if n := browsertest.Eval[int](p, library+`.length`); n != 1 {
		t.Errorf("the library was fetched %d times for two charts, want once", n)
	}
	sizes := browsertest.Eval[[]float64](p, library+`.map((e) => [e.encodedBodySize, e.decodedBodySize])[0]`)
	if sizes[0] > 400_000 || sizes[1] < 1_000_000 {
		t.Errorf("library %v bytes on the wire, %v decoded: want it gzipped", sizes[0], sizes[1])
	}
}

// Figures for BENCHMARKS.md: the library's bytes, and the time from a
// click that adds a chart to the chart painted, on a page that has not
// loaded ECharts yet (fetch and parse included), again once it has, and
// for a line of 200,000 points that ECharts samples with LTTB.
func TestEChartsFigures(t *testing.T) {
	t.Parallel()
	const big = 200_000
	line := make([]int, big)
	for i := range line {
		line[i] = (i*7919)%1000 + i/100
	}
	p, _ := open(t, func(st *st.Ctx) {
		n := 0
		if st.Checkbox("One") {
			n++
		}
		if st.Checkbox("Two") {
			n++
		}
		for range n {
			st.ECharts(threeSeries())
		}
		if st.Checkbox("Big") {
			st.ECharts(map[string]any{
				"animation": false,
				"xAxis":     map[string]any{"type": "category"},
				"yAxis":     map[string]any{"type": "value"},
				"dataZoom":  []any{map[string]any{"type": "inside"}, map[string]any{}},
				"series":    []any{map[string]any{"type": "line", "sampling": "lttb", "showSymbol": false, "data": line}},
			})
		}
	})
	p.SetTimeout(3 * browsertest.Timeout)
	painted := func(label string, n int) float64 {
		return browsertest.Eval[float64](p, fmt.Sprintf(`(async () => {
			const t0 = performance.now();
			__bt.control(%s).click();
			await new Promise((resolve) => {
				const drawn = () => document.querySelectorAll(".echarts [aria-label]").length === %d;
				if (drawn()) return resolve();
				new MutationObserver((_, o) => { if (drawn()) { o.disconnect(); resolve(); } }).observe(document.body, { subtree: true, childList: true, attributes: true });
			});
			await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))); // painted
			return performance.now() - t0;
		})()`, browsertest.Q(label), n))
	}
	first := painted("One", 1)
	again := painted("Two", 2)
	before := browsertest.Eval[int](p, `__bt.recvBytes`)
	large := painted("Big", 3)
	bytes := browsertest.Eval[int](p, `__bt.recvBytes`) - before
	sizes := browsertest.Eval[[]float64](p, library+`.map((e) => [e.encodedBodySize, e.decodedBodySize, e.responseEnd - e.startTime])[0]`)
	t.Logf("st.ECharts: library %.0f bytes gzipped (%.0f plain), fetched in %.0f ms; click to first chart painted %.0f ms (library fetched and parsed), to a second %.0f ms; a %d-point line: %d bytes on the websocket, click to painted %.0f ms",
		sizes[0], sizes[1], sizes[2], first, again, big, bytes, large)
}

// Text in the data is text: ECharts' tooltip, which it builds as HTML,
// escapes a series' and a category's name, with its default formatter and
// with a template one. (No script could run anyway: script-src 'self'.)
func TestEChartsTooltipEscapesTheData(t *testing.T) {
	t.Parallel()
	const name = `<b class="injected">north</b>`
	for _, formatter := range []any{nil, "{a}: {b} = {c}"} {
		p, _ := open(t, func(st *st.Ctx) {
			tooltip := map[string]any{"trigger": "axis"}
			if formatter != nil {
				tooltip["formatter"] = formatter
			}
			st.ECharts(map[string]any{
				"animation": false,
				"tooltip":   tooltip,
				"xAxis":     map[string]any{"type": "category", "data": []string{`<i class="injected">Q1</i>`, "Q2", "Q3"}},
				"yAxis":     map[string]any{"type": "value"},
				"series":    []any{map[string]any{"name": name, "type": "bar", "data": []int{3, 5, 4}}},
			})
		})
		p.WaitFor("the chart", `document.querySelector(".echarts [aria-label]")`)
		box := browsertest.Eval[[]float64](p, `(() => {
			const r = document.querySelector(".echarts canvas").getBoundingClientRect();
			return [r.left, r.top, r.width, r.height];
		})()`)
		// The first category's band, left of the middle.
		p.Do("hover Q1", chromedp.MouseEvent(chromedp.MouseMoved, box[0]+box[2]*0.25, box[1]+box[3]*0.5))
		p.WaitFor("the tooltip", `[...document.querySelectorAll(".echarts div")].some((d) => d.innerText.includes("north") && d.style.position === "absolute")`)
		if n := browsertest.Eval[int](p, `document.querySelectorAll(".echarts .injected").length`); n != 0 {
			t.Errorf("formatter %v: the data's markup became %d elements", formatter, n)
		}
		if !p.HasText(name) {
			t.Errorf("formatter %v: the tooltip does not show the series name as text", formatter)
		}
	}
}
