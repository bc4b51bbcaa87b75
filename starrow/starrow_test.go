package starrow_test

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/gost-dev/gost/st"
	"github.com/gost-dev/gost/starrow"
	"github.com/gost-dev/gost/sttest"
)

var oslo = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		panic(err)
	}
	return loc
}()

// sales is a record of every kind of column the package reads, with a
// null in each: as a driver's result would be.
func sales(mem memory.Allocator) arrow.RecordBatch {
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "id", Type: arrow.PrimitiveTypes.Int64},
		{Name: "qty", Type: arrow.PrimitiveTypes.Uint16, Nullable: true},
		{Name: "price", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
		{Name: "total", Type: &arrow.Decimal128Type{Precision: 10, Scale: 2}, Nullable: true},
		{Name: "city", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "region", Type: &arrow.DictionaryType{IndexType: arrow.PrimitiveTypes.Int8, ValueType: arrow.BinaryTypes.String}, Nullable: true},
		{Name: "paid", Type: arrow.FixedWidthTypes.Boolean, Nullable: true},
		{Name: "at", Type: &arrow.TimestampType{Unit: arrow.Millisecond, TimeZone: "Europe/Oslo"}, Nullable: true},
		{Name: "day", Type: arrow.FixedWidthTypes.Date32, Nullable: true},
		{Name: "tags", Type: arrow.ListOf(arrow.BinaryTypes.String), Nullable: true},
	}, nil)
	b := array.NewRecordBuilder(mem, schema)
	defer b.Release()
	b.Field(0).(*array.Int64Builder).AppendValues([]int64{1, 2, 3}, nil)
	b.Field(1).(*array.Uint16Builder).AppendValues([]uint16{5, 0, 700}, []bool{true, false, true})
	b.Field(2).(*array.Float64Builder).AppendValues([]float64{3.5, 0, 1e6}, []bool{true, false, true})
	b.Field(3).(*array.Decimal128Builder).AppendValues([]decimal128.Num{decimal128.FromI64(1750), {}, decimal128.FromI64(-5)}, []bool{true, false, true})
	b.Field(4).(*array.StringBuilder).AppendValues([]string{"Oslo", "", "Tromsø"}, []bool{true, false, true})
	region := b.Field(5).(*array.BinaryDictionaryBuilder)
	for _, r := range []string{"east", "", "north"} {
		if r == "" {
			region.AppendNull()
		} else if err := region.AppendString(r); err != nil {
			panic(err)
		}
	}
	b.Field(6).(*array.BooleanBuilder).AppendValues([]bool{true, false, false}, []bool{true, true, false})
	at := time.Date(2026, 11, 30, 14, 30, 0, 0, oslo)
	b.Field(7).(*array.TimestampBuilder).AppendValues([]arrow.Timestamp{arrow.Timestamp(at.UnixMilli()), 0, arrow.Timestamp(at.Add(time.Hour).UnixMilli())}, []bool{true, false, true})
	b.Field(8).(*array.Date32Builder).AppendValues([]arrow.Date32{arrow.Date32FromTime(at), 0, arrow.Date32FromTime(at.AddDate(0, 0, 1))}, []bool{true, false, true})
	tags := b.Field(9).(*array.ListBuilder)
	tags.Append(true)
	tags.ValueBuilder().(*array.StringBuilder).AppendValues([]string{"a", "b"}, nil)
	tags.AppendNull()
	tags.Append(true)
	return b.NewRecordBatch()
}

// The record's rows, columns and types show as a dataframe of Go data
// would: numbers right, texts, bools, times in their zone, and a null as
// an empty cell.
func TestFromRecordShowsInADataframe(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	rec := sales(mem)
	f, err := starrow.FromRecord(rec)
	if err != nil {
		t.Fatal(err)
	}
	rec.Release() // the Frame holds its own reference
	app := sttest.Run(t, func(st *st.Ctx) { st.Dataframe(f) })
	p := app.All("dataframe")[0].Props
	if got, want := fmt.Sprint(p["columns"]), "[id qty price total city region paid at day tags]"; got != want {
		t.Errorf("columns %s, want %s", got, want)
	}
	if got, want := fmt.Sprint(p["types"]), "[number number number number text text bool time time text]"; got != want {
		t.Errorf("types %s, want %s", got, want)
	}
	want := []string{
		"[1 5 3.5 17.5 Oslo east true 2026-11-30 14:30:00 2026-11-30 [\"a\",\"b\"]]",
		"[2 <nil> <nil> <nil> <nil> <nil> false <nil> <nil> <nil>]",
		"[3 700 1e+06 -0.05 Tromsø north <nil> 2026-11-30 15:30:00 2026-12-01 []]",
	}
	rows := p["rows"].([]any)
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want %d: %v", len(rows), len(want), rows)
	}
	for i, row := range rows {
		if got := fmt.Sprint(row); got != want[i] {
			t.Errorf("row %d: %s\n want %s", i, got, want[i])
		}
	}
}

