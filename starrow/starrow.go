// Package starrow shows Apache Arrow data (github.com/apache/arrow-go) in
// gost's tables: the records that DuckDB, ClickHouse, Flight SQL, Parquet
// readers and other Go drivers return become an [st.Frame] for
// [st.Ctx.Dataframe] and [st.Ctx.Table], read in place, column by column:
//
//	rec := ... // an arrow.RecordBatch from a driver
//	f, err := starrow.FromRecord(rec)
//	if err != nil {
//		st.Exception(err)
//		return
//	}
//	st.Dataframe(f)
//
// Made in a st.CacheData loader, one Frame serves every session.
//
// Converting copies no cell: the Frame keeps the record's arrays and
// reads the cells a page scrolls to, sorts or searches. It retains them,
// and releases them once no Frame and no page uses them, so the caller
// may Release its record at once.
//
// Columns become the values Go tables hold: integers (int8 to uint64),
// floats (float16 to float64; NaN and the infinities empty, JSON having no
// number for them), decimals as float64, strings (also large and views),
// binary as text, bools, timestamps with their zone, and dates, as
// time.Time; dictionary columns read through their dictionary. A null is
// an empty cell. Other types (lists, structs, durations, ...) show as
// Arrow writes them as text (ValueStr).
//
// This package is a module of its own: apps that do not import it do not
// build arrow-go.
package starrow

import (
	"errors"
	"fmt"
	"runtime"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/gost-dev/gost/st"
)

// FromRecord makes a Frame of rec's columns, named by its schema.
func FromRecord(rec arrow.RecordBatch) (*st.Frame, error) {
	if rec == nil {
		return nil, errors.New("starrow: FromRecord of a nil record")
	}
	cols := make([]st.FrameColumn, rec.NumCols())
	for j := range cols {
		c, err := column(rec.ColumnName(j), []arrow.Array{rec.Column(j)})
		if err != nil {
			return nil, err
		}
		cols[j] = c
	}
	return frameOf(cols)
}

// FromTable makes a Frame of t's columns, read chunk by chunk.
func FromTable(t arrow.Table) (*st.Frame, error) {
	if t == nil {
		return nil, errors.New("starrow: FromTable of a nil table")
	}
	cols := make([]st.FrameColumn, t.NumCols())
	for j := range cols {
		c := t.Column(j)
		col, err := column(c.Name(), c.Data().Chunks())
		if err != nil {
			return nil, err
		}
		cols[j] = col
	}
	return frameOf(cols)
}

// FromReader reads every record of r, as a driver streams a query's
// result, into a Frame whose columns are the records' arrays end to end.
// The Frame keeps the arrays after the reader releases its records; it
// does not release r.
func FromReader(r array.RecordReader) (*st.Frame, error) {
	if r == nil {
		return nil, errors.New("starrow: FromReader of a nil reader")
	}
	schema := r.Schema()
	chunks := make([][]arrow.Array, schema.NumFields())
	// A reader releases a record at the next Next: hold its arrays until
	// the columns have taken theirs.
	defer func() {
		for _, col := range chunks {
			for _, a := range col {
				a.Release()
			}
		}
	}()
	for r.Next() {
		rec := r.RecordBatch()
		if !rec.Schema().Equal(schema) {
			return nil, fmt.Errorf("starrow: a record's schema %s is not the reader's %s", rec.Schema(), schema)
		}
		for j := range chunks {
			a := rec.Column(j)
			a.Retain()
			chunks[j] = append(chunks[j], a)
		}
	}
	if err := r.Err(); err != nil {
		return nil, fmt.Errorf("starrow: reading the records: %w", err)
	}
	cols := make([]st.FrameColumn, len(chunks))
	for j := range cols {
		col, err := column(schema.Field(j).Name, chunks[j])
		if err != nil {
			return nil, err
		}
		cols[j] = col
	}
	return frameOf(cols)
}

func frameOf(cols []st.FrameColumn) (*st.Frame, error) {
	f, err := st.FrameOf(cols...)
	if err != nil {
		return nil, fmt.Errorf("starrow: %w", err)
	}
	return f, nil
}

// chunked is a column: arrays end to end, each read by its own func.
type chunked struct {
	values []func(i int) any
	ends   []int // ends[k] is the row after chunk k's last
}

// column makes an st.FrameColumn of chunks, which it retains until the
// column is no longer reachable (no Frame, no page, no sort reads it).
func column(name string, chunks []arrow.Array) (st.FrameColumn, error) {
	c := &chunked{values: make([]func(int) any, len(chunks)), ends: make([]int, len(chunks))}
	col := st.FrameColumn{Name: name}
	n := 0
	for k, a := range chunks {
		v, err := reader(a)
		if err != nil {
			return st.FrameColumn{}, fmt.Errorf("starrow: column %q: %w", name, err)
		}
		if k > 0 && v.typ != col.Type {
			return st.FrameColumn{}, fmt.Errorf("starrow: column %q: chunk %d is %s, chunk 0 %s", name, k, a.DataType(), chunks[0].DataType())
		}
		col.Type = v.typ
		c.values[k] = v.value
		n += a.Len()
		c.ends[k] = n
	}
	held := make([]arrow.Array, len(chunks))
	for k, a := range chunks {
		a.Retain()
		held[k] = a
	}
	// The arrays' memory may come from a C allocator: release it when the
	// funcs that read it are gone, never before.
	runtime.AddCleanup(c, func(held []arrow.Array) {
		for _, a := range held {
			a.Release()
		}
	}, held)
	col.Len = n
	if len(chunks) == 1 {
		col.Value = c.one
	} else {
		col.Value = c.value
	}
	return col, nil
}

func (c *chunked) one(i int) any { return c.values[0](i) }

// value finds row i's chunk by binary search.
func (c *chunked) value(i int) any {
	lo, hi := 0, len(c.ends)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if c.ends[m] <= i {
			lo = m + 1
		} else {
			hi = m
		}
	}
	start := 0
	if lo > 0 {
		start = c.ends[lo-1]
	}
	return c.values[lo](i - start)
}
