package st

import (
	"math"
	"reflect"
	"slices"
	"strings"

	"github.com/gost-dev/gost/internal/table"
)

// A frame is the data a chart reads, by row i and column j. Most data is
// read through internal/table, a row of Go values at a time; numbers given
// as columns ([]float64, map[string][]int, …), the shape of long series,
// are read where they are, since boxing a million numbers into table cells
// cost more than the rest of the chart (BENCHMARKS.md).
type frame interface {
	columns() []string
	rows() int
	float(i, j int) (float64, bool) // the cell as a number, if it is one
	cell(i, j int) any              // the cell's Go value; nil when empty
}

func frameOf(data any) (frame, error) {
	if f, ok := numberColumns(data); ok {
		return f, nil
	}
	t, err := table.From(data)
	return tableFrame{t}, err
}

type tableFrame struct{ t table.Table }

func (f tableFrame) columns() []string              { return f.t.Columns }
func (f tableFrame) rows() int                      { return len(f.t.Rows) }
func (f tableFrame) cell(i, j int) any              { return f.t.Rows[i][j] }
func (f tableFrame) float(i, j int) (float64, bool) { return table.Float(f.t.Rows[i][j]) }

// numberFrame is a frame of numeric columns; NaN is an empty cell, as
// internal/table makes NaN and the infinities.
type numberFrame struct {
	names []string
	cols  [][]float64
	n     int
}

func (f numberFrame) columns() []string { return f.names }
func (f numberFrame) rows() int         { return f.n }

func (f numberFrame) float(i, j int) (float64, bool) {
	if c := f.cols[j]; i < len(c) && !math.IsNaN(c[i]) && !math.IsInf(c[i], 0) {
		return c[i], true
	}
	return 0, false
}

func (f numberFrame) cell(i, j int) any {
	if v, ok := f.float(i, j); ok {
		return v
	}
	return nil
}

// numberColumns reads a slice of numbers (one column, "value", as
// internal/table names it) or a map from names to slices of numbers.
// Types with methods, a time.Duration or a type that marshals itself, are
// left to internal/table, which shows them as they show themselves.
func numberColumns(data any) (numberFrame, bool) {
	v := reflect.ValueOf(data)
	switch {
	case v.Kind() == reflect.Slice && plainNumber(v.Type().Elem()):
		return numberFrame{names: []string{"value"}, cols: [][]float64{floats(v)}, n: v.Len()}, true
	case v.Kind() == reflect.Map && v.Type().Key().Kind() == reflect.String &&
		v.Type().Elem().Kind() == reflect.Slice && plainNumber(v.Type().Elem().Elem()):
		f := numberFrame{}
		for it := v.MapRange(); it.Next(); {
			f.names = append(f.names, it.Key().String())
		}
		slices.SortFunc(f.names, strings.Compare)
		for _, name := range f.names {
			col := v.MapIndex(reflect.ValueOf(name).Convert(v.Type().Key()))
			f.cols = append(f.cols, floats(col))
			f.n = max(f.n, col.Len())
		}
		return f, true
	}
	return numberFrame{}, false
}

func plainNumber(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return t.NumMethod() == 0
	}
	return false
}

// floats copies a slice of numbers as float64s; a []float64 without
// reflection per element.
func floats(v reflect.Value) []float64 {
	if fs, ok := v.Interface().([]float64); ok {
		return fs
	}
	out := make([]float64, v.Len())
	for i := range out {
		switch v.Type().Elem().Kind() {
		case reflect.Float32, reflect.Float64:
			out[i] = v.Index(i).Float()
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			out[i] = float64(v.Index(i).Uint())
		default:
			out[i] = float64(v.Index(i).Int())
		}
	}
	return out
}

// columnIndex returns the index of the column named name, or -1.
func columnIndex(f frame, name string) int { return slices.Index(f.columns(), name) }

// numeric reports whether column j holds numbers and empty cells only,
// and at least one number, as table.Table.Numeric does.
func numeric(f frame, j int) bool {
	found := false
	for i := range f.rows() {
		if _, ok := f.float(i, j); ok {
			found = true
		} else if f.cell(i, j) != nil {
			return false
		}
	}
	return found
}
