package st

import (
	"fmt"
	"math"

	"github.com/gost-dev/gost/internal/table"
)

// LineChart draws data as lines, one per numeric column, like Streamlit's
// st.line_chart. data is a slice of structs or of maps (a row each), a map
// of column slices such as map[string][]float64, a slice of slices, or a
// slice of numbers.
//
// The x axis is the row index 0, 1, 2, … unless [Ctx.X] names a column;
// [Ctx.Y] picks the columns drawn (default: every numeric column but x).
// [Ctx.Color] sets the series' colours, or names a column whose values
// split the rows into series. Numbers on x make a numeric axis, time.Time
// values a time axis (in the browser's time zone), anything else
// categories, in the order of the rows. Points are joined in the order of
// x; a missing value, or NaN, leaves a gap in its line.
//
//	st.LineChart(map[string][]float64{"sales": sales, "costs": costs})
//	st.LineChart(days, st.X("Date"), st.Y("Visitors"))
//
// A series longer than [MaxChartPoints] is downsampled on the server with
// LTTB (largest triangle three buckets), which keeps the peaks and troughs a
// reader would see, so a million points cost a few thousand on the wire;
// the chart says how many points its data has. Hovering the chart shows the
// nearest x and each series' value there; clicking a series in the legend
// hides or shows it.
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
	lineChart    = element{"line", "st.LineChart", false, takes(optX, optY, optColor)}
	barChart     = element{"bar", "st.BarChart", false, takes(optX, optY, optColor)}
	areaChart    = element{"area", "st.AreaChart", false, takes(optX, optY, optColor)}
	scatterChart = element{"scatter", "st.ScatterChart", false, takes(optX, optY, optColor, optSize)}
)

// AreaChart draws data as filled areas stacked on one another, one per
// numeric column, like Streamlit's st.area_chart. The data and the options
// are those of [Ctx.LineChart].
//
//	st.AreaChart(map[string][]float64{"mobile": mobile, "desktop": desktop})
func (c *Ctx) AreaChart(data any, opts ...Option) { c.chart(areaChart, data, opts) }

// ScatterChart draws data as points, one per row and numeric column, like
// Streamlit's st.scatter_chart. [Ctx.X] and [Ctx.Y] pick the columns as for
// [Ctx.LineChart]; [Ctx.Color] may name a column whose values split the
// points into series, and [Ctx.Size] sizes the points.
//
//	st.ScatterChart(cities, st.X("Area"), st.Y("Population"), st.Color("Country"), st.Size("GDP"))
//
// Every point is sent: a scatter chart is not downsampled.
func (c *Ctx) ScatterChart(data any, opts ...Option) {
	c.chart(scatterChart, data, opts)
}

// Color sets the colours of a chart's series, like Streamlit's color=:
// one colour per series, in CSS hex (#1c83e1) or as a CSS colour name, or
// the name of a column whose values split the rows into series (data in
// "long" form, a row per point: st.Color("region")). Without it, series
// take the theme's palette.
func (*Ctx) Color(colorsOrColumn ...string) Option {
	return option{optColor, func(c *config) { c.color = colorsOrColumn }}
}

// Size sets the size of a scatter chart's points, like Streamlit's size=:
// a number is the area of every point in square pixels (default 30), a
// string names a numeric column whose values size each point, the
// largest value at 300 square pixels and none under 20, so each shows.
func (*Ctx) Size(areaOrColumn any) Option {
	return option{optSize, func(c *config) {
		if _, isNumber := table.Float(areaOrColumn); !isNumber {
			if _, isName := areaOrColumn.(string); !isName {
				c.err = fmt.Errorf("Size takes a column name or a number, not %T", areaOrColumn)
				return
			}
		}
		c.size = areaOrColumn
	}}
}

