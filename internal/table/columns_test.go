package table

import (
	"reflect"
	"testing"
	"time"
)

func TestFromColumns(t *testing.T) {
	ids := []int64{3, 1, 2}
	names := []string{"c", "a"}
	day := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	f, err := FromColumns([]Column{
		{Name: "id", Type: reflect.TypeFor[int64](), Len: len(ids), Value: func(i int) any { return ids[i] }},
		{Name: "name", Type: reflect.TypeFor[string](), Len: len(names), Value: func(i int) any { return names[i] }},
		{Name: "at", Len: 3, Value: func(i int) any {
			if i == 1 {
				return nil
			}
			return day.AddDate(0, 0, i)
		}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := []Kind{Number, Text, Time}; !reflect.DeepEqual(f.Kinds, want) {
		t.Errorf("kinds %v, want %v (the last one scanned)", f.Kinds, want)
	}
	if f.Len() != 3 {
		t.Errorf("%d rows, want the longest column's 3", f.Len())
	}
	_, index, rows := f.Window(Query{Sort: 0}, 0, 3)
	want := [][]any{{int64(1), "a", nil}, {int64(2), nil, day.AddDate(0, 0, 2)}, {int64(3), "c", day}}
	if !reflect.DeepEqual(index, []int{1, 2, 0}) || !reflect.DeepEqual(rows, want) {
		t.Errorf("sorted by id: rows %v %v, want [1 2 0] %v", index, rows, want)
	}
}

func TestFromColumnsRefusesAColumnWithoutValues(t *testing.T) {
	if _, err := FromColumns([]Column{{Name: "x", Len: 1}}); err == nil {
		t.Error("a column without a Value func made a Frame")
	}
	if _, err := FromColumns([]Column{{Name: "x", Len: -1, Value: func(int) any { return nil }}}); err == nil {
		t.Error("a column of -1 rows made a Frame")
	}
}
