package st_test

import (
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/gost-dev/gost/st"
	"github.com/gost-dev/gost/sttest"
)

// A database/sql driver of one table held in memory, honest to the
// driver interfaces, so the test goes through *sql.Rows as an app's query
// does. The query "fail" fails after its first row.
type cityDriver struct{}

func (cityDriver) Open(string) (driver.Conn, error) { return cityConn{}, nil }

type cityConn struct{}

func (cityConn) Prepare(q string) (driver.Stmt, error) { return cityStmt(q), nil }
func (cityConn) Close() error                          { return nil }
func (cityConn) Begin() (driver.Tx, error)             { return nil, errors.New("read only") }

type cityStmt string

func (cityStmt) Close() error                               { return nil }
func (cityStmt) NumInput() int                              { return 0 }
func (cityStmt) Exec([]driver.Value) (driver.Result, error) { return nil, errors.New("read only") }
func (s cityStmt) Query([]driver.Value) (driver.Rows, error) {
	return &cityRows{fail: s == "fail"}, nil
}

type cityRows struct {
	i    int
	fail bool
}

func (*cityRows) Columns() []string { return []string{"name", "population"} }
func (*cityRows) Close() error      { return nil }
func (r *cityRows) Next(dest []driver.Value) error {
	rows := [][]driver.Value{{[]byte("Oslo"), int64(709000)}, {"Bergen", int64(291000)}}
	switch {
	case r.fail && r.i == 1:
		return errors.New("connection reset")
	case r.i == len(rows):
		return io.EOF
	}
	copy(dest, rows[r.i])
	r.i++
	return nil
}

func init() { sql.Register("gost-cities", cityDriver{}) }

func TestDataframeOfSQLRows(t *testing.T) {
	db, _ := sql.Open("gost-cities", "")
	defer db.Close()
	app := sttest.Run(t, func(st *st.Ctx) {
		rows, err := db.Query("cities")
		if err != nil {
			st.Exception(err)
			return
		}
		st.Dataframe(rows)
		rows, _ = db.Query("fail")
		st.Dataframe(rows)
	})
	p := app.All("dataframe")[0].Props
	if fmt.Sprint(p["columns"], p["rows"], p["types"]) != "[name population] [[Oslo 709000] [Bergen 291000]] [text number]" {
		t.Errorf("props %v", p)
	}
	if ex := app.All("exception"); len(ex) != 1 || !strings.Contains(ex[0].Text(), "connection reset") {
		t.Errorf("page %s, want the failed query's error in its table's place", app)
	}
	rows, _ := db.Query("cities")
	f, err := st.NewFrame(rows)
	if err != nil || f.Len() != 2 || fmt.Sprint(f.Row(0)) != "[Oslo 709000]" {
		t.Errorf("NewFrame of rows: %v, %v", f, err)
	}
}
