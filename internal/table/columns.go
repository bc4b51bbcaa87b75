package table

import (
	"fmt"
	"reflect"
)

// A Column is one column of data held column by column, as Apache Arrow
// and columnar databases hold it: FromColumns reads it in place.
type Column struct {
	Name string
	// Type is the Go type of the column's non-nil cells, which gives its
	// Kind without reading them; nil reads every cell for it.
	Type  reflect.Type
	Len   int
	Value func(i int) any // row i's cell, nil for a missing value; safe for concurrent use
}

// FromColumns makes a Frame over columns without copying them: a cell is
// read when a page or a sort asks for it. The Frame has as many rows as
// the longest column; a shorter one's missing rows are nil.
func FromColumns(cols []Column) (*Frame, error) {
	f := &Frame{Columns: make([]string, len(cols)), Kinds: make([]Kind, len(cols))}
	values := make([]func(int) any, len(cols))
	lens := make([]int, len(cols))
	for j, c := range cols {
		if c.Value == nil {
			return nil, fmt.Errorf("column %q has no Value func", c.Name)
		}
		if c.Len < 0 {
			return nil, fmt.Errorf("column %q has %d rows", c.Name, c.Len)
		}
		f.Columns[j], values[j], lens[j] = c.Name, c.Value, c.Len
		f.n = max(f.n, c.Len)
	}
	f.get = func(i, j int) any {
		if i < lens[j] {
			return values[j](i)
		}
		return nil
	}
	for j, c := range cols {
		if c.Type == nil {
			f.Kinds[j] = f.scanKind(j)
		} else {
			f.Kinds[j] = f.kindOf(c.Type, j)
		}
	}
	return f, nil
}
