package st

import (
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
