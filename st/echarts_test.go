package st_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/gost-dev/gost/st"
	"github.com/gost-dev/gost/sttest"
)

// fakeGoECharts has the methods of a go-echarts chart that st.ECharts
// calls: Validate fills in what JSON returns, as go-echarts' does.
type fakeGoECharts struct{ series []map[string]any }

func (f *fakeGoECharts) Validate() {
	for _, s := range f.series {
		s["type"] = "bar"
	}
}

func (f *fakeGoECharts) JSON() map[string]any {
	return map[string]any{"series": f.series, "title": map[string]any{"text": "go-echarts"}}
}

func TestEChartsSendsTheOption(t *testing.T) {
	const want = `{"series":[{"data":[1,2,3],"type":"line"}]}`
	type series struct {
		Type string `json:"type"`
		Data []int  `json:"data"`
	}
	for name, tt := range map[string]struct {
		option    any
		height250 bool // with st.Height(250)
		want      string
		height    float64
	}{
		"map": {map[string]any{"series": []any{map[string]any{"type": "line", "data": []int{1, 2, 3}}}}, false, want, 400},
		"struct": {struct {
			Series []series `json:"series"`
		}{[]series{{"line", []int{1, 2, 3}}}}, false, `{"series":[{"type":"line","data":[1,2,3]}]}`, 400},
		"string":          {" \n" + want, false, want, 400},
		"bytes":           {[]byte(want), false, want, 400},
		"json.RawMessage": {json.RawMessage(want), true, want, 250},
		"go-echarts":      {&fakeGoECharts{[]map[string]any{{"data": []int{4}}}}, false, `{"series":[{"data":[4],"type":"bar"}],"title":{"text":"go-echarts"}}`, 400},
	} {
		t.Run(name, func(t *testing.T) {
			app := sttest.Run(t, func(st *st.Ctx) {
				if tt.height250 {
					st.ECharts(tt.option, st.Height(250))
				} else {
					st.ECharts(tt.option)
				}
			})
			charts := app.All("echarts")
			if len(charts) != 1 || len(app.All("exception")) != 0 {
				t.Fatalf("page %s, want one echarts element", app)
			}
			got, _ := json.Marshal(charts[0].Props["option"])
			var norm any
			json.Unmarshal([]byte(tt.want), &norm)
			wantJSON, _ := json.Marshal(norm)
			if string(got) != string(wantJSON) {
				t.Errorf("option %s, want %s", got, wantJSON)
			}
			if h := charts[0].Props["height"]; h != tt.height {
				t.Errorf("height %v, want %v", h, tt.height)
			}
		})
	}
}

// What is not an ECharts option is refused in the page, by st, with the
// call named; what ECharts itself rejects is the browser's to show
// (examples/showcase).
func TestEChartsRefusesWhatIsNoOption(t *testing.T) {
	for name, tt := range map[string]struct {
		option any
		want   string
	}{
		"nil":        {nil, "st.ECharts: option is nil"},
		"not JSON":   {`{"series": [`, "st.ECharts: option is not JSON: unexpected end of JSON input"},
		"an array":   {[]int{1, 2}, "st.ECharts: option is [1,2]; want an ECharts option, a JSON object"},
		"a string":   {`"line"`, `st.ECharts: option is "line"; want an ECharts option`},
		"a function": {map[string]any{"tooltip": map[string]any{"formatter": "__f__function(p){return p.name}__f__"}}, "st.ECharts: option holds a JavaScript function"},
		"a channel":  {map[string]any{"c": make(chan int)}, "st.ECharts: option: json: unsupported type: chan int"},
	} {
		t.Run(name, func(t *testing.T) {
			app := sttest.Run(t, func(st *st.Ctx) {
				st.ECharts(tt.option)
				st.Text("after")
			})
			ex := app.All("exception")
			if len(app.All("echarts")) != 0 || len(ex) != 1 || !strings.HasPrefix(ex[0].Text(), tt.want) {
				t.Errorf("page %s, want one exception starting %q and no chart", app, tt.want)
			}
			if len(app.All("text")) != 1 {
				t.Errorf("page %s: the app did not go on after the bad chart", app)
			}
		})
	}
	app := sttest.Run(t, func(st *st.Ctx) { st.ECharts(`{}`, st.Key("k")) })
	if ex := app.All("exception"); len(ex) != 1 || !strings.Contains(ex[0].Text(), "option Key does not apply (st.ECharts takes Height)") {
		t.Errorf("st.ECharts with Key: page %s, want the option refused", app)
	}
	app = sttest.Run(t, func(st *st.Ctx) { st.ECharts(`{}`, st.Height(-1)) })
	if ex := app.All("exception"); len(ex) != 1 || !strings.Contains(ex[0].Text(), "Height(-1)") {
		t.Errorf("st.ECharts with Height(-1): page %s, want the option refused", app)
	}
}
