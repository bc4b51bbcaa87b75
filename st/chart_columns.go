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
)

// seriesOf reads the series of columns ys: one each, or with a group
// column one per column and distinct value of group, in sorted order.
func seriesOf(t frame, ys []int, group, size int) []series {
	float := func(i, j int) float64 {
		if f, ok := t.float(i, j); ok {
			return f
		}
		return math.NaN()
	}
	n := t.rows()
	var groups []string
	members := map[string][]int{}
	if group >= 0 {
		for i := range n {
			g := category(t.cell(i, group))
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
			s := series{name: t.columns()[j], values: make([]float64, n)}
			for i := range n {
				s.values[i] = float(i, j)
			}
			if size >= 0 {
				s.sizes = make([]float64, n)
				for i := range n {
					s.sizes[i] = float(i, size)
				}
			}
			all = append(all, s)
			continue
		}
		for _, g := range groups {
			s := series{name: g, rows: members[g]}
			if len(ys) > 1 {
				s.name = t.columns()[j] + ", " + g
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
func colorsOf(t frame, color []string) ([]string, int, error) {
	if len(color) == 1 {
		if j := columnIndex(t, color[0]); j >= 0 {
			return nil, j, nil
		}
	}
	for _, c := range color {
		if !cssColor(c) {
			return nil, -1, fmt.Errorf("color %q is neither a column (columns: %s) nor a CSS colour such as #1c83e1 or teal", c, strings.Join(t.columns(), ", "))
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
func seriesColumns(t frame, not []int, names []string) ([]int, error) {
	var ys []int
	for _, name := range names {
		j := columnIndex(t, name)
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
	for j := range t.columns() {
		if !slices.Contains(not, j) && numeric(t, j) {
			ys = append(ys, j)
		}
	}
	// No rows is an empty chart, as when a filter leaves nothing: only
	// rows can show that no column holds numbers.
	if len(ys) == 0 && t.rows() > 0 {
		return nil, fmt.Errorf("no numeric column to draw (columns: %s)", strings.Join(t.columns(), ", "))
	}
	return ys, nil
}

func noColumn(t frame, name string) error {
	return fmt.Errorf("no column %q (columns: %s)", name, strings.Join(t.columns(), ", "))
}

// numbersOnly reports whether column j holds nothing but numbers and
// empty cells. Unlike numeric it allows an empty column, which a Y the
// app asked for may well be.
func numbersOnly(t frame, j int) bool {
	for i := range t.rows() {
		if _, ok := t.float(i, j); !ok && t.cell(i, j) != nil {
			return false
		}
	}
	return true
}

// axisOf describes column j as an x axis, numeric, time or categories,
// for the rows in kept, or all of them when kept is nil.
func axisOf(t frame, j int, kept []int) *chartAxis {
	a := &chartAxis{Name: t.columns()[j]}
	rows := kept
	if rows == nil {
		rows = make([]int, t.rows())
		for i := range rows {
			rows[i] = i
		}
	}
	switch {
	case numeric(t, j):
		v := make(numbers, len(rows))
		for k, i := range rows {
			v[k] = math.NaN()
			if f, ok := t.float(i, j); ok {
				v[k] = f
			}
		}
		a.Type, a.Values = "number", v
	case times(t, j):
		v := make([]*string, len(rows))
		for k, i := range rows {
			if tm, ok := t.cell(i, j).(time.Time); ok {
				s := tm.Format(time.RFC3339Nano)
				v[k] = &s
			}
		}
		a.Type, a.Values = "time", v
	default:
		v := make([]string, len(rows))
		for k, i := range rows {
			v[k] = category(t.cell(i, j))
		}
		a.Type, a.Values = "category", v
	}
	return a
}

// times reports whether column j holds times and empty cells only.
func times(t frame, j int) bool {
	n := 0
	for i := range t.rows() {
		if c := t.cell(i, j); c == nil {
			continue
		} else if _, ok := c.(time.Time); ok {
			n++
		} else {
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
