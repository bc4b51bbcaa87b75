package st_test

import (
	"fmt"

	"github.com/gost-dev/gost/st"
	"github.com/gost-dev/gost/sttest"
)

// Color naming a column splits data in long form, a row per point, into
// series; Size sizes each point by another column.
func ExampleCtx_ScatterChart() {
	type city struct {
		Country string
		Area    float64
		People  float64
		GDP     float64
	}
	app := sttest.Run(nil, func(st *st.Ctx) {
		st.ScatterChart([]city{{"NO", 1, 10, 1}, {"SE", 3, 15, 9}, {"NO", 2, 20, 4}},
			st.X("Area"), st.Y("People"), st.Color("Country"), st.Size("GDP"))
	})
	for _, s := range app.All("chart")[0].Props["series"].([]any) {
		s := s.(map[string]any)
		fmt.Println(s["name"], "rows", s["rows"], "people", s["values"], "GDP", s["sizes"])
	}
	// Output:
	// NO rows [0 2] people [10 20] GDP [1 4]
	// SE rows [1] people [15] GDP [9]
}

// A long series is downsampled on the server: the chart gets at most
// MaxChartPoints of it, and the number of rows it stands for.
func ExampleCtx_AreaChart() {
	load := make([]float64, 100_000)
	for i := range load {
		load[i] = float64(i % 24)
	}
	app := sttest.Run(nil, func(st *st.Ctx) { st.AreaChart(load) })
	props := app.All("chart")[0].Props
	series := props["series"].([]any)[0].(map[string]any)
	fmt.Println(props["downsampled"], "rows sent as", len(series["values"].([]any)), "points")
	// Output: 100000 rows sent as 2000 points
}
