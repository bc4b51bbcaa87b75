package st

import (
	"fmt"
	"reflect"

	"github.com/gost-dev/gost/internal/table"
)

// A Frame is data made into a table once, for [Ctx.Dataframe] to show in
// any number of sessions: what a DataFrame is to Streamlit. Make one in a
// [CacheData] or [CacheResource] loader; every session gets the same
// Frame (its Clone returns itself, so CacheData does not copy it), and the
// server holds the rows once, with their sorted orders:
//
//	var loadTrips = st.CacheData(func(ctx context.Context, day string) (*st.Frame, error) {
//		rows, err := db.QueryContext(ctx, "SELECT * FROM trips WHERE day = $1", day)
//		if err != nil {
//			return nil, err
//		}
//		return st.NewFrame(rows)
//	})
//
// A Frame is read-only: the data it was made from must not change
// afterwards (a *sql.Rows is read whole by NewFrame, and may then go).
//
// Data held column by column becomes a Frame without a copy through
// [FrameOf]; Apache Arrow records do through the module
// github.com/gost-dev/gost/starrow, kept apart so that apps without Arrow
// do not build arrow-go.
type Frame struct {
	f *table.Frame
}

// NewFrame makes a Frame of data, which takes the shapes of [Ctx.Table],
// or a *sql.Rows, which it reads to the end and closes.
func NewFrame(data any) (*Frame, error) {
	data, err := rowsData(data)
	if err != nil {
		return nil, err
	}
	f, err := table.NewFrame(data)
	if err != nil {
		return nil, err
	}
	return &Frame{f}, nil
}

// A FrameColumn is one column of data held column by column, as Apache
// Arrow, DuckDB and ClickHouse hold it, for [FrameOf]. It is how an adapter
// (such as github.com/gost-dev/gost/starrow, for Arrow records) shows
// columnar data without a copy: the Frame calls Value for the cells a
// page scrolls to, sorts or searches, and nothing more.
type FrameColumn struct {
	Name string
	// Type is the Go type of the column's non-nil values (int64, float64,
	// string, bool, time.Time...): it gives the column's alignment, sort
	// and formatting without reading a million cells. Nil reads the cells
	// for it.
	Type reflect.Type
	Len  int // the column's rows
	// Value returns row i's value (0 <= i < Len), nil for a missing one.
	// Sessions call it concurrently, and the values must never change.
	Value func(i int) any
}

// FrameOf makes a Frame of columns, read in place: its rows are the
// longest column's, and a shorter column's missing rows are empty.
func FrameOf(columns ...FrameColumn) (*Frame, error) {
	cols := make([]table.Column, len(columns))
	for j, c := range columns {
		cols[j] = table.Column(c)
	}
	f, err := table.FromColumns(cols)
	if err != nil {
		return nil, fmt.Errorf("st: FrameOf: %w", err)
	}
	return &Frame{f}, nil
}

// Clone returns f itself: a Frame never changes, so sessions share it.
func (f *Frame) Clone() *Frame { return f }

// Len returns the number of rows.
func (f *Frame) Len() int { return f.f.Len() }

// Columns returns the column names.
func (f *Frame) Columns() []string { return append([]string(nil), f.f.Columns...) }

// Row returns row i's cells, as the data holds them.
func (f *Frame) Row(i int) []any {
	row := make([]any, len(f.f.Columns))
	for j := range row {
		row[j] = f.f.Cell(i, j)
	}
	return row
}
