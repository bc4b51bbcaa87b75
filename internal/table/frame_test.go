package table

import (
	"fmt"
	"math"
	"reflect"
	"runtime"
	"testing"
	"time"
)

type sale struct {
	ID    int       `json:"id"`
	City  string    `json:"city"`
	Price *float64  `json:"price"`
	Paid  bool      `json:"paid"`
	At    time.Time `json:"at"`
}

func sales() []sale {
	p := func(f float64) *float64 { return &f }
	day := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	return []sale{
		{0, "Oslo", p(3.5), true, day},
		{1, "bergen", nil, false, day.Add(time.Hour)},
		{2, "Tromsø", p(1), true, day.AddDate(0, 0, -1)},
		{3, "Bergen", p(10), false, day},
	}
}

func TestFrameKinds(t *testing.T) {
	tests := []struct {
		name string
		data any
		want []Kind
	}{
		{"structs", sales(), []Kind{Number, Text, Number, Bool, Time}},
		{"maps of any, scanned", []map[string]any{{"a": 1, "b": "x", "c": 1}, {"a": 2.5, "b": nil, "c": "y"}}, []Kind{Number, Text, Other}},
		{"columns", map[string][]float64{"x": {1}, "y": {2}}, []Kind{Number, Number}},
		{"values", []string{"a"}, []Kind{Text}},
	}
	for _, test := range tests {
		f, err := NewFrame(test.data)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(f.Kinds, test.want) {
			t.Errorf("%s: kinds %v, want %v", test.name, f.Kinds, test.want)
		}
	}
}

// A Frame reads the same cells as From converts.
func TestFrameCellsAreFroms(t *testing.T) {
	for _, data := range []any{sales(), []map[string]any{{"b": 1, "a": "x"}, {"c": true}}, map[string][]float64{"y": {1, 2, 3}, "x": {10, 20}}, [][]int{{1, 2}, {3}}} {
		tab, _ := From(data)
		f, err := NewFrame(data)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(f.Columns, tab.Columns) || f.Len() != len(tab.Rows) {
			t.Fatalf("%T: columns %v × %d, want %v × %d", data, f.Columns, f.Len(), tab.Columns, len(tab.Rows))
		}
		for i, row := range tab.Rows {
			for j, c := range row {
				if got := f.Cell(i, j); !reflect.DeepEqual(got, c) {
					t.Errorf("%T: cell %d,%d = %#v, want %#v", data, i, j, got, c)
				}
			}
		}
	}
}

func TestFrameWindow(t *testing.T) {
	f, _ := NewFrame(sales())
	ids := func(q Query, from, to int) string {
		if err := f.Check(q); err != nil {
			t.Fatal(err)
		}
		total, index, rows := f.Window(q, from, to)
		for k, row := range rows {
			if row[0] != index[k] {
				t.Errorf("row %v has index %d", row, index[k])
			}
		}
		return fmt.Sprint(total, index)
	}
	none := Query{Sort: -1}
	tests := []struct {
		name     string
		q        Query
		from, to int
		want     string
	}{
		{"as given", none, 0, 10, "4 [0 1 2 3]"},
		{"a window", none, 1, 3, "4 [1 2]"},
		{"past the end", none, 3, 99, "4 [3]"},
		{"backwards is empty", none, 3, 1, "4 []"},
		{"by price, nil last", Query{Sort: 2}, 0, 4, "4 [2 0 3 1]"},
		{"by price descending, nil still last", Query{Sort: 2, Desc: true}, 0, 4, "4 [3 0 2 1]"},
		{"by city, as text", Query{Sort: 1}, 0, 4, "4 [3 0 2 1]"},
		{"by time, stable", Query{Sort: 4}, 0, 4, "4 [2 0 3 1]"},
		{"by time descending, ties in the data's order", Query{Sort: 4, Desc: true}, 0, 4, "4 [1 0 3 2]"},
		{"filter ignores case", Query{Sort: -1, Filter: []Filter{{1, "BERG"}}}, 0, 9, "2 [1 3]"},
		{"filter compares numbers", Query{Sort: -1, Filter: []Filter{{2, ">= 3.5"}}}, 0, 9, "2 [0 3]"},
		{"filter then sort", Query{Sort: 2, Desc: true, Filter: []Filter{{1, "berg"}}}, 0, 9, "2 [3 1]"},
		{"search every column", Query{Sort: -1, Search: "TRUE"}, 0, 9, "2 [0 2]"},
		{"search text with accents", Query{Sort: -1, Search: "tromsø"}, 0, 9, "1 [2]"},
		{"search times as shown", Query{Sort: -1, Search: "01:00"}, 0, 9, "1 [1]"},
	}
	for _, test := range tests {
		if got := ids(test.q, test.from, test.to); got != test.want {
			t.Errorf("%s: %s, want %s", test.name, got, test.want)
		}
	}
	_, _, rows := f.Window(none, 1, 2)
	ShowRows(rows, nil)
	if rows[0][4] != "2026-11-30 01:00:00" || rows[0][2] != nil {
		t.Errorf("row 1 is sent as %#v, want its time as text and no price", rows[0])
	}
	_, _, rows = f.Window(none, 1, 2)
	if ShowRows(rows, []string{4: "Jan 2 15h"}); rows[0][4] != "Nov 30 01h" {
		t.Errorf("row 1's time in a layout is %#v", rows[0][4])
	}
	for _, q := range []Query{{Sort: 5}, {Sort: -2}, {Sort: -1, Filter: []Filter{{9, "x"}}}} {
		if f.Check(q) == nil {
			t.Errorf("Check(%+v) passed, want an error", q)
		}
	}
}

