package table

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"
)

// A Kind is what a column holds, as the page shows and sorts it.
type Kind uint8

const (
	Other  Kind = iota // shown as text, sorted as text
	Number             // right-aligned, sorted as numbers
	Text
	Bool
	Time
)

var kindNames = [...]string{"other", "number", "text", "bool", "time"}

// String is the kind's name on the wire.
func (k Kind) String() string { return kindNames[k] }

// MarshalText writes the kind's name.
func (k Kind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// A Frame is a table the server keeps so that pages can read it a window
// at a time: a million rows stay on the server, and the browser asks for
// the ones it scrolls to. It reads the app's data where it is (a slice of
// structs is not copied), so every session showing the same slice shares
// one Frame ([Shared]) and the data is held once.
//
// The data must not change once a Frame reads it, the rule of
// st.CacheResource: a Frame is read by the HTTP handlers of many sessions
// at once. Sorts and filters are computed on demand and kept, a few per
// Frame, for every session that asks for the same one.
type Frame struct {
	Columns []string
	Kinds   []Kind
	n       int
	get     func(i, j int) any // row i, column j; safe for concurrent use

	mu    sync.Mutex
	keys  map[int]*sortKey // per column, made on the first sort by it
	views []*view          // the latest queries answered, newest last
}

// maxViews bounds the sorted or filtered orders a Frame keeps: each is 4
// bytes a row.
const maxViews = 8

// Len returns the number of rows.
func (f *Frame) Len() int { return f.n }

// Cell returns row i's value in column j, as [From] would.
func (f *Frame) Cell(i, j int) any { return f.get(i, j) }

// A Shown is a Frame as one element shows it: with the layouts
// (time.Format's) of its time columns, "" for [ShowTime]'s. The Frame is
// shared; a Shown is the element's.
type Shown struct {
	*Frame
	Layouts []string // by column; nil for none
	// Hidden columns are never sent, sorted, filtered or searched: the
	// page has no way to read them.
	Hidden []bool
}

// Show turns the cells of rows into what the page gets: as [ShowRows], and
// nothing of hidden columns.
func (s *Shown) Show(rows [][]any) {
	ShowRows(rows, s.Layouts)
	for _, row := range rows {
		for j, h := range s.Hidden {
			if h {
				row[j] = nil
			}
		}
	}
}

// ShowRows turns the cells of rows into what the page gets: times as text,
// in layouts[j] for column j when set, others as they are.
func ShowRows(rows [][]any, layouts []string) {
	for _, row := range rows {
		for j, c := range row {
			if t, ok := c.(time.Time); ok {
				if j < len(layouts) && layouts[j] != "" {
					row[j] = t.Format(layouts[j])
				} else {
					row[j] = ShowTime(t)
				}
			}
		}
	}
}

// ShowTime writes a time as a table shows it, as Streamlit does: a date
// alone at midnight, else date and time, in the time's own zone. Text in
// this form sorts in time order.
func ShowTime(t time.Time) string {
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
		return t.Format(time.DateOnly)
	}
	return t.Format(time.DateTime)
}

// Rows returns how many rows data has without converting it, or -1 for
// a shape [From] does not take.
func Rows(data any) int {
	switch d := data.(type) {
	case *Frame:
		return d.n
	case Table:
		return len(d.Rows)
	case *Table:
		return len(d.Rows)
	}
	v := indirect(reflect.ValueOf(data))
	switch v.Kind() {
	case reflect.Slice, reflect.Array:
		return v.Len()
	case reflect.Map:
		n := 0
		for it := v.MapRange(); it.Next(); {
			if c := indirect(it.Value()); c.Kind() == reflect.Slice || c.Kind() == reflect.Array {
				n = max(n, c.Len())
			}
		}
		return n
	case reflect.Invalid:
		return 0
	}
	return -1
}

// NewFrame makes a Frame over data, which takes the shapes [From] does,
// or is a Table or a *Frame (returned as it is).
func NewFrame(data any) (*Frame, error) {
	switch d := data.(type) {
	case *Frame:
		return d, nil
	case Table:
		return tableFrame(d), nil
	case *Table:
		return tableFrame(*d), nil
	}
	v := indirect(reflect.ValueOf(data))
	switch v.Kind() {
	case reflect.Slice, reflect.Array:
		return rowsFrame(v)
	case reflect.Map:
		return columnsFrame(v)
	case reflect.Invalid:
		return tableFrame(Table{}), nil
	}
	return nil, fmt.Errorf("cannot show a %s as a table: want a slice of structs, maps or slices, or a map of slices", v.Type())
}

func tableFrame(t Table) *Frame {
	f := &Frame{Columns: t.Columns, n: len(t.Rows), get: func(i, j int) any { return t.Rows[i][j] }}
	f.Kinds = make([]Kind, len(t.Columns))
	for j := range t.Columns {
		f.Kinds[j] = f.scanKind(j)
	}
	return f
}