// A Frame keeps the arrays it reads: they are released once the Frame is
// gone, not when the caller releases its record.
func TestFrameRetainsTheArrays(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	rec := sales(mem)
	f, err := starrow.FromRecord(rec)
	if err != nil {
		t.Fatal(err)
	}
	rec.Release()
	if mem.CurrentAlloc() == 0 {
		t.Fatal("the record's memory was freed while a Frame reads it")
	}
	if got := fmt.Sprint(f.Row(2)[4]); got != "Tromsø" {
		t.Errorf("row 2's city %q after the record's release, want Tromsø", got)
	}
	f = nil
	deadline := time.Now().Add(5 * time.Second)
	for mem.CurrentAlloc() != 0 && time.Now().Before(deadline) {
		runtime.GC()
	}
	if n := mem.CurrentAlloc(); n != 0 {
		t.Errorf("%d bytes still held after the Frame was collected", n)
	}
}

// A table's chunked columns and a reader's records read end to end.
func TestFromTableAndReader(t *testing.T) {
	mem := memory.NewGoAllocator()
	schema := arrow.NewSchema([]arrow.Field{{Name: "n", Type: arrow.PrimitiveTypes.Int32}, {Name: "s", Type: arrow.BinaryTypes.LargeString}}, nil)
	var recs []arrow.RecordBatch
	for k := range 3 {
		b := array.NewRecordBuilder(mem, schema)
		for i := range k + 1 { // chunks of 1, 2 and 3 rows
			b.Field(0).(*array.Int32Builder).Append(int32(10*k + i))
			b.Field(1).(*array.LargeStringBuilder).Append(fmt.Sprintf("r%d%d", k, i))
		}
		recs = append(recs, b.NewRecordBatch())
		b.Release()
	}
	want := "[[0 r00] [10 r10] [11 r11] [20 r20] [21 r21] [22 r22]]"
	tbl := array.NewTableFromRecords(schema, recs)
	defer tbl.Release()
	rr, err := array.NewRecordReader(schema, recs)
	if err != nil {
		t.Fatal(err)
	}
	defer rr.Release()
	for name, load := range map[string]func() (*st.Frame, error){
		"table":  func() (*st.Frame, error) { return starrow.FromTable(tbl) },
		"reader": func() (*st.Frame, error) { return starrow.FromReader(rr) },
	} {
		f, err := load()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		app := sttest.Run(t, func(st *st.Ctx) { st.Table(f) })
		p := app.All("table")[0].Props
		if got := fmt.Sprint(p["rows"]); got != want {
			t.Errorf("%s: rows %s, want %s", name, got, want)
		}
	}
}

// A record of more rows than a page gets at once stays on the server: the
// page gets the first screenful, the total and the column types, sorted
// by the server.
func TestBigRecordStaysOnTheServer(t *testing.T) {
	rec := numbers(memory.NewGoAllocator(), 200_000)
	defer rec.Release()
	f, err := starrow.FromRecord(rec)
	if err != nil {
		t.Fatal(err)
	}
	app := sttest.Run(t, func(st *st.Ctx) { st.Dataframe(f) })
	p := app.All("dataframe")[0].Props
	rows := p["rows"].([]any)
	if p["total"] != 200_000.0 || len(rows) == 0 || len(rows) > 100 {
		t.Errorf("total %v, %d rows sent; want 200000 and a screenful", p["total"], len(rows))
	}
	if got := fmt.Sprint(p["types"], rows[3]); got != "[number number text] [3 0.75 <nil>]" {
		t.Errorf("types and row 3: %s", got)
	}
}

// numbers is a record of n rows: an int64 id, a float64 and a dictionary
// string column with a null every third row.
func numbers(mem memory.Allocator, n int) arrow.RecordBatch {
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "id", Type: arrow.PrimitiveTypes.Int64},
		{Name: "x", Type: arrow.PrimitiveTypes.Float64},
		{Name: "city", Type: arrow.BinaryTypes.String, Nullable: true},
	}, nil)
	b := array.NewRecordBuilder(mem, schema)
	defer b.Release()
	ids, xs := b.Field(0).(*array.Int64Builder), b.Field(1).(*array.Float64Builder)
	cities := b.Field(2).(*array.StringBuilder)
	ids.Reserve(n)
	xs.Reserve(n)
	cities.Reserve(n)
	names := []string{"Oslo", "Bergen", "Tromsø"}
	for i := range n {
		ids.UnsafeAppend(int64(i))
		xs.UnsafeAppend(float64(i) / 4)
		if i%3 == 0 {
			cities.AppendNull()
		} else {
			cities.Append(names[i%3])
		}
	}
	return b.NewRecordBatch()
}

// Converting a record copies nothing: its allocations are a few per
// column, however many rows (BENCHMARKS.md).
func BenchmarkFromRecordMillionRows(b *testing.B) {
	rec := numbers(memory.NewGoAllocator(), 1_000_000)
	defer rec.Release()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := starrow.FromRecord(rec); err != nil {
			b.Fatal(err)
		}
	}
}

