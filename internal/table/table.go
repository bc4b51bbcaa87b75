// Package table turns the Go values an app hands to st.Table,
// st.Dataframe and the charts into columns and rows: what pandas'
// DataFrame is to Streamlit. It accepts the shapes Go data comes in:
//
//   - a slice or array of structs (or pointers to them): a row each, a
//     column per exported field, named by its json tag if it has one;
//   - a slice of maps with string keys: a row each, the keys' union as the
//     columns, sorted;
//   - a map of slices with string keys, such as map[string][]float64: a
//     column each, sorted by name;
//   - a slice of slices: a row each, columns named "0", "1", ...;
//   - a slice of single values: one column, named "value".
//
// Cells keep their Go values; time.Time and other json.Marshalers are
// encoded as they encode themselves when the table is sent. NaN and the
// infinities become empty cells.
package table

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// Table is data as columns and rows.
type Table struct {
	Columns []string `json:"columns"`
	Rows    [][]any  `json:"rows"`
}

// From converts data to a Table, or says why it cannot.
func From(data any) (Table, error) {
	v := reflect.ValueOf(data)
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return Table{}, nil
		}
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.Slice, reflect.Array:
		return fromRows(v)
	case reflect.Map:
		return fromColumns(v)
	case reflect.Invalid:
		return Table{}, nil
	}
	return Table{}, fmt.Errorf("cannot show a %s as a table: want a slice of structs, maps or slices, or a map of slices", v.Type())
}

// fromRows converts a slice whose elements are rows.
func fromRows(v reflect.Value) (Table, error) {
	elem := v.Type().Elem()
	for elem.Kind() == reflect.Pointer {
		elem = elem.Elem()
	}
	t := Table{Rows: make([][]any, 0, v.Len())}
	switch {
	case elem.Kind() == reflect.Struct && !isScalar(elem):
		fields := structFields(elem)
		for _, f := range fields {
			t.Columns = append(t.Columns, f.name)
		}
		for i := range v.Len() {
			row := make([]any, len(fields))
			if r := indirect(v.Index(i)); r.IsValid() {
				for j, f := range fields {
					row[j] = cell(r.FieldByIndex(f.index))
				}
			}
			t.Rows = append(t.Rows, row)
		}
	case elem.Kind() == reflect.Map && elem.Key().Kind() == reflect.String:
		t.Columns = mapColumns(v)
		for i := range v.Len() {
			m := indirect(v.Index(i))
			row := make([]any, len(t.Columns))
			for j, col := range t.Columns {
				if m.IsValid() {
					row[j] = cell(m.MapIndex(reflect.ValueOf(col).Convert(m.Type().Key())))
				}
			}
			t.Rows = append(t.Rows, row)
		}
	case (elem.Kind() == reflect.Slice || elem.Kind() == reflect.Array) && elem.Elem().Kind() != reflect.Uint8:
		width := 0
		for i := range v.Len() {
			width = max(width, indirect(v.Index(i)).Len())
		}
		for j := range width {
			t.Columns = append(t.Columns, strconv.Itoa(j))
		}
		for i := range v.Len() {
			r := indirect(v.Index(i))
			row := make([]any, width)
			for j := range r.Len() {
				row[j] = cell(r.Index(j))
			}
			t.Rows = append(t.Rows, row)
		}
	default:
		t.Columns = []string{"value"}
		for i := range v.Len() {
			t.Rows = append(t.Rows, []any{cell(v.Index(i))})
		}
	}
	return t, nil
}

// fromColumns converts a map whose values are columns.
func fromColumns(v reflect.Value) (Table, error) {
	if v.Type().Key().Kind() != reflect.String {
		return Table{}, fmt.Errorf("cannot show a %s as a table: a map's keys must be strings, the column names", v.Type())
	}
	var t Table
	keys := v.MapKeys()
	slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
	var cols []reflect.Value
	height := 0
	for _, k := range keys {
		col := indirect(v.MapIndex(k))
		if col.Kind() != reflect.Slice && col.Kind() != reflect.Array {
			return Table{}, fmt.Errorf("cannot show a %s as a table: column %q is a %s, not a slice", v.Type(), k.String(), col.Kind())
		}
		t.Columns = append(t.Columns, k.String())
		cols = append(cols, col)
		height = max(height, col.Len())
	}
	t.Rows = make([][]any, height)
	for i := range height {
		row := make([]any, len(cols))
		for j, col := range cols {
			if i < col.Len() {
				row[j] = cell(col.Index(i))
			}
		}
		t.Rows[i] = row
	}
	return t, nil
}

type field struct {
	name  string
	index []int
}

// structFields lists t's exported fields as columns, honouring json tags
// ("-" leaves a field out) and flattening embedded structs, as
// encoding/json does.
func structFields(t reflect.Type) []field {
	var fields []field
	for _, f := range reflect.VisibleFields(t) {
		if !f.IsExported() || f.Anonymous && f.Type.Kind() == reflect.Struct {
			continue
		}
		name := f.Name
		if tag, ok := f.Tag.Lookup("json"); ok {
			n, _, _ := strings.Cut(tag, ",")
			if n == "-" {
				continue
			}
			if n != "" {
				name = n
			}
		}
		fields = append(fields, field{name, f.Index})
	}
	return fields
}

var marshaler = reflect.TypeFor[json.Marshaler]()

// isScalar reports whether a struct type is one value, as time.Time is,
// rather than a row of fields.
func isScalar(t reflect.Type) bool {
	return t.Implements(marshaler) || reflect.PointerTo(t).Implements(marshaler) || t.Implements(reflect.TypeFor[fmt.Stringer]())
}

// mapColumns returns the keys of the maps in v, a slice of maps with
// string keys, once each and sorted: the columns of a table of them.
func mapColumns(v reflect.Value) []string {
	seen := map[string]bool{}
	var cols []string
	for i := range v.Len() {
		for _, k := range indirect(v.Index(i)).MapKeys() {
			if !seen[k.String()] {
				seen[k.String()] = true
				cols = append(cols, k.String())
			}
		}
	}
	slices.Sort(cols)
	return cols
}

func indirect(v reflect.Value) reflect.Value {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return reflect.Value{}
		}
		v = v.Elem()
	}
	return v
}

// cell is a cell's value: the Go value itself, or nil for nothing. NaN
// and the infinities are nothing too: JSON has no numbers for them, and a
// chart leaves a gap.
func cell(v reflect.Value) any {
	v = indirect(v)
	if !v.IsValid() || !v.CanInterface() {
		return nil
	}
	if k := v.Kind(); (k == reflect.Float32 || k == reflect.Float64) && (math.IsNaN(v.Float()) || math.IsInf(v.Float(), 0)) {
		return nil
	}
	return v.Interface()
}

// Numeric reports whether every non-nil cell of column j holds a number.
func (t Table) Numeric(j int) bool {
	any := false
	for _, row := range t.Rows {
		if row[j] == nil {
			continue
		}
		if _, ok := Float(row[j]); !ok {
			return false
		}
		any = true
	}
	return any
}

// Float returns a numeric cell's value as a float64.
func Float(c any) (float64, bool) {
	v := reflect.ValueOf(c)
	switch v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return float64(v.Int()), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return float64(v.Uint()), true
	case reflect.Float32, reflect.Float64:
		return v.Float(), true
	}
	return 0, false
}

// Column returns the index of the column named name, or -1.
func (t Table) Column(name string) int { return slices.Index(t.Columns, name) }
