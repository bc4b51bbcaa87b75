package st

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gost-dev/gost/internal/script"
	"github.com/gost-dev/gost/internal/table"
)

var dataEditor = element{"data_editor", "st.DataEditor", false,
	takes(optKey, optHelp, optDisabled, optWidth, optColumnConfig, optNumRows, optOnChange)}

// maxAddedRows bounds the rows a page may add to a data editor: the
// browser is not trusted, and each row is kept in the session.
const maxAddedRows = 10_000

// Edited is a [Ctx.DataEditor]'s table after the user's changes, and the
// changes, as Streamlit's data editor keeps them in its session state.
type Edited struct {
	Columns []string
	// Rows are the data with the changes: cells edited, rows deleted left
	// out, rows added at the end. A cell holds a value of its column's Go
	// type (an int column's edits are ints), time.Time for times, or nil.
	Rows [][]any
	// The changes: cells by row (the row's index in the data) and column
	// name, rows added, and the indices of the rows deleted, in order.
	EditedRows  map[int]map[string]any
	AddedRows   []map[string]any
	DeletedRows []int
}

// Into stores the edited rows in dst, a pointer to a slice of structs or
// maps, by column name as encoding/json matches them (a field's json tag
// or name):
//
//	edited := st.DataEditor(todos)
//	var todos2 []Todo
//	if err := edited.Into(&todos2); err != nil { … }
func (e Edited) Into(dst any) error {
	objs := make([]map[string]any, len(e.Rows))
	for i, row := range e.Rows {
		objs[i] = make(map[string]any, len(e.Columns))
		for j, c := range row {
			objs[i][e.Columns[j]] = c
		}
	}
	b, err := json.Marshal(objs)
	if err != nil {
		return fmt.Errorf("st: Edited.Into: %w", err)
	}
	if err := json.Unmarshal(b, dst); err != nil {
		return fmt.Errorf("st: Edited.Into: %w", err)
	}
	return nil
}

// editorValue is the value of a data editor widget: the changes.
type editorValue struct {
	Edited  map[int]map[string]any `json:"edited_rows"`
	Added   []map[string]any       `json:"added_rows"`
	Deleted []int                  `json:"deleted_rows"`
}

// IsZero reports whether v holds no change, so that a data editor's props
// leave it out (omitzero): the page reads an absent value as no changes.
func (v editorValue) IsZero() bool {
	return len(v.Edited) == 0 && len(v.Added) == 0 && len(v.Deleted) == 0
}

// DataEditor draws data as a table the user edits, as Streamlit's
// st.data_editor: a double click edits a cell; with [Ctx.NumRows]
// ("dynamic") the user also adds and deletes rows. It returns the data
// with the changes, and the changes ([Edited]). The page sends only the
// changes, as Streamlit's edited_rows, added_rows and deleted_rows, and
// the server checks each value against its column's type: a number for a
// number column (a whole one for an int column), text, a boolean, a time
// (as 2006-01-02 or RFC 3339); a cell of another type, in a column the
// app disabled, or of no column is dropped.
//
// data takes the shapes of [Ctx.Dataframe]; every row is sent to the
// page, so it suits tables of up to some thousands of rows. Columns whose
// cells are neither numbers, text, booleans nor times are not editable.
// Options: [Ctx.ColumnConfig] (Disabled keeps a column from edits),
// [Ctx.NumRows], [Ctx.Disabled], [Ctx.Width], [Ctx.Key], [Ctx.Help],
// [Ctx.OnChange].
func (c *Ctx) DataEditor(data any, opts ...Option) Edited {
	cfg, ok := c.check(dataEditor, "", opts)
	if !ok {
		return Edited{}
	}
	switch cfg.table.numRows {
	case "", "fixed", "dynamic":
	default:
		c.fail(dataEditor, "", fmt.Errorf("NumRows(%q): want \"fixed\" or \"dynamic\"", cfg.table.numRows))
		return Edited{}
	}
	data, err := rowsData(data)
	if err != nil {
		c.fail(dataEditor, "", err)
		return Edited{}
	}
	props, f, err := c.frameProps(data, cfg, math.MaxInt)
	if err != nil {
		c.fail(dataEditor, "", err)
		return Edited{}
	}
	_, _, base := f.Window(table.Query{Sort: -1}, 0, f.Len())
	cols := editorColumns(f, base, cfg)
	for j, col := range cols {
		if !col.editable {
			if props.Config == nil {
				props.Config = make([]columnProps, len(cols))
			}
			props.Config[j].Disabled = true
		}
	}
	dynamic := cfg.table.numRows == "dynamic"
	id, value, shown, ok := c.widget(script.Widget{
		Kind:    dataEditor.kind,
		Label:   strings.Join(f.Columns, ","),
		Default: editorValue{},
		Decode:  asEdits(cols, len(base), dynamic && !cfg.disabled, cfg.disabled),
	}, cfg)
	if !ok {
		return Edited{}
	}
	v := value.(editorValue)
	c.draw(dataEditor.kind, id, struct {
		frameProps
		Value    editorValue `json:"value,omitzero"`
		Dynamic  bool        `json:"dynamic,omitempty"`
		Disabled bool        `json:"disabled,omitempty"`
	}{props, shown.(editorValue).forPage(), dynamic && !cfg.disabled, cfg.disabled})
	return v.apply(f.Columns, base)
}

