package st

import "github.com/gost-dev/gost/internal/table"

// rowsData reads what database/sql returned (a *sql.Rows) into a table
// the elements take; other data is returned as it is.
// A *Frame becomes the table it holds.
func rowsData(data any) (any, error) {
	switch d := data.(type) {
	case *Frame:
		if d == nil {
			return nil, nil
		}
		return d.f, nil
	case table.SQLRows:
		return table.FromSQL(d)
	}
	return data, nil
}
