package st

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/gost-dev/gost/internal/script"
	"github.com/gost-dev/gost/internal/table"
	"github.com/gost-dev/gost/internal/tree"
)

var metric = element{"metric", "st.Metric", true, takes(optHelp, optDelta, optDeltaColor)}

// Metric draws a value in large type under its label, and, with
// [Ctx.Delta], how it changed, as an arrow up or down: a dashboard's key
// figure.
//
//	st.Metric("Temperature", "21 °C", st.Delta("1.2 °C"))
//	st.Metric("Open issues", 42, st.Delta(-3), st.DeltaColor("inverse"))
//
// value is shown as fmt.Sprint shows it; nil shows as "—". Options:
// [Ctx.Delta], [Ctx.DeltaColor], [Ctx.Help].
func (c *Ctx) Metric(label string, value any, opts ...Option) {
	cfg, ok := c.check(metric, label, opts)
	if !ok {
		return
	}
	shown := "—"
	if value != nil {
		shown = fmt.Sprint(value)
	}
	delta, direction := metricDelta(cfg.delta)
	// "normal" is left out: the page reads a metric without a color as
	// normal (docs/protocol.md), and most metrics are.
	color := cfg.deltaColor
	switch color {
	case "", "normal":
		color = ""
	case "inverse", "off":
	default:
		c.fail(metric, label, fmt.Errorf("DeltaColor(%q): want \"normal\", \"inverse\" or \"off\"", color))
		return
	}
	c.add("metric", struct {
		Label     string `json:"label"`
		Value     string `json:"value"`
		Delta     string `json:"delta,omitempty"`
		Direction string `json:"direction,omitempty"` // "up" or "down"
		Color     string `json:"color,omitempty"`     // "inverse" or "off"; absent: normal
		Help      string `json:"help,omitempty"`
	}{label, shown, delta, direction, color, cfg.help})
}

// metricDelta renders a metric's change and tells its direction as
// Streamlit does: down when it reads as negative ("-3", -3, "-1.2 %"),
// else up.
func metricDelta(d any) (text, direction string) {
	if d == nil {
		return "", ""
	}
	if f, ok := table.Float(d); ok {
		if f < 0 {
			return fmt.Sprint(d), "down"
		}
		return fmt.Sprint(d), "up"
	}
	text = strings.TrimSpace(fmt.Sprint(d))
	switch {
	case text == "":
		return "", ""
	case strings.HasPrefix(text, "-") || strings.HasPrefix(text, "−"):
		return text, "down"
	}
	return text, "up"
}

// Delta sets how a [Ctx.Metric] changed: a number, or text such as
// "-3 %". A negative change points down.
func (*Ctx) Delta(delta any) Option { return anyOption{optDelta, delta} }

// DeltaColor sets what a [Ctx.Metric]'s change means: "normal" (up is
// good, green), "inverse" (up is bad, red, as for costs) or "off" (grey).
func (*Ctx) DeltaColor(color string) Option {
	return stringOption{optDeltaColor, color}
}

// Table draws data as a static table, every row at once. data is a slice
// of structs (a column per exported field, named by its json tag if any),
// a slice of maps, a map of columns (map[string][]float64), or a slice of
// slices, a *sql.Rows or a [Frame]. For many rows, or to let the user
// sort, use [Ctx.Dataframe].
//
//	st.Table([]City{{"Oslo", 709_000}, {"Bergen", 291_000}})
func (c *Ctx) Table(data any) { c.table(staticTable, data, &noOptions) }

var (
	staticTable = element{"table", "st.Table", false, optionSet{}}
	dataframe   = element{"dataframe", "st.Dataframe", false, takes(optWidth, optKey, optHelp, optColumnConfig, optOnSelect, optSelectionMode)}
)

func (c *Ctx) table(e element, data any, cfg *config) {
	data, err := rowsData(data)
	if err != nil {
		c.fail(e, "", err)
		return
	}
	var t table.Table
	if f, ok := data.(*table.Frame); ok {
		// A Frame (of a *sql.Rows, of columns): every row, as for any data.
		_, _, rows := f.Window(table.Query{Sort: -1}, 0, f.Len())
		t = table.Table{Columns: f.Columns, Rows: rows}
	} else {
		t, err = table.From(data)
	}
	if err != nil {
		c.fail(e, "", err)
		return
	}
	props := tableProps{Columns: t.Columns, Rows: t.Rows, Numeric: make([]bool, len(t.Columns)), Width: cfg.width}
	if props.Columns == nil {
		props.Columns, props.Rows = []string{}, [][]any{}
	}
	for j := range t.Columns {
		props.Numeric[j] = t.Numeric(j)
	}
	table.ShowRows(t.Rows, nil)
	c.add(e.kind, props)
}

type tableProps struct {
	Columns []string `json:"columns"`
	Rows    [][]any  `json:"rows"`
	Numeric []bool   `json:"numeric"` // right-aligned, sorted as numbers
	Width   int      `json:"width,omitempty"`
}

// Progress draws a progress bar, with text above it if given, and returns
// it, so that [ProgressBar.Set] can move it. As in Streamlit, an integer
// value is a percentage from 0 to 100 and a float is a fraction from 0.0
// to 1.0; others are an error shown in the page.
//
//	bar := st.Progress(0, "Loading data…")
//	for i, part := range parts {
//		load(part)
//		bar.Set(100*(i+1)/len(parts), "Loading data…")
//	}
func (c *Ctx) Progress(value any, text ...string) *ProgressBar {
	return &ProgressBar{c: c, node: c.run.Add(c.block, progressNode(value, text))}
}

// ProgressBar is a progress bar on the page, made by [Ctx.Progress].
type ProgressBar struct {
	c    *Ctx
	node *tree.Node
}

// Set moves the bar to value (as [Ctx.Progress] takes it) and shows text
// above it. The browser sees it within a frame, while the run goes on.
// After the run, Set does nothing: the page it drew on is gone.
func (b *ProgressBar) Set(value any, text ...string) {
	n := progressNode(value, text)
	if b.c.run.Replace(b.c.block, b.node, n) {
		b.node = n
	}
}

func progressNode(value any, text []string) *tree.Node {
	fraction, err := progressFraction(value)
	if err != nil {
		return script.ErrorNode(fmt.Errorf("st.Progress: %w", err))
	}
	return node("progress", "", struct {
		Value float64 `json:"value"`
		Text  string  `json:"text,omitempty"`
	}{fraction, strings.Join(text, " ")})
}

func progressFraction(value any) (float64, error) {
	v := reflect.ValueOf(value)
	switch v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		f, _ := table.Float(value)
		if f < 0 || f > 100 {
			return 0, fmt.Errorf("%v is not a percentage from 0 to 100", value)
		}
		return f / 100, nil
	case reflect.Float32, reflect.Float64:
		if f := v.Float(); f >= 0 && f <= 1 {
			return f, nil
		}
		return 0, fmt.Errorf("%v is not a fraction from 0.0 to 1.0 (for a percentage, pass an int)", value)
	}
	return 0, fmt.Errorf("value is a %T; want an int percentage (0 to 100) or a float fraction (0.0 to 1.0)", value)
}