// rowsFrame reads a slice whose elements are rows, in place.
func rowsFrame(v reflect.Value) (*Frame, error) {
	elem := v.Type().Elem()
	for elem.Kind() == reflect.Pointer {
		elem = elem.Elem()
	}
	f := &Frame{n: v.Len()}
	switch {
	case elem.Kind() == reflect.Struct && !isScalar(elem):
		fields := structFields(elem)
		for _, fd := range fields {
			f.Columns = append(f.Columns, fd.name)
		}
		f.get = func(i, j int) any {
			r := indirect(v.Index(i))
			if !r.IsValid() {
				return nil
			}
			c, err := r.FieldByIndexErr(fields[j].index)
			if err != nil { // through a nil embedded pointer
				return nil
			}
			return cell(c)
		}
		f.Kinds = make([]Kind, len(fields))
		for j, fd := range fields {
			f.Kinds[j] = f.kindOf(elem.FieldByIndex(fd.index).Type, j)
		}
		return f, nil
	case elem.Kind() == reflect.Map && elem.Key().Kind() == reflect.String:
		f.Columns = mapColumns(v)
		keys := make([]reflect.Value, len(f.Columns))
		for j, c := range f.Columns {
			keys[j] = reflect.ValueOf(c).Convert(elem.Key())
		}
		f.get = func(i, j int) any {
			m := indirect(v.Index(i))
			if !m.IsValid() {
				return nil
			}
			return cell(m.MapIndex(keys[j]))
		}
		f.Kinds = make([]Kind, len(f.Columns))
		for j := range f.Columns {
			f.Kinds[j] = f.kindOf(elem.Elem(), j)
		}
		return f, nil
	}
	// Slices of slices and of values are rare at this size: convert.
	t, err := fromRows(v)
	if err != nil {
		return nil, err
	}
	return tableFrame(t), nil
}

// columnsFrame reads a map whose values are columns, in place.
func columnsFrame(v reflect.Value) (*Frame, error) {
	if v.Type().Key().Kind() != reflect.String {
		return nil, fmt.Errorf("cannot show a %s as a table: a map's keys must be strings, the column names", v.Type())
	}
	keys := v.MapKeys()
	slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
	f := &Frame{}
	var cols []reflect.Value
	for _, k := range keys {
		col := indirect(v.MapIndex(k))
		if col.Kind() != reflect.Slice && col.Kind() != reflect.Array {
			return nil, fmt.Errorf("cannot show a %s as a table: column %q is a %s, not a slice", v.Type(), k.String(), col.Kind())
		}
		f.Columns = append(f.Columns, k.String())
		cols = append(cols, col)
		f.n = max(f.n, col.Len())
	}
	f.get = func(i, j int) any {
		if i < cols[j].Len() {
			return cell(cols[j].Index(i))
		}
		return nil
	}
	f.Kinds = make([]Kind, len(cols))
	for j, col := range cols {
		f.Kinds[j] = f.kindOf(col.Type().Elem(), j)
	}
	return f, nil
}

var timeType = reflect.TypeFor[time.Time]()

// kindOf is the kind of column j, whose cells are of type t: known from
// the type, or from the cells when t is an interface.
func (f *Frame) kindOf(t reflect.Type, j int) Kind {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64:
		return Number
	case reflect.String:
		return Text
	case reflect.Bool:
		return Bool
	case reflect.Interface:
		return f.scanKind(j)
	}
	if t == timeType {
		return Time
	}
	return Other
}

// scanKind reads every cell of column j for its kind: one kind for all its
// non-nil cells, else Other. A column of nothing but nils is Other.
func (f *Frame) scanKind(j int) Kind {
	kind, seen := Other, false
	for i := range f.n {
		c := f.get(i, j)
		if c == nil {
			continue
		}
		var k Kind
		switch c.(type) {
		case string:
			k = Text
		case bool:
			k = Bool
		case time.Time:
			k = Time
		default:
			if _, ok := Float(c); ok {
				k = Number
			} else {
				return Other
			}
		}
		if seen && k != kind {
			return Other
		}
		kind, seen = k, true
	}
	return kind
}

// CheckCells reports the first column whose cells cannot be sent to a
// page, reading the first rows: a func or a channel has no JSON.
func (f *Frame) CheckCells(rows int) error {
	for i := range min(rows, f.n) {
		for j := range f.Columns {
			if f.Kinds[j] != Other {
				continue
			}
			if _, err := json.Marshal(f.get(i, j)); err != nil {
				return fmt.Errorf("column %q: %w", f.Columns[j], err)
			}
		}
	}
	return nil
}
