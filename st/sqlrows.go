package st

import "github.com/gost-dev/gost/internal/table"

// rowsData reads what database/sql returned (a *sql.Rows) into a table
// the elements take; other data is returned as it is.
func rowsData(data any) (any, error) {
	if rows, ok := data.(table.SQLRows); ok {
		return table.FromSQL(rows)
	}
	return data, nil
}
