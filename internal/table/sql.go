package table

import (
	"fmt"
	"math"
)

// SQLRows is what FromSQL reads: the methods of database/sql's *Rows,
// named here so that apps without a database do not link database/sql.
type SQLRows interface {
	Columns() ([]string, error)
	Next() bool
	Scan(dest ...any) error
	Err() error
	Close() error
}

// maxSQLRows bounds what FromSQL reads: past it, the query wants a LIMIT.
const maxSQLRows = 10_000_000

// FromSQL reads every row of rows, then closes it. A cell holds what the
// driver gave: int64, float64, bool, string, time.Time or nil; bytes
// become text, and NaN and the infinities nil.
func FromSQL(rows SQLRows) (Table, error) {
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return Table{}, fmt.Errorf("table: reading the columns: %w", err)
	}
	t := Table{Columns: cols, Rows: [][]any{}}
	dest := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for j := range dest {
		ptrs[j] = &dest[j]
	}
	for rows.Next() {
		if len(t.Rows) == maxSQLRows {
			return Table{}, fmt.Errorf("table: more than %d rows: add a LIMIT to the query", maxSQLRows)
		}
		if err := rows.Scan(ptrs...); err != nil {
			return Table{}, fmt.Errorf("table: reading row %d: %w", len(t.Rows), err)
		}
		row := make([]any, len(cols))
		for j, v := range dest {
			switch x := v.(type) {
			case []byte:
				v = string(x) // the driver may reuse the bytes
			case float64:
				if math.IsNaN(x) || math.IsInf(x, 0) {
					v = nil // as From: JSON has no number for them
				}
			}
			row[j] = v
		}
		t.Rows = append(t.Rows, row)
	}
	if err := rows.Err(); err != nil {
		return Table{}, fmt.Errorf("table: reading the rows: %w", err)
	}
	return t, nil
}
