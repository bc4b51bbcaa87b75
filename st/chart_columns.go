package st

// How a chart reads its data's columns: the series to draw, the x axis,
// colours, and the numbers' encoding.

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gost-dev/gost/internal/table"
)

// seriesOf reads the series of columns ys: one each, or with a group
// column one per column and distinct value of group, in sorted order.
func seriesOf(t table.Table, ys []int, group, size int) []series {
	float := func(i, j int) float64 {
		if f, ok := table.Float(t.Rows[i][j]); ok {
			return f
		}
		return math.NaN()
	}
	var groups []string
	members := map[string][]int{}
	if group >= 0 {
		for i, row := range t.Rows {
			g := category(row[group])
			if _, ok := members[g]; !ok {
				groups = append(groups, g)
			}
			members[g] = append(members[g], i)
		}
		slices.Sort(groups)
	}
	var all []series
	for _, j := range ys {
		if group < 0 {
			s := series{name: t.Columns[j], values: make([]float64, len(t.Rows))}
			for i := range t.Rows {
				s.values[i] = float(i, j)
			}
			if size >= 0 {
				s.sizes = make([]float64, len(t.Rows))
				for i := range t.Rows {
					s.sizes[i] = float(i, size)
				}
			}
			all = append(all, s)
			continue
		}
		for _, g := range groups {
			s := series{name: g, rows: members[g]}
			if len(ys) > 1 {
				s.name = t.Columns[j] + ", " + g
			}
			for _, i := range s.rows {
				s.values = append(s.values, float(i, j))
				if size >= 0 {
					s.sizes = append(s.sizes, float(i, size))
				}
			}
			all = append(all, s)
		}
	}
	return all
}

// colorsOf reads [Ctx.Color]: a column that groups the rows, or colours.
func colorsOf(t table.Table, color []string) ([]string, int, error) {
	if len(color) == 1 {
		if j := t.Column(color[0]); j >= 0 {
			return nil, j, nil
		}
	}
	for _, c := range color {
		if !cssColor(c) {
			return nil, -1, fmt.Errorf("color %q is neither a column (columns: %s) nor a CSS colour such as #1c83e1 or teal", c, strings.Join(t.Columns, ", "))
		}
	}
	return color, -1, nil
}

// cssColor reports whether s is a hex colour or could be a colour name:
// what a chart draws with, and nothing that could be more than a colour.
func cssColor(s string) bool {
	if hex, ok := strings.CutPrefix(s, "#"); ok {
		switch len(hex) {
		case 3, 4, 6, 8:
			return strings.Trim(hex, "0123456789abcdefABCDEF") == ""
		}
		return false
	}
	return s != "" && len(s) < 30 && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") == ""
}

// seriesColumns returns the columns to draw: those asked for, or every
// numeric one but the columns in not (x, the group, the size; -1 for none).
func seriesColumns(t table.Table, not []int, names []string) ([]int, error) {
	var ys []int
	for _, name := range names {
		j := t.Column(name)
		if j < 0 {
			return nil, noColumn(t, name)
		}
		if !numbersOnly(t, j) {
			return nil, fmt.Errorf("column %q is not numeric: only numbers can be drawn as y", name)
		}
		ys = append(ys, j)
	}
	if len(names) > 0 {
		return ys, nil
	}
	for j := range t.Columns {
		if !slices.Contains(not, j) && t.Numeric(j) {
			ys = append(ys, j)
		}
	}
	// No rows is an empty chart, as when a filter leaves nothing: only
	// rows can show that no column holds numbers.
	if len(ys) == 0 && len(t.Rows) > 0 {
		return nil, fmt.Errorf("no numeric column to draw (columns: %s)", strings.Join(t.Columns, ", "))
	}
	return ys, nil
}

func noColumn(t table.Table, name string) error {
	return fmt.Errorf("no column %q (columns: %s)", name, strings.Join(t.Columns, ", "))
}

// numbersOnly reports whether column j holds nothing but numbers and
// empty cells. Unlike Table.Numeric it allows an empty column, which a Y
// the app asked for may well be.
func numbersOnly(t table.Table, j int) bool {
	for _, row := range t.Rows {
		if _, ok := table.Float(row[j]); !ok && row[j] != nil {
			return false
		}
	}
	return true
}

// axisOf describes column j as an x axis, numeric, time or categories,
// for the rows in kept, or all of them when kept is nil.
func axisOf(t table.Table, j int, kept []int) *chartAxis {
	a := &chartAxis{Name: t.Columns[j]}
	rows := kept
	if rows == nil {
		rows = make([]int, len(t.Rows))
		for i := range rows {
			rows[i] = i
		}
	}
	switch {
	case t.Numeric(j):
		v := make(numbers, len(rows))
		for k, i := range rows {
			v[k] = math.NaN()
			if f, ok := table.Float(t.Rows[i][j]); ok {
				v[k] = f
			}
		}
		a.Type, a.Values = "number", v
	case times(t, j):
		v := make([]*string, len(rows))
		for k, i := range rows {
			if tm, ok := t.Rows[i][j].(time.Time); ok {
				s := tm.Format(time.RFC3339Nano)
				v[k] = &s
			}
		}
		a.Type, a.Values = "time", v
	default:
		v := make([]string, len(rows))
		for k, i := range rows {
			v[k] = category(t.Rows[i][j])
		}
		a.Type, a.Values = "category", v
	}
	return a
}

// times reports whether column j holds times and empty cells only.
func times(t table.Table, j int) bool {
	n := 0
	for _, row := range t.Rows {
		if _, ok := row[j].(time.Time); ok {
			n++
		} else if row[j] != nil {
			return false
		}
	}
	return n > 0
}

func category(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case fmt.Stringer:
		return v.String()
	}
	return fmt.Sprint(v)
}

// numbers encode as a JSON array with null for NaN, the gaps: JSON has no
// NaN. Writing them directly skips boxing every value in an interface.
type numbers []float64

func (ns numbers) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 2+8*len(ns))
	b = append(b, '[')
	for i, f := range ns {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendNumber(b, f)
	}
	return append(b, ']'), nil
}

// appendNumber writes f the way encoding/json does: plain digits, unless
// the number is very large or very small.
func appendNumber(b []byte, f float64) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return append(b, "null"...)
	}
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		return strconv.AppendFloat(b, f, 'e', -1, 64)
	}
	return strconv.AppendFloat(b, f, 'f', -1, 64)
}
