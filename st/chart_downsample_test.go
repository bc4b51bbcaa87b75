package st

import (
	"encoding/json"
	"math"
	"slices"
	"testing"

	"github.com/gost-dev/gost/internal/table"
)

func TestLTTB(t *testing.T) {
	t.Parallel()
	line := func(ys ...float64) func(int) (float64, float64) {
		return func(i int) (float64, float64) { return float64(i), ys[i] }
	}
	for _, tc := range []struct {
		name string
		ys   []float64
		n    int
		want []int
	}{
		{"fewer points than asked: all", []float64{1, 2, 3}, 5, []int{0, 1, 2}},
		{"as many as asked: all", []float64{1, 2, 3}, 3, []int{0, 1, 2}},
		// One bucket between the ends: the peak makes the largest triangle.
		{"a peak is kept", []float64{0, 0, 9, 0, 0}, 3, []int{0, 2, 4}},
		{"a trough is kept", []float64{5, 5, 5, -4, 5, 5}, 3, []int{0, 3, 5}},
		// From 7 at 0, the dip at 1 is the largest triangle; from there, the dip at 5 before the 8.
		{"the ends are always kept", []float64{7, 1, 2, 1, 2, 1, 8}, 4, []int{0, 1, 5, 6}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := lttb(len(tc.ys), line(tc.ys...), tc.n); !slices.Equal(got, tc.want) {
				t.Errorf("lttb(%v, %d) = %v, want %v", tc.ys, tc.n, got, tc.want)
			}
		})
	}
}

func TestSampleKeepsGaps(t *testing.T) {
	t.Parallel()
	nan := math.NaN()
	ys := []float64{1, 2, 3, nan, nan, 4, 5, 6, 7, 8, nan, 9}
	order := make([]int, len(ys))
	for i := range order {
		order[i] = i
	}
	keep := sample(order, func(k int) (float64, float64) { return float64(k), ys[k] }, 4)
	// Four points with values, and the first NaN of each gap.
	finite := 0
	for _, k := range keep {
		if !math.IsNaN(ys[k]) {
			finite++
		}
	}
	if finite != 4 || !slices.Contains(keep, 3) || !slices.Contains(keep, 10) || slices.Contains(keep, 4) {
		t.Errorf("kept %v: want 4 points with values and the gaps at 3 and 10", keep)
	}
	if !slices.IsSorted(keep) {
		t.Errorf("kept %v out of order", keep)
	}
}

// BenchmarkMillionPointLineChart is the server's part of drawing a
// 1,000,000-point line chart: reading the data, downsampling, encoding.
func BenchmarkMillionPointLineChart(b *testing.B) {
	ys := make([]float64, 1_000_000)
	for i := range ys {
		ys[i] = math.Sin(float64(i) / 20000)
	}
	for b.Loop() {
		p, err := chartOf("line", ys, &config{})
		if err != nil {
			b.Fatal(err)
		}
		if n := node("chart", "", p); n.Kind != "chart" {
			b.Fatalf("encoded as %s", n.Kind)
		}
	}
}

// Numbers given as columns are read without internal/table, for speed:
// the chart must be the one the table would have made.
func TestNumberColumnsDrawAsTheTableWould(t *testing.T) {
	t.Parallel()
	type celsius float64
	long := make([]float64, 3*MaxChartPoints)
	for i := range long {
		long[i] = math.Cos(float64(i) / 50)
	}
	long[17] = math.NaN()
	for _, tc := range []struct {
		name string
		data any
		cfg  config
	}{
		{"floats", []float64{1, math.NaN(), math.Inf(-1), 2.5}, config{}},
		{"a map of []any is left to the table", map[string][]any{}, config{}},
		{"int columns of unequal length", map[string][]int{"b": {1, 2, 3}, "a": {4}}, config{}},
		{"uint8 and float32", map[string][]uint8{"u": {1, 255}}, config{}},
		{"float32", []float32{0.5, 1e-7}, config{}},
		{"a named number type", []celsius{20.5, 21}, config{}},
		{"x and y among columns", map[string][]float64{"t": {3, 1, 2}, "v": {9, 8, 7}, "w": {1, 1, 1}}, config{x: "t", y: []string{"v"}}},
		{"downsampled", long, config{}},
		{"downsampled over a numeric x", map[string][]float64{"x": long, "y": long}, config{x: "x"}},
		{"empty", []int{}, config{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fast, ok := numberColumns(tc.data)
			if _, isMapOfAny := tc.data.(map[string][]any); isMapOfAny {
				if ok {
					t.Fatal("a map of []any was read as numbers")
				}
				return
			}
			if !ok {
				t.Fatalf("%T not read as number columns", tc.data)
			}
			tab, err := table.From(tc.data)
			if err != nil {
				t.Fatal(err)
			}
			for _, kind := range []string{"line", "bar", "scatter"} {
				want, err1 := chartFrom(kind, tableFrame{tab}, &tc.cfg)
				got, err2 := chartFrom(kind, fast, &tc.cfg)
				a, _ := json.Marshal(want)
				b, _ := json.Marshal(got)
				if err1 != nil || err2 != nil || string(a) != string(b) {
					t.Errorf("%s chart:\n from columns %s (%v)\n from a table %s (%v)", kind, b, err2, a, err1)
				}
			}
		})
	}
}
