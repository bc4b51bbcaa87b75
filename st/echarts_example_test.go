package st_test

import (
	"encoding/json"
	"fmt"

	"github.com/gost-dev/gost/st"
	"github.com/gost-dev/gost/sttest"
)

// An ECharts option written as Go maps reaches the page as the option's
// JSON, for ECharts' setOption.
func ExampleCtx_ECharts() {
	app := sttest.Run(nil, func(st *st.Ctx) {
		st.ECharts(map[string]any{
			"xAxis":  map[string]any{"type": "category", "data": []string{"Mon", "Tue", "Wed"}},
			"yAxis":  map[string]any{"type": "value"},
			"series": []any{map[string]any{"type": "bar", "data": []int{3, 5, 4}}},
		}, st.Height(300))
	})
	chart := app.All("echarts")[0]
	option, _ := json.Marshal(chart.Props["option"])
	fmt.Println(string(option))
	fmt.Println("height", chart.Props["height"])
	// Output:
	// {"series":[{"data":[3,5,4],"type":"bar"}],"xAxis":{"data":["Mon","Tue","Wed"],"type":"category"},"yAxis":{"type":"value"}}
	// height 300
}
