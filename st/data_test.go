package st_test

import (
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/gost-dev/gost/st"
	"github.com/gost-dev/gost/sttest"
)

func TestMetric(t *testing.T) {
	tests := []struct {
		name  string
		draw  func(st *st.Ctx)
		props map[string]any // the props that must be as given
	}{
		// A normal color is absent: the page reads no color as normal
		// (docs/protocol.md; internal/browsertest shows it green).
		{"no delta", func(st *st.Ctx) { st.Metric("Users", 42) },
			map[string]any{"label": "Users", "value": "42", "delta": nil, "direction": nil, "color": nil}},
		{"normal color", func(st *st.Ctx) { st.Metric("Users", 42, st.Delta(1), st.DeltaColor("normal")) },
			map[string]any{"delta": "1", "direction": "up", "color": nil}},
		{"nil value", func(st *st.Ctx) { st.Metric("Users", nil) },
			map[string]any{"value": "—"}},
		{"numeric delta up", func(st *st.Ctx) { st.Metric("Temp", "21 °C", st.Delta(1.5)) },
			map[string]any{"delta": "1.5", "direction": "up"}},
		{"numeric delta down", func(st *st.Ctx) { st.Metric("Temp", 21, st.Delta(-2)) },
			map[string]any{"delta": "-2", "direction": "down"}},
		{"text delta down", func(st *st.Ctx) { st.Metric("Cost", "$5", st.Delta(" -3 %"), st.DeltaColor("inverse")) },
			map[string]any{"delta": "-3 %", "direction": "down", "color": "inverse"}},
		{"text delta up", func(st *st.Ctx) { st.Metric("Cost", "$5", st.Delta("+3 %"), st.DeltaColor("off")) },
			map[string]any{"delta": "+3 %", "direction": "up", "color": "off"}},
		{"zero is up, as in Streamlit", func(st *st.Ctx) { st.Metric("N", 1, st.Delta(0)) },
			map[string]any{"delta": "0", "direction": "up"}},
		{"help", func(st *st.Ctx) { st.Metric("N", 1, st.Help("how many")) },
			map[string]any{"help": "how many"}},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			app := sttest.Run(t, test.draw)
			m := app.All("metric")
			if len(m) != 1 {
				t.Fatalf("page %s, want one metric", app)
			}
			for k, want := range test.props {
				if got := m[0].Props[k]; got != want {
					t.Errorf("%s = %#v, want %#v", k, got, want)
				}
			}
		})
	}
}

func TestMetricRejectsUnknownDeltaColor(t *testing.T) {
	app := sttest.Run(t, func(st *st.Ctx) { st.Metric("N", 1, st.DeltaColor("green")) })
	ex := app.All("exception")
	if len(ex) != 1 || !strings.Contains(ex[0].Text(), `DeltaColor("green")`) || len(app.All("metric")) != 0 {
		t.Errorf("page %s, want an exception naming DeltaColor(\"green\") and no metric", app)
	}
}

type city struct {
	Name       string  `json:"name"`
	Population int     `json:"population"`
	Area       float64 `json:"area"`
}

func TestTableAndDataframe(t *testing.T) {
	cities := []city{{"Oslo", 709000, 454.0}, {"Bergen", 291000, math.NaN()}}
	for _, kind := range []string{"table", "dataframe"} {
		t.Run(kind, func(t *testing.T) {
			app := sttest.Run(t, func(st *st.Ctx) {
				if kind == "table" {
					st.Table(cities)
				} else {
					st.Dataframe(cities)
				}
			})
			nodes := app.All(kind)
			if len(nodes) != 1 {
				t.Fatalf("page %s, want one %s", app, kind)
			}
			p := nodes[0].Props
			want := map[string]any{
				"columns": []any{"name", "population", "area"},
				"rows":    []any{[]any{"Oslo", 709000.0, 454.0}, []any{"Bergen", 291000.0, nil}},
				"numeric": []any{false, true, true},
			}
			for k, w := range want {
				if !reflect.DeepEqual(p[k], w) {
					t.Errorf("%s = %#v, want %#v", k, p[k], w)
				}
			}
		})
	}
}

func TestTableShowsBadData(t *testing.T) {
	app := sttest.Run(t, func(st *st.Ctx) {
		st.Table(42)
		st.Dataframe(map[string]int{"a": 1})
		st.Text("still here")
	})
	ex := app.All("exception")
	if len(ex) != 2 || !strings.Contains(ex[0].Text(), "st.Table") || !strings.Contains(ex[1].Text(), "st.Dataframe") || !app.Contains("still here") {
		t.Errorf("page %s, want an exception for each and the run going on", app)
	}
}

func TestProgress(t *testing.T) {
	tests := []struct {
		value   any
		want    float64
		wantErr string
	}{
		{40, 0.4, ""},
		{0, 0, ""},
		{100, 1, ""},
		{uint8(50), 0.5, ""},
		{0.25, 0.25, ""},
		{float32(1), 1, ""},
		{101, 0, "not a percentage"},
		{-1, 0, "not a percentage"},
		{1.5, 0, "not a fraction"},
		{"half", 0, "want an int percentage"},
	}
	for _, test := range tests {
		app := sttest.Run(t, func(st *st.Ctx) { st.Progress(test.value, "Loading", "data") })
		if test.wantErr != "" {
			ex := app.All("exception")
			if len(ex) != 1 || !strings.Contains(ex[0].Text(), test.wantErr) {
				t.Errorf("Progress(%#v): page %s, want an exception saying %q", test.value, app, test.wantErr)
			}
			continue
		}
		p := app.All("progress")
		if len(p) != 1 || p[0].Props["value"] != test.want || p[0].Props["text"] != "Loading data" {
			t.Errorf("Progress(%#v): page %v, want value %v and text Loading data", test.value, app, test.want)
		}
	}
}

func TestTableShowsTimes(t *testing.T) {
	type event struct {
		At time.Time `json:"at"`
	}
	app := sttest.Run(t, func(st *st.Ctx) {
		st.Table([]event{{time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)}, {time.Date(2026, 11, 26, 14, 5, 9, 0, time.UTC)}})
	})
	rows := app.All("table")[0].Props["rows"]
	if fmt.Sprint(rows) != "[[2026-11-26] [2026-11-26 14:05:09]]" {
		t.Errorf("times show as %v, want a date at midnight, else date and time", rows)
	}
}

func TestTooLargeElementShowsAnError(t *testing.T) {
	rows := make([]string, 100_000)
	for i := range rows {
		rows[i] = strings.Repeat("x", 100)
	}
	// st.Table sends every row; st.Dataframe keeps big tables on the
	// server (TestBigDataframeStaysOnTheServer).
	app := sttest.Run(t, func(st *st.Ctx) {
		st.Table(rows)
		st.Text("still here")
	})
	ex := app.All("exception")
	if len(ex) != 1 || !strings.Contains(ex[0].Text(), "more than gost sends for one element") || len(app.All("table")) != 0 || !app.Contains("still here") {
		t.Errorf("page %s, want an error in the dataframe's place and the run going on", app)
	}
}

func TestCellThatCannotBeSentShowsAnError(t *testing.T) {
	app := sttest.Run(t, func(st *st.Ctx) {
		st.Table([]struct{ Done func() }{{func() {}}})
		st.Text("still here")
	})
	ex := app.All("exception")
	if len(ex) != 1 || !strings.Contains(ex[0].Text(), "unsupported type") || !app.Contains("still here") {
		t.Errorf("page %s, want an error saying the cell's type cannot be sent, and the run going on", app)
	}
}