// chartProps are the props of a "chart" element. X is nil, and left out,
// for the row index: the browser counts rows itself, and the props stay
// smaller.
type chartProps struct {
	Kind   string        `json:"kind"`
	X      *chartAxis    `json:"x,omitempty"`
	Series []chartSeries `json:"series"`
	// Downsampled is the number of rows of the data when a series was too
	// long to send whole: then X holds the rows kept, for every series.
	Downsampled int `json:"downsampled,omitempty"`
	// Size is a scatter chart's point area in square pixels, or the name
	// of the column that sizes its points (in each series' Sizes).
	Size any `json:"size,omitempty"`
}

type chartAxis struct {
	Name   string `json:"name,omitempty"` // "" for the row index of a downsampled chart
	Type   string `json:"type"`           // number, time or category
	Values any    `json:"values"`         // numbers for a number axis, else strings
}

type chartSeries struct {
	Name   string  `json:"name"`
	Values numbers `json:"values"`
	// Rows are the positions in X (or the row numbers) of Values, when the
	// series does not have a value for every row: one group of rows of a
	// long table, or the points a downsampled series kept.
	Rows  []int   `json:"rows,omitempty"`
	Color string  `json:"color,omitempty"` // CSS colour; "" for the palette
	Sizes numbers `json:"sizes,omitempty"` // scatter: the size column's value of each point
}

// series is a chartSeries under construction: rows are row numbers of
// the table, nil for all of them.
type series struct {
	name   string
	rows   []int
	values []float64
	sizes  []float64
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
	t, err := frameOf(data)
	if err != nil {
		return chartProps{}, err
	}
	return chartFrom(kind, t, cfg)
}

func chartFrom(kind string, t frame, cfg *config) (chartProps, error) {
	p := chartProps{Kind: kind, Series: []chartSeries{}}
	x, group, size := -1, -1, -1
	if cfg.x != "" {
		if x = columnIndex(t, cfg.x); x < 0 {
			return p, noColumn(t, cfg.x)
		}
	}
	colors, group, err := colorsOf(t, cfg.color)
	if err != nil {
		return p, err
	}
	switch v := cfg.size.(type) {
	case nil:
	case string: // only a scatter chart takes Size: see scatterChart
		if size = columnIndex(t, v); size < 0 {
			return p, noColumn(t, v)
		}
		if !numbersOnly(t, size) {
			return p, fmt.Errorf("column %q is not numeric: only numbers can size points", v)
		}
		p.Size = v
	default:
		area, _ := table.Float(v)
		if !(area > 0) || math.IsInf(area, 0) {
			return p, fmt.Errorf("point size %v is not a positive area in square pixels", v)
		}
		p.Size = area
	}
	ys, err := seriesColumns(t, []int{x, group, size}, cfg.y)
	if err != nil {
		return p, err
	}
	all := seriesOf(t, ys, group, size)
	if len(colors) > 0 && len(colors) != len(all) && len(all) > 0 {
		return p, fmt.Errorf("%d colours for %d series", len(colors), len(all))
	}

	// Long lines and areas are downsampled; the x axis then only holds the
	// rows some series kept.
	var kept []int
	if kind == "line" || kind == "area" {
		all, kept = downsample(t, x, all, MaxChartPoints)
		if kept != nil {
			p.Downsampled = t.rows()
		}
	}
	if x >= 0 {
		p.X = axisOf(t, x, kept)
	} else if kept != nil {
		index := make(numbers, len(kept))
		for k, i := range kept {
			index[k] = float64(i)
		}
		p.X = &chartAxis{Type: "number", Values: index}
	}
	var pos map[int]int // row number → position in X
	if kept != nil {
		pos = make(map[int]int, len(kept))
		for k, i := range kept {
			pos[i] = k
		}
	}
	for j, s := range all {
		cs := chartSeries{Name: s.name, Values: s.values, Sizes: s.sizes}
		if j < len(colors) {
			cs.Color = colors[j]
		}
		if s.rows != nil {
			cs.Rows = make([]int, len(s.rows))
			every := len(s.rows) == len(kept)
			for k, i := range s.rows {
				if pos != nil {
					i = pos[i]
				}
				cs.Rows[k] = i
				every = every && i == k
			}
			if every {
				cs.Rows = nil
			}
		}
		p.Series = append(p.Series, cs)
	}
	return p, nil
}
