package table

import (
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"
)

type city struct {
	Name       string
	Population int     `json:"population"`
	Secret     string  `json:"-"`
	Area       float64 `json:"area_km2,omitempty"`
	hidden     bool
}

func TestFrom(t *testing.T) {
	day := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	n := 3
	tests := []struct {
		name string
		data any
		want Table
	}{
		{"structs", []city{{"Oslo", 700000, "x", 454, true}, {"Bergen", 290000, "", 465, false}},
			Table{[]string{"Name", "population", "area_km2"}, [][]any{{"Oslo", 700000, 454.0}, {"Bergen", 290000, 465.0}}}},
		{"pointers to structs, nil ones empty", []*city{{Name: "Oslo"}, nil},
			Table{[]string{"Name", "population", "area_km2"}, [][]any{{"Oslo", 0, 0.0}, {nil, nil, nil}}}},
		{"maps, keys sorted", []map[string]any{{"b": 1, "a": "x"}, {"c": true}},
			Table{[]string{"a", "b", "c"}, [][]any{{"x", 1, nil}, {nil, nil, true}}}},
		{"columns", map[string][]float64{"y": {1, 2, 3}, "x": {10, 20}},
			Table{[]string{"x", "y"}, [][]any{{10.0, 1.0}, {20.0, 2.0}, {nil, 3.0}}}},
		{"slices", [][]int{{1, 2}, {3}},
			Table{[]string{"0", "1"}, [][]any{{1, 2}, {3, nil}}}},
		{"values", []string{"a", "b"},
			Table{[]string{"value"}, [][]any{{"a"}, {"b"}}}},
		{"times are values, not structs", []time.Time{day},
			Table{[]string{"value"}, [][]any{{day}}}},
		{"pointer cells", []struct{ N *int }{{&n}, {nil}},
			Table{[]string{"N"}, [][]any{{3}, {nil}}}},
		{"NaN and infinity are empty", []float64{math.NaN(), math.Inf(1), 1.5},
			Table{[]string{"value"}, [][]any{{nil}, {nil}, {1.5}}}},
		{"nil", nil, Table{}},
		{"empty slice", []city{}, Table{[]string{"Name", "population", "area_km2"}, [][]any{}}},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			got, err := From(test.data)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, test.want) {
				t.Errorf("got %#v\nwant %#v", got, test.want)
			}
			if _, err := json.Marshal(got); err != nil {
				t.Errorf("does not encode: %v", err)
			}
		})
	}
}

func TestFromRefuses(t *testing.T) {
	for _, data := range []any{42, "text", map[int][]int{1: {2}}, map[string]int{"a": 1}} {
		if _, err := From(data); err == nil || !strings.Contains(err.Error(), "table") {
			t.Errorf("From(%#v): %v, want an error that says why", data, err)
		}
	}
}

func TestNumeric(t *testing.T) {
	tab, _ := From([]map[string]any{{"n": 1, "f": 1.5, "s": "x", "mixed": 1}, {"n": nil, "f": 2, "s": "y", "mixed": "z"}})
	for col, want := range map[string]bool{"n": true, "f": true, "s": false, "mixed": false} {
		if got := tab.Numeric(tab.Column(col)); got != want {
			t.Errorf("Numeric(%s) = %v, want %v", col, got, want)
		}
	}
}
