package st_test

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/gost-dev/gost/st"
	"github.com/gost-dev/gost/sttest"
)

type sale struct {
	Day   string
	Units int
	Price float64
	Note  string `json:"note"`
}

var sales = []sale{{"Mon", 3, 1.5, "a"}, {"Tue", 5, 2, "b"}}

// chartOf draws one chart of data and returns its props as JSON, which is
// what the browser gets, or fails if the page shows anything else.
func chartOf(t *testing.T, draw func(st *st.Ctx)) string {
	t.Helper()
	app := sttest.Run(t, draw)
	charts := app.All("chart")
	// The other elements are the two blocks, main and sidebar.
	if len(charts) != 1 || len(app.All()) != 3 {
		t.Fatalf("page shows %v (%d elements), want one chart", app, len(app.All()))
	}
	b, err := json.Marshal(charts[0].Props)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestChartProps(t *testing.T) {
	day := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		draw func(st *st.Ctx)
		want string // props, keys sorted as sttest decodes them
	}{{
		name: "map of columns: series by sorted name over the index",
		draw: func(st *st.Ctx) { st.LineChart(map[string][]float64{"b": {1, 2}, "a": {3, 4.5}}) },
		want: `{"kind":"line","series":[{"name":"a","values":[3,4.5]},{"name":"b","values":[1,2]}],"x":null}`,
	}, {
		name: "structs: every numeric field is a series, text is left out",
		draw: func(st *st.Ctx) { st.BarChart(sales) },
		want: `{"kind":"bar","series":[{"name":"Units","values":[3,5]},{"name":"Price","values":[1.5,2]}],"x":null}`,
	}, {
		name: "X names the categories",
		draw: func(st *st.Ctx) { st.BarChart(sales, st.X("Day")) },
		want: `{"kind":"bar","series":[{"name":"Units","values":[3,5]},{"name":"Price","values":[1.5,2]}],"x":{"name":"Day","type":"category","values":["Mon","Tue"]}}`,
	}, {
		name: "Y picks and orders the series",
		draw: func(st *st.Ctx) { st.LineChart(sales, st.X("Day"), st.Y("Price", "Units")) },
		want: `{"kind":"line","series":[{"name":"Price","values":[1.5,2]},{"name":"Units","values":[3,5]}],"x":{"name":"Day","type":"category","values":["Mon","Tue"]}}`,
	}, {
		name: "a numeric X is a number axis and no series",
		draw: func(st *st.Ctx) { st.LineChart(sales, st.X("Units")) },
		want: `{"kind":"line","series":[{"name":"Price","values":[1.5,2]}],"x":{"name":"Units","type":"number","values":[3,5]}}`,
	}, {
		name: "times are a time axis in RFC 3339",
		draw: func(st *st.Ctx) {
			st.LineChart([]map[string]any{{"t": day, "v": 1}, {"t": day.Add(36 * time.Hour), "v": 2}}, st.X("t"))
		},
		want: `{"kind":"line","series":[{"name":"v","values":[1,2]}],"x":{"name":"t","type":"time","values":["2024-03-01T00:00:00Z","2024-03-02T12:00:00Z"]}}`,
	}, {
		name: "NaN, infinities and missing cells are null gaps",
		draw: func(st *st.Ctx) {
			st.LineChart(map[string][]float64{"a": {1, math.NaN(), 3, math.Inf(1)}, "b": {7}})
		},
		want: `{"kind":"line","series":[{"name":"a","values":[1,null,3,null]},{"name":"b","values":[7,null,null,null]}],"x":null}`,
	}, {
		name: "a slice of numbers is one series named value",
		draw: func(st *st.Ctx) { st.LineChart([]int{4, -2, 1e9}) },
		want: `{"kind":"line","series":[{"name":"value","values":[4,-2,1000000000]}],"x":null}`,
	}, {
		name: "no rows is an empty chart, not an error",
		draw: func(st *st.Ctx) { st.LineChart([]sale{}) },
		want: `{"kind":"line","series":[],"x":null}`,
	}, {
		name: "tiny and huge numbers stay numbers",
		draw: func(st *st.Ctx) { st.LineChart([]float64{1e-9, 2e21}) },
		want: `{"kind":"line","series":[{"name":"value","values":[1e-9,2e+21]}],"x":null}`,
	}} {
		t.Run(tc.name, func(t *testing.T) {
			if got := chartOf(t, tc.draw); got != tc.want {
				t.Errorf("props\n got %s\nwant %s", got, tc.want)
			}
		})
	}
}

func TestChartErrorsAreShown(t *testing.T) {
	for _, tc := range []struct {
		name string
		draw func(st *st.Ctx)
		want string
	}{
		{"data that is no table", func(st *st.Ctx) { st.LineChart(42) }, "st.LineChart: cannot show a int as a table"},
		{"unknown X", func(st *st.Ctx) { st.BarChart(sales, st.X("Month")) }, `st.BarChart: no column "Month" (columns: Day, Units, Price, note)`},
		{"unknown Y", func(st *st.Ctx) { st.LineChart(sales, st.Y("Units", "Cost")) }, `st.LineChart: no column "Cost"`},
		{"text as Y", func(st *st.Ctx) { st.LineChart(sales, st.Y("note")) }, `st.LineChart: column "note" is not numeric`},
		{"nothing numeric", func(st *st.Ctx) { st.BarChart([]string{"a", "b"}) }, "st.BarChart: no numeric column to draw (columns: value)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			app := sttest.Run(t, tc.draw)
			ex := app.All("exception")
			if len(ex) != 1 || !strings.Contains(ex[0].Text(), tc.want) {
				t.Fatalf("page shows %v, want one exception containing %q", app, tc.want)
			}
			if n := len(app.All("chart")); n != 0 {
				t.Errorf("page shows %d charts beside the error, want none", n)
			}
			if app.Status != "ok" {
				t.Errorf("run ended %s, want ok: a bad chart is no panic", app.Status)
			}
		})
	}
}

// A chart of the same data must cost nothing on a rerun: its props are
// byte for byte the same, so the diff sends no op. Maps are where an
// unstable order would show.
func TestUnchangedChartSendsNothing(t *testing.T) {
	cols := map[string][]float64{}
	for _, name := range strings.Fields("q w e r t y u i o p a s d f g h j k l") {
		cols[name] = []float64{1, math.NaN(), 0.1, 3}
	}
	rows := []map[string]any{{"x": "a", "m": 1, "n": 2}, {"x": "b", "n": 3, "o": 4}}
	app := sttest.Run(t, func(st *st.Ctx) {
		st.LineChart(cols)
		st.BarChart(rows, st.X("x"))
		st.Button("Again")
	})
	for range 3 {
		app.Click("Again")
		if !strings.Contains(string(app.Last), `"ops":[]`) {
			t.Fatalf("a rerun with the same data sent %s, want no ops", app.Last)
		}
	}
}

func TestChangedChartIsUpdatedInPlace(t *testing.T) {
	app := sttest.Run(t, func(st *st.Ctx) {
		n := int(st.Slider("Points", 1, 10, st.Value(2)))
		st.LineChart(make([]float64, n))
	})
	app.Set("slider", "Points", 5)
	if !strings.Contains(string(app.Last), `"op":"props"`) {
		t.Errorf("changing the data sent %s, want a props op", app.Last)
	}
	values := app.All("chart")[0].Props["series"].([]any)[0].(map[string]any)["values"].([]any)
	if len(values) != 5 {
		t.Errorf("chart has %d points after the slider moved to 5", len(values))
	}
}