// forPage returns the changes as the page shows them: times as text, as
// the table's cells are ([table.ShowTime]).
func (v editorValue) forPage() editorValue {
	show := func(m map[string]any) map[string]any {
		out := make(map[string]any, len(m))
		for k, x := range m {
			if t, ok := x.(time.Time); ok {
				x = table.ShowTime(t)
			}
			out[k] = x
		}
		return out
	}
	p := editorValue{Edited: make(map[int]map[string]any, len(v.Edited)), Added: make([]map[string]any, len(v.Added)), Deleted: v.Deleted}
	for i, m := range v.Edited {
		p.Edited[i] = show(m)
	}
	for i, m := range v.Added {
		p.Added[i] = show(m)
	}
	return p
}

// apply makes the Edited of the changes v to rows, which it does not
// modify.
func (v editorValue) apply(columns []string, rows [][]any) Edited {
	e := Edited{Columns: columns, EditedRows: v.Edited, AddedRows: v.Added, DeletedRows: v.Deleted}
	deleted := make(map[int]bool, len(v.Deleted))
	for _, i := range v.Deleted {
		deleted[i] = true
	}
	e.Rows = make([][]any, 0, len(rows)+len(v.Added))
	for i, row := range rows {
		if deleted[i] {
			continue
		}
		if edits, ok := v.Edited[i]; ok {
			row = slices.Clone(row)
			for j, name := range columns {
				if x, ok := edits[name]; ok {
					row[j] = x
				}
			}
		}
		e.Rows = append(e.Rows, row)
	}
	for _, a := range v.Added {
		row := make([]any, len(columns))
		for j, name := range columns {
			row[j] = a[name]
		}
		e.Rows = append(e.Rows, row)
	}
	if e.EditedRows == nil {
		e.EditedRows = map[int]map[string]any{}
	}
	return e
}

// editorColumn is what the server checks an edit of one column against.
type editorColumn struct {
	name     string
	kind     table.Kind
	goType   reflect.Type // of the column's first non-nil cell, for numbers
	editable bool
}

func editorColumns(f *table.Frame, rows [][]any, cfg *config) []editorColumn {
	cols := make([]editorColumn, len(f.Columns))
	disabled := map[string]bool{}
	for _, spec := range cfg.table.columns {
		if spec.Disabled || spec.Hidden {
			disabled[spec.Name] = true
		}
	}
	for j, name := range f.Columns {
		col := editorColumn{name: name, kind: f.Kinds[j]}
		col.editable = col.kind != table.Other && !disabled[name]
		for _, row := range rows {
			if row[j] != nil {
				col.goType = reflect.TypeOf(row[j])
				break
			}
		}
		cols[j] = col
	}
	return cols
}