func TestFrameSortsAMillionRows(t *testing.T) {
	xs := make([]float64, 1_000_000)
	for i := range xs {
		xs[i] = math.Sin(float64(i))
	}
	f, _ := NewFrame(map[string][]float64{"x": xs})
	total, _, rows := f.Window(Query{Sort: 0, Desc: true}, 999_998, 1_000_005)
	if total != 1_000_000 || len(rows) != 2 || rows[0][0].(float64) < rows[1][0].(float64) {
		t.Fatalf("total %d, last rows %v", total, rows)
	}
	_, _, first := f.Window(Query{Sort: 0, Desc: true}, 0, 1)
	if first[0][0].(float64) < 0.9999 {
		t.Errorf("largest sin is %v", first[0][0])
	}
}

func TestSharedIsOnePerSlice(t *testing.T) {
	a := sales()
	f1, _ := Shared(a)
	f2, _ := Shared(a)
	f3, _ := Shared(sales())
	f4, _ := Shared(a[:2])
	if f1 != f2 || f1 == f3 || f1 == f4 {
		t.Errorf("same slice: %v, a copy: %v, a shorter slice: %v; want the same Frame only for the same slice", f1 == f2, f1 == f3, f1 == f4)
	}
	m := map[string][]int{"a": {1}}
	if g1, _ := Shared(m); g1 != must(Shared(m)) {
		t.Error("the same map gave two Frames")
	}
	runtime.KeepAlive(f1)
}

func TestSharedForgetsFramesNoOneShows(t *testing.T) {
	before := sharedFrames()
	for range 10 {
		Shared(sales())
	}
	for range 20 {
		runtime.GC()
		if sharedFrames() <= before {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Errorf("%d frames registered after GC, want %d", sharedFrames(), before)
}

func must(f *Frame, err error) *Frame {
	if err != nil {
		panic(err)
	}
	return f
}

// Descending, made from ascending, is what a descending sort gives.
func TestFrameDescendingIsASort(t *testing.T) {
	vals := make([]*int, 5000)
	texts := make([]any, 5000)
	for i := range vals {
		if i%7 != 0 {
			v := (i * 31) % 97
			vals[i] = &v
			texts[i] = fmt.Sprint(v % 13)
		}
	}
	for _, data := range []any{vals, texts} {
		f, _ := NewFrame(data)
		_, got, _ := f.Window(Query{Sort: 0, Desc: true}, 0, f.Len())
		want := make([]int32, f.Len())
		for i := range want {
			want[i] = int32(i)
		}
		f.sortRows(want, 0, true)
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%T: descending differs from a descending sort", data)
		}
	}
}

type benchRow struct {
	ID   int
	Name string
	X, Y float64
	On   bool
}

func benchRows(n int) []benchRow {
	rows := make([]benchRow, n)
	for i := range rows {
		rows[i] = benchRow{i, fmt.Sprintf("n%d", (i*7919)%n), float64((i * 7919) % n), math.Sin(float64(i)), i%2 == 0}
	}
	return rows
}

// BenchmarkFrameFirstSort is the first sort of a column of a million rows
// of structs: reading the column, then sorting.
func BenchmarkFrameFirstSort(b *testing.B) {
	rows := benchRows(1_000_000)
	for _, col := range []int{2, 1} {
		b.Run(fmt.Sprint("column=", col), func(b *testing.B) {
			for b.Loop() {
				f, _ := NewFrame(rows)
				f.Window(Query{Sort: col}, 0, 100)
			}
		})
	}
}

// BenchmarkFrameFirstSearch is the first search of a million rows of
// structs: every cell read as text.
func BenchmarkFrameFirstSearch(b *testing.B) {
	rows := benchRows(1_000_000)
	for b.Loop() {
		f, _ := NewFrame(rows)
		f.Window(Query{Sort: -1, Search: "n4242"}, 0, 100)
	}
}

func TestRows(t *testing.T) {
	f, _ := NewFrame(sales())
	for _, test := range []struct {
		data any
		want int
	}{
		{sales(), 4}, {&[]int{1, 2}, 2}, {map[string][]int{"a": {1}, "b": {1, 2, 3}}, 3}, {nil, 0},
		{Table{Rows: make([][]any, 5)}, 5}, {&Table{Rows: make([][]any, 6)}, 6}, {f, 4}, {42, -1},
	} {
		if got := Rows(test.data); got != test.want {
			t.Errorf("Rows(%T) = %d, want %d", test.data, got, test.want)
		}
	}
}
