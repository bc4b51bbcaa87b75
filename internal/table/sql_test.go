package table

import (
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"
)

// memDriver is a database/sql driver over rows held in memory: what a real
// driver hands database/sql, so FromSQL reads *sql.Rows as it would from
// Postgres or SQLite. A query names its table.
type memDriver struct{ tables map[string]memTable }

type memTable struct {
	cols []string
	rows [][]driver.Value
	err  error // returned after the rows, as a connection lost mid-way
}

func (d memDriver) Open(string) (driver.Conn, error) { return memConn(d), nil }

type memConn memDriver

func (c memConn) Prepare(query string) (driver.Stmt, error) {
	t, ok := c.tables[query]
	if !ok {
		return nil, fmt.Errorf("no table %q", query)
	}
	return memStmt(t), nil
}
func (memConn) Close() error              { return nil }
func (memConn) Begin() (driver.Tx, error) { return nil, errors.New("no transactions") }

type memStmt memTable

func (memStmt) Close() error                                { return nil }
func (memStmt) NumInput() int                               { return 0 }
func (memStmt) Exec([]driver.Value) (driver.Result, error)  { return nil, errors.New("read only") }
func (s memStmt) Query([]driver.Value) (driver.Rows, error) { return &memRows{t: memTable(s)}, nil }

type memRows struct {
	t memTable
	i int
}

func (r *memRows) Columns() []string { return r.t.cols }
func (r *memRows) Close() error      { return nil }
func (r *memRows) Next(dest []driver.Value) error {
	if r.i == len(r.t.rows) {
		if r.t.err != nil {
			return r.t.err
		}
		return io.EOF
	}
	copy(dest, r.t.rows[r.i])
	r.i++
	return nil
}

func TestFromSQL(t *testing.T) {
	day := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	sql.Register("gost-mem", memDriver{map[string]memTable{
		"cities": {[]string{"name", "population", "area", "capital", "founded", "notes"}, [][]driver.Value{
			{[]byte("Oslo"), int64(709000), 454.0, true, day, nil},
			{"Bergen", int64(291000), 465.3, false, day, []byte("rain")},
			{"Nowhere", nil, math.NaN(), nil, nil, nil},
		}, nil},
		"broken": {[]string{"n"}, [][]driver.Value{{int64(1)}}, errors.New("connection reset")},
	}})
	db, err := sql.Open("gost-mem", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query("cities")
	if err != nil {
		t.Fatal(err)
	}
	got, err := FromSQL(rows)
	if err != nil {
		t.Fatal(err)
	}
	want := Table{[]string{"name", "population", "area", "capital", "founded", "notes"}, [][]any{
		{"Oslo", int64(709000), 454.0, true, day, nil},
		{"Bergen", int64(291000), 465.3, false, day, "rain"},
		{"Nowhere", nil, nil, nil, nil, nil},
	}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %#v\nwant %#v", got, want)
	}
	f, _ := NewFrame(got)
	if fmt.Sprint(f.Kinds) != "[text number number bool time text]" {
		t.Errorf("kinds %v", f.Kinds)
	}
	rows, _ = db.Query("broken")
	if _, err := FromSQL(rows); err == nil || !strings.Contains(err.Error(), "connection reset") {
		t.Errorf("a query that fails midway: %v, want its error", err)
	}
}