// asEdits reads a data editor's changes: from the page, JSON's objects
// and arrays; from the session state, an editorValue. Each cell is checked
// against its column and dropped when it does not fit; rows out of range
// are dropped too; adding and deleting only when the editor is dynamic.
func asEdits(cols []editorColumn, n int, dynamic, disabled bool) func(any) (any, bool) {
	byName := make(map[string]*editorColumn, len(cols))
	for k := range cols {
		byName[cols[k].name] = &cols[k]
	}
	cellsOf := func(m map[string]any) map[string]any {
		out := map[string]any{}
		for name, x := range m {
			col := byName[name]
			if col == nil || !col.editable {
				continue
			}
			if v, ok := col.decode(x); ok {
				out[name] = v
			}
		}
		return out
	}
	return func(v any) (any, bool) {
		var in editorValue
		switch v := v.(type) {
		case editorValue:
			in = v
		case map[string]any:
			var ok bool
			if in, ok = editsFromJSON(v); !ok {
				return nil, false
			}
		default:
			return nil, false
		}
		out := editorValue{Edited: map[int]map[string]any{}, Added: []map[string]any{}, Deleted: []int{}}
		if disabled {
			return out, true
		}
		for i, m := range in.Edited {
			if i < 0 || i >= n {
				continue
			}
			if cells := cellsOf(m); len(cells) > 0 {
				out.Edited[i] = cells
			}
		}
		if dynamic {
			for _, m := range in.Added[:min(len(in.Added), maxAddedRows)] {
				out.Added = append(out.Added, cellsOf(m))
			}
			for _, i := range in.Deleted {
				if i >= 0 && i < n && !slices.Contains(out.Deleted, i) {
					out.Deleted = append(out.Deleted, i)
				}
			}
			slices.Sort(out.Deleted)
		}
		return out, true
	}
}

// editsFromJSON reads the changes as the page sends them.
func editsFromJSON(m map[string]any) (editorValue, bool) {
	var v editorValue
	if e, ok := m["edited_rows"].(map[string]any); ok {
		v.Edited = make(map[int]map[string]any, len(e))
		for k, cells := range e {
			i, err := strconv.Atoi(k)
			c, ok := cells.(map[string]any)
			if err != nil || !ok {
				return v, false
			}
			v.Edited[i] = c
		}
	} else if m["edited_rows"] != nil {
		return v, false
	}
	if a, ok := m["added_rows"].([]any); ok {
		for _, row := range a {
			r, ok := row.(map[string]any)
			if !ok {
				return v, false
			}
			v.Added = append(v.Added, r)
		}
	} else if m["added_rows"] != nil {
		return v, false
	}
	if d, ok := m["deleted_rows"].([]any); ok {
		for _, x := range d {
			f, ok := x.(float64)
			if !ok || f != math.Trunc(f) || math.Abs(f) > 1<<31 {
				return v, false
			}
			v.Deleted = append(v.Deleted, int(f))
		}
	} else if m["deleted_rows"] != nil {
		return v, false
	}
	return v, true
}

// decode checks one cell's new value against the column and returns it
// as the column's Go type holds it; nil empties a cell.
func (col *editorColumn) decode(x any) (any, bool) {
	if x == nil {
		return nil, true
	}
	switch col.kind {
	case table.Number:
		var f float64
		switch x := x.(type) {
		case float64:
			f = x
		case int:
			f = float64(x)
		default:
			if col.goType != nil && reflect.TypeOf(x) == col.goType {
				return x, true // from the session state, already converted
			}
			return nil, false
		}
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, false
		}
		return convertNumber(f, col.goType)
	case table.Text:
		s, ok := x.(string)
		return s, ok
	case table.Bool:
		b, ok := x.(bool)
		return b, ok
	case table.Time:
		switch x := x.(type) {
		case time.Time:
			return x, true
		case string:
			for _, layout := range []string{time.RFC3339Nano, time.DateTime, "2006-01-02T15:04", time.DateOnly} {
				if t, err := time.Parse(layout, x); err == nil {
					return t, true
				}
			}
		}
	}
	return nil, false
}

// convertNumber returns f as a value of t, when t holds it exactly (a
// whole number within an int column's range); float64 when t is unknown.
func convertNumber(f float64, t reflect.Type) (any, bool) {
	if t == nil {
		return f, true
	}
	v := reflect.New(t).Elem()
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if f != math.Trunc(f) || v.OverflowInt(int64(f)) || math.Abs(f) > 1<<62 {
			return nil, false
		}
		v.SetInt(int64(f))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if f != math.Trunc(f) || f < 0 || f > 1<<62 || v.OverflowUint(uint64(f)) {
			return nil, false
		}
		v.SetUint(uint64(f))
	case reflect.Float32, reflect.Float64:
		if v.OverflowFloat(f) {
			return nil, false
		}
		v.SetFloat(f)
	default:
		return f, true
	}
	return v.Interface(), true
}