func TestFromRecordAllocatesPerColumnNotPerCell(t *testing.T) {
	rec := numbers(memory.NewGoAllocator(), 1_000_000)
	defer rec.Release()
	allocs := testing.AllocsPerRun(5, func() {
		if _, err := starrow.FromRecord(rec); err != nil {
			t.Fatal(err)
		}
	})
	if allocs > 100 {
		t.Errorf("FromRecord of 1,000,000 rows × 3 columns: %.0f allocations, want a few per column", allocs)
	}
}

// Data the package cannot read is an error, never a Frame of wrong rows.
func TestBadInput(t *testing.T) {
	mem := memory.NewGoAllocator()
	ints := arrow.NewSchema([]arrow.Field{{Name: "n", Type: arrow.PrimitiveTypes.Int64}}, nil)
	texts := arrow.NewSchema([]arrow.Field{{Name: "n", Type: arrow.BinaryTypes.String}}, nil)
	bi := array.NewRecordBuilder(mem, ints)
	bi.Field(0).(*array.Int64Builder).Append(1)
	recInts := bi.NewRecordBatch()
	bt := array.NewRecordBuilder(mem, texts)
	bt.Field(0).(*array.StringBuilder).Append("x")
	recTexts := bt.NewRecordBatch()
	reader := &mixedReader{schema: ints, recs: []arrow.RecordBatch{recInts, recTexts}}

	if _, err := starrow.FromRecord(nil); err == nil {
		t.Error("FromRecord(nil) made a Frame")
	}
	if _, err := starrow.FromTable(nil); err == nil {
		t.Error("FromTable(nil) made a Frame")
	}
	if _, err := starrow.FromReader(nil); err == nil {
		t.Error("FromReader(nil) made a Frame")
	}
	if _, err := starrow.FromReader(reader); err == nil || !strings.Contains(err.Error(), "schema") {
		t.Errorf("FromReader of records of two schemas: %v, want an error about the schema", err)
	}
	reader = &mixedReader{schema: ints, recs: []arrow.RecordBatch{recInts}, err: errors.New("connection reset")}
	if _, err := starrow.FromReader(reader); err == nil || !strings.Contains(err.Error(), "connection reset") {
		t.Errorf("FromReader of a reader that failed: %v, want its error", err)
	}
}

// mixedReader is an array.RecordReader over recs, failing with err at
// their end: a driver's stream can hand back anything.
type mixedReader struct {
	schema *arrow.Schema
	recs   []arrow.RecordBatch
	cur    arrow.RecordBatch
	err    error
}

func (r *mixedReader) Retain()                        {}
func (r *mixedReader) Release()                       {}
func (r *mixedReader) Schema() *arrow.Schema          { return r.schema }
func (r *mixedReader) RecordBatch() arrow.RecordBatch { return r.cur }
func (r *mixedReader) Record() arrow.RecordBatch      { return r.cur }
func (r *mixedReader) Err() error                     { return r.err }
func (r *mixedReader) Next() bool {
	if len(r.recs) == 0 {
		return false
	}
	r.cur, r.recs = r.recs[0], r.recs[1:]
	return true
}

// A reader releases each record at the next one: the Frame keeps their
// arrays all the same, and lets them go once it is collected.
func TestFromReaderKeepsTheRecordsItRead(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	schema := arrow.NewSchema([]arrow.Field{{Name: "s", Type: arrow.BinaryTypes.String}}, nil)
	var recs []arrow.RecordBatch
	for k := range 3 {
		b := array.NewRecordBuilder(mem, schema)
		b.Field(0).(*array.StringBuilder).AppendValues([]string{fmt.Sprint("a", k), fmt.Sprint("b", k)}, nil)
		recs = append(recs, b.NewRecordBatch())
		b.Release()
	}
	rr, err := array.NewRecordReader(schema, recs)
	if err != nil {
		t.Fatal(err)
	}
	for _, rec := range recs {
		rec.Release() // the reader holds them now, and releases each at Next
	}
	f, err := starrow.FromReader(rr)
	if err != nil {
		t.Fatal(err)
	}
	rr.Release()
	if mem.CurrentAlloc() == 0 {
		t.Fatal("the records' memory was freed while a Frame reads it")
	}
	var got []any
	for i := range f.Len() {
		got = append(got, f.Row(i)[0])
	}
	if fmt.Sprint(got) != "[a0 b0 a1 b1 a2 b2]" {
		t.Errorf("rows %v, want [a0 b0 a1 b1 a2 b2]", got)
	}
	f = nil
	deadline := time.Now().Add(5 * time.Second)
	for mem.CurrentAlloc() != 0 && time.Now().Before(deadline) {
		runtime.GC()
	}
	if n := mem.CurrentAlloc(); n != 0 {
		t.Errorf("%d bytes still held after the Frame was collected", n)
	}
}
