package st

import (
	"reflect"
	"slices"
	"strconv"
)

// Push makes this run's change of the address a new entry in the
// browser's history, so that Back returns to the address before it,
// instead of replacing the current entry (the default, as Streamlit's
// st.query_params does). Use it for a change the user thinks of as going
// somewhere: a search, a record opened.
//
//	if st.Button("Open order 7") {
//		st.QueryParams().Set("order", "7")
//		st.QueryParams().Push()
//	}
func (q *QueryParams) Push() { q.run.Shell().Push = true }

// QueryParam binds a widget to the query parameter name of the page's
// address, so that a link copied from the address bar opens the widget as
// it was: the widget starts from the parameter's value when the browser
// arrives at an address (a link, a reload, back or forward), and the
// address follows the widget's value, without the parameter while the
// widget is at its default. A value the widget cannot take (a choice it
// does not offer, a number out of bounds) is ignored.
//
//	region := st.Selectbox("Region", regions, st.QueryParam("region"))
//
// Checkboxes, toggles, text inputs and areas, number inputs, sliders,
// selectboxes and radios take it; a choice is written as its text.
func (*Ctx) QueryParam(name string) Option {
	return stringOption{optQueryParam, name}
}

// queryBinding is how a widget's value is written in the address.
type queryBinding struct {
	parse  func(string) (any, bool)
	format func(any) string
}

var (
	boolQuery = queryBinding{
		parse:  func(s string) (any, bool) { b, err := strconv.ParseBool(s); return b, err == nil },
		format: func(v any) string { return strconv.FormatBool(v.(bool)) },
	}
	stringQuery = queryBinding{
		parse:  func(s string) (any, bool) { return s, true },
		format: func(v any) string { return v.(string) },
	}
	floatQuery = queryBinding{
		parse: func(s string) (any, bool) {
			f, err := strconv.ParseFloat(s, 64)
			return f, err == nil
		},
		format: func(v any) string { return strconv.FormatFloat(v.(float64), 'f', -1, 64) },
	}
)

// choiceQuery writes a choice as its option's text; none is no parameter.
func choiceQuery(choices []string) queryBinding {
	return queryBinding{
		parse: func(s string) (any, bool) { return s, slices.Contains(choices, s) },
		format: func(v any) string {
			s, _ := v.(string)
			return s
		},
	}
}

// queryIn returns the value a bound widget takes from the address, for
// [script.Widget.Override]: in the run after the browser arrived at an
// address, the address's value, or the widget's default when the address
// has none or one the binding cannot read. The widget's Decode checks it
// as if the page had sent it. ok is false when the address has no say.
func (c *Ctx) queryIn(cfg *config, def any, b queryBinding) (v any, ok bool) {
	if cfg.queryParam == "" || !c.run.Shell().Arrived {
		return nil, false
	}
	if q := c.QueryParams(); q.Has(cfg.queryParam) {
		if p, ok := b.parse(q.Get(cfg.queryParam)); ok {
			return p, true
		}
	}
	return def, true
}

// queryOut makes the address follow a bound widget's value v.
func (c *Ctx) queryOut(cfg *config, v, def any, b queryBinding) {
	if cfg.queryParam == "" {
		return
	}
	q, name := c.QueryParams(), cfg.queryParam
	if reflect.DeepEqual(v, def) {
		if q.Has(name) {
			q.Del(name)
		}
		return
	}
	if s := b.format(v); q.Get(name) != s || len(q.GetAll(name)) != 1 {
		q.Set(name, s)
	}
}
