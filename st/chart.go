package st

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/gost-dev/gost/internal/table"
)

// LineChart draws data as lines, one per numeric column, like Streamlit's
// st.line_chart. data is a slice of structs or of maps (a row each), a map
// of column slices such as map[string][]float64, a slice of slices, or a
// slice of numbers.
//
// The x axis is the row index 0, 1, 2, … unless [Ctx.X] names a column;
// [Ctx.Y] picks the columns drawn (default: every numeric column but x).
// Numbers on x make a numeric axis, time.Time values a time axis (in the
// browser's time zone), anything else categories, in the order of the rows.
// Points are joined in the order of x; a missing value, or NaN, leaves a
// gap in its line.
//
//	st.LineChart(map[string][]float64{"sales": sales, "costs": costs})
//	st.LineChart(days, st.X("Date"), st.Y("Visitors"))
//
// Data that cannot be drawn (an unknown column, a text column as y, no
// numbers at all) shows as an error box in the page.
func (c *Ctx) LineChart(data any, opts ...Option) { c.chart(lineChart, data, opts) }

// BarChart draws data as bars, one bar per row and numeric column, like
// Streamlit's st.bar_chart; several columns make groups of bars side by
// side. Each x value, number, time or text, is a category of its own,
// in the order of the rows. The data and the options, [Ctx.X] and [Ctx.Y],
// are those of [Ctx.LineChart].
//
//	st.BarChart([]Sale{{"Mon", 3}, {"Tue", 5}}, st.X("Day"))
func (c *Ctx) BarChart(data any, opts ...Option) { c.chart(barChart, data, opts) }

// A chart's element kind is the kind of chart it draws; its node is a
// "chart".
var (
	lineChart = element{"line", "st.LineChart", false, optX | optY}
	barChart  = element{"bar", "st.BarChart", false, optX | optY}
)

// chartProps are the props of a "chart" element. X is nil for the row
// index: the browser counts rows itself, and the props stay smaller.
type chartProps struct {
	Kind   string        `json:"kind"`
	X      *chartAxis    `json:"x"`
	Series []chartSeries `json:"series"`
}

type chartAxis struct {
	Name   string `json:"name"`
	Type   string `json:"type"`   // number, time or category
	Values any    `json:"values"` // numbers for a number axis, else strings
}

type chartSeries struct {
	Name   string  `json:"name"`
	Values numbers `json:"values"`
}

func (c *Ctx) chart(e element, data any, opts []Option) {
	cfg, ok := c.check(e, "", opts)
	if !ok {
		return
	}
	props, err := chartOf(e.kind, data, cfg)
	if err != nil {
		c.fail(e, "", err)
		return
	}
	c.add("chart", props)
}

func chartOf(kind string, data any, cfg *config) (chartProps, error) {
	t, err := table.From(data)
	if err != nil {
		return chartProps{}, err
	}
	p := chartProps{Kind: kind, Series: []chartSeries{}}
	x := -1
	if cfg.x != "" {
		if x = t.Column(cfg.x); x < 0 {
			return p, noColumn(t, cfg.x)
		}
		p.X = axisOf(t, x)
	}
	ys, err := seriesColumns(t, x, cfg.y)
	if err != nil {
		return p, err
	}
	for _, j := range ys {
		s := chartSeries{Name: t.Columns[j], Values: make(numbers, len(t.Rows))}
		for i, row := range t.Rows {
			s.Values[i] = math.NaN()
			if f, ok := table.Float(row[j]); ok {
				s.Values[i] = f
			}
		}
		p.Series = append(p.Series, s)
	}
	return p, nil
}

// seriesColumns returns the columns to draw: those asked for, or every
// numeric one but x.
func seriesColumns(t table.Table, x int, names []string) ([]int, error) {
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
		if j != x && t.Numeric(j) {
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

// axisOf describes column j as an x axis, numeric, time or categories.
func axisOf(t table.Table, j int) *chartAxis {
	a := &chartAxis{Name: t.Columns[j]}
	switch {
	case t.Numeric(j):
		v := make(numbers, len(t.Rows))
		for i, row := range t.Rows {
			v[i] = math.NaN()
			if f, ok := table.Float(row[j]); ok {
				v[i] = f
			}
		}
		a.Type, a.Values = "number", v
	case times(t, j):
		v := make([]*string, len(t.Rows))
		for i, row := range t.Rows {
			if tm, ok := row[j].(time.Time); ok {
				s := tm.Format(time.RFC3339Nano)
				v[i] = &s
			}
		}
		a.Type, a.Values = "time", v
	default:
		v := make([]string, len(t.Rows))
		for i, row := range t.Rows {
			v[i] = category(row[j])
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
