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
	}, {
		name: "an area chart has the line chart's props",
		draw: func(st *st.Ctx) { st.AreaChart(sales, st.X("Day"), st.Y("Units")) },
		want: `{"kind":"area","series":[{"name":"Units","values":[3,5]}],"x":{"name":"Day","type":"category","values":["Mon","Tue"]}}`,
	}, {
		name: "Color gives each series its colour",
		draw: func(st *st.Ctx) { st.LineChart(sales, st.Color("#ff0000", "teal")) },
		want: `{"kind":"line","series":[{"color":"#ff0000","name":"Units","values":[3,5]},{"color":"teal","name":"Price","values":[1.5,2]}],"x":null}`,
	}, {
		name: "Color naming a column splits long data into series, sorted, each with its rows",
		draw: func(st *st.Ctx) {
			st.LineChart([]map[string]any{
				{"day": 1, "shop": "Oslo", "units": 3}, {"day": 1, "shop": "Bergen", "units": 4}, {"day": 2, "shop": "Oslo", "units": 5},
			}, st.X("day"), st.Y("units"), st.Color("shop"))
		},
		want: `{"kind":"line","series":[{"name":"Bergen","rows":[1],"values":[4]},{"name":"Oslo","rows":[0,2],"values":[3,5]}],"x":{"name":"day","type":"number","values":[1,1,2]}}`,
	}, {
		name: "a scatter chart sized by a column, the size column not drawn as y",
		draw: func(st *st.Ctx) {
			st.ScatterChart([]map[string]any{{"area": 1, "pop": 10, "gdp": 5}, {"area": 2, "pop": 30, "gdp": 50}}, st.X("area"), st.Size("gdp"))
		},
		want: `{"kind":"scatter","series":[{"name":"pop","sizes":[5,50],"values":[10,30]}],"size":"gdp","x":{"name":"area","type":"number","values":[1,2]}}`,
	}, {
		name: "a scatter chart with one size for every point",
		draw: func(st *st.Ctx) { st.ScatterChart([]float64{1, 2}, st.Size(80)) },
		want: `{"kind":"scatter","series":[{"name":"value","values":[1,2]}],"size":80,"x":null}`,
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
		{"a colour that is no colour", func(st *st.Ctx) { st.LineChart(sales, st.Color("red;x", "blue")) }, `st.LineChart: color "red;x" is neither a column`},
		{"too few colours", func(st *st.Ctx) { st.LineChart(sales, st.Color("red")) }, "st.LineChart: 1 colours for 2 series"},
		{"size on a line chart", func(st *st.Ctx) { st.LineChart(sales, st.Size(3)) }, "st.LineChart: option Size does not apply"},
		{"size by a text column", func(st *st.Ctx) { st.ScatterChart(sales, st.Size("Day")) }, `st.ScatterChart: column "Day" is not numeric`},
		{"size by an unknown column", func(st *st.Ctx) { st.ScatterChart(sales, st.Size("GDP")) }, `st.ScatterChart: no column "GDP"`},
		{"a size that is no area", func(st *st.Ctx) { st.ScatterChart(sales, st.Size(-2)) }, "st.ScatterChart: point size -2 is not a positive area"},
		{"a size of the wrong type", func(st *st.Ctx) { st.ScatterChart(sales, st.Size(true)) }, "st.ScatterChart: Size takes a column name or a number, not bool"},
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
		if strings.Contains(string(app.Last), `"ops"`) {
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

// A million points go to the browser as a few thousand, picked by LTTB: the
// spike a reader would look for is among them, the x axis says which rows
// they are, and the chart knows how many rows it stands for.
func TestLongSeriesAreDownsampled(t *testing.T) {
	const n = 1_000_000
	ys := make([]float64, n)
	for i := range ys {
		ys[i] = math.Sin(float64(i) / 5000)
	}
	ys[777_777] = 50 // a spike
	ys[500_000] = math.NaN()
	props := chartOf(t, func(st *st.Ctx) { st.LineChart(ys) })
	if len(props) > 64<<10 {
		t.Errorf("a million points cost %d bytes on the wire, want under 64 KiB", len(props))
	}
	var p struct {
		Downsampled int
		X           struct {
			Name, Type string
			Values     []float64
		}
		Series []struct {
			Values []*float64
			Rows   []int
		}
	}
	if err := json.Unmarshal([]byte(props), &p); err != nil {
		t.Fatal(err)
	}
	s := p.Series[0]
	if p.Downsampled != n || len(s.Values) > st.MaxChartPoints+1 || len(s.Values) < st.MaxChartPoints || s.Rows != nil {
		t.Fatalf("downsampled %d, %d values (rows %d); want %d rows drawn as %d points on the x axis",
			p.Downsampled, len(s.Values), len(s.Rows), n, st.MaxChartPoints)
	}
	if p.X.Name != "" || p.X.Type != "number" || len(p.X.Values) != len(s.Values) || p.X.Values[0] != 0 || p.X.Values[len(p.X.Values)-1] != n-1 {
		t.Errorf("x axis %s %q of %d values from %v, want the row numbers kept", p.X.Type, p.X.Name, len(p.X.Values), p.X.Values[:2])
	}
	spike, gap := false, false
	for k, row := range p.X.Values {
		spike = spike || (row == 777_777 && s.Values[k] != nil && *s.Values[k] == 50)
		gap = gap || (row == 500_000 && s.Values[k] == nil)
	}
	if !spike || !gap {
		t.Errorf("spike kept: %v, gap kept: %v; want both", spike, gap)
	}
}

// Short series and scatter charts are sent whole; with two long series the
// x axis holds the rows either kept, and each says which are its own.
func TestDownsamplingOnlyWhatIsLong(t *testing.T) {
	const max = st.MaxChartPoints
	long := make([]float64, 3*max)
	for i := range long {
		long[i] = float64(i % 7)
	}
	for _, tc := range []struct {
		name        string
		draw        func(st *st.Ctx)
		downsampled bool
	}{
		{"a short line", func(st *st.Ctx) { st.LineChart(long[:max]) }, false},
		{"a long scatter chart", func(st *st.Ctx) { st.ScatterChart(long) }, false},
		{"a long bar chart", func(st *st.Ctx) { st.BarChart(long) }, false},
		{"a long area chart", func(st *st.Ctx) { st.AreaChart(long) }, true},
		{"two long lines", func(st *st.Ctx) { st.LineChart(map[string][]float64{"a": long, "b": long[1:]}) }, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var p struct {
				Downsampled int
				X           *struct{ Values []float64 }
				Series      []struct {
					Values []*float64
					Rows   []int
				}
			}
			if err := json.Unmarshal([]byte(chartOf(t, tc.draw)), &p); err != nil {
				t.Fatal(err)
			}
			if (p.Downsampled > 0) != tc.downsampled {
				t.Fatalf("downsampled %d, want %v", p.Downsampled, tc.downsampled)
			}
			for _, s := range p.Series {
				switch {
				case !tc.downsampled && len(s.Values) != len(long) && len(s.Values) != max:
					t.Errorf("a series sent whole has %d values", len(s.Values))
				case tc.downsampled && values(s.Values) > max:
					t.Errorf("a downsampled series has %d values", values(s.Values))
				case s.Rows != nil && len(s.Rows) != len(s.Values):
					t.Errorf("%d rows for %d values", len(s.Rows), len(s.Values))
				}
				for _, r := range s.Rows {
					if p.X == nil || r >= len(p.X.Values) {
						t.Fatalf("a series points at row %d beyond the x axis", r)
					}
				}
			}
		})
	}
}

// values counts the values that are not gaps.
func values(vs []*float64) (n int) {
	for _, v := range vs {
		if v != nil {
			n++
		}
	}
	return n
}
