package st

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

var echartsElement = element{"echarts", "st.ECharts", false, takes(optHeight)}

// echartsHeight is a chart's height without [Ctx.Height], in CSS pixels:
// ECharts needs one, and a legend, axes and a zoom slider need room.
const echartsHeight = 400

// ECharts draws a chart with Apache ECharts (echarts.apache.org) from
// option, a whole ECharts option as its documentation describes it: any
// series type (pie, heatmap, candlestick, sankey, …), tooltips, legends,
// zoom, visual maps, datasets. option is a map or struct that encoding/json
// turns into that option, or the option's JSON itself as a string, []byte
// or json.RawMessage. A chart of go-echarts (github.com/go-echarts) is
// taken as it is: gost calls its Validate and JSON methods, as go-echarts'
// own page would.
//
//	st.ECharts(map[string]any{
//		"xAxis":   map[string]any{"type": "category", "data": days},
//		"yAxis":   map[string]any{"type": "value"},
//		"tooltip": map[string]any{"trigger": "axis"},
//		"series":  []any{map[string]any{"type": "line", "data": visitors}},
//	})
//
// The chart is as wide as its column and [Ctx.Height] pixels high (default
// 400). It follows the page's light or dark theme, on the page's
// background unless option sets backgroundColor. Formatters are template
// strings ("{b}: {c}"): the page runs no code the app sends, so a
// JavaScript function (go-echarts' opts.FuncOpts) is refused.
//
// The library, 368 KB gzipped, is part of the app's binary and is loaded
// only by a page that draws such a chart. An option that is not a JSON
// object shows as an error box here; one that ECharts rejects shows
// ECharts' message in the chart's place.
func (c *Ctx) ECharts(option any, opts ...Option) {
	cfg, ok := c.check(echartsElement, "", opts)
	if !ok {
		return
	}
	raw, err := echartsOption(option)
	if err != nil {
		c.fail(echartsElement, "", err)
		return
	}
	height := cfg.height
	if height == 0 {
		height = echartsHeight
	}
	c.add(echartsElement.kind, struct {
		Option json.RawMessage `json:"option"`
		Height int             `json:"height"`
	}{raw, height})
}

// goECharts is what a go-echarts chart (charts.Bar, charts.Line, …) has:
// JSON returns its option, once Validate has filled in its defaults.
type goECharts interface {
	JSON() map[string]any
}

// funcMarker is how go-echarts marks a JavaScript function in a string
// (types.FuncStr), for its own page template to unquote.
const funcMarker = "__f__"

// echartsOption returns option as the JSON of an ECharts option, or why it
// is not one.
func echartsOption(option any) (json.RawMessage, error) {
	var raw []byte
	switch o := option.(type) {
	case nil:
		return nil, errors.New("option is nil; want an ECharts option")
	case json.RawMessage:
		raw = o
	case []byte:
		raw = o
	case string:
		raw = []byte(o)
	case goECharts:
		if v, ok := o.(interface{ Validate() }); ok {
			v.Validate()
		}
		var err error
		if raw, err = json.Marshal(o.JSON()); err != nil {
			return nil, fmt.Errorf("option: %w", err)
		}
	default:
		var err error
		if raw, err = json.Marshal(o); err != nil {
			return nil, fmt.Errorf("option: %w", err)
		}
	}
	if !json.Valid(raw) {
		var v any
		err := json.Unmarshal(raw, &v)
		return nil, fmt.Errorf("option is not JSON: %w", err)
	}
	if t := bytes.TrimLeft(raw, " \t\r\n"); len(t) == 0 || t[0] != '{' {
		return nil, fmt.Errorf("option is %.40s; want an ECharts option, a JSON object", t)
	}
	if bytes.Contains(raw, []byte(`"`+funcMarker)) {
		return nil, errors.New("option holds a JavaScript function (go-echarts' opts.FuncOpts), which the page does not run: " +
			"its Content-Security-Policy runs no code from the app; use a template string such as \"{b}: {c}\"")
	}
	return raw, nil
}
