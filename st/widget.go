package st

import (
	"math"
	"slices"

	"github.com/gost-dev/gost/internal/script"
)

// widgetProps are the props every widget has.
//
// A prop at its default is left out of the page (docs/protocol.md): a field
// whose zero value is the frontend's default is omitempty, and its default
// is in frontend/defaults.js for every kind that has it (package sttest
// fails a test whose page shows the server sending one at its default).
// Where the zero value is not the default, the field is always sent.
type widgetProps struct {
	Label    string `json:"label"`
	Help     string `json:"help,omitempty"`
	Disabled bool   `json:"disabled,omitempty"`
	// LabelVisibility is "hidden" or "collapsed"; "" shows the label.
	LabelVisibility string `json:"label_visibility,omitempty"`
}

// widget is the part every widget shares: the one call that asks the run
// for the widget's value (w says what the widget is; its key, form and
// callbacks come from cfg, the options [Ctx.check] collected). It returns
// the widget's id and current value, decoded by w.Decode from what the
// session holds (the default when nothing valid is), and the value to
// show: the same, but for the defaults after a form that clears on submit
// was sent. The caller then draws the node with [Ctx.draw].
func (c *Ctx) widget(w script.Widget, cfg *config) (id string, value, shown any, ok bool) {
	return c.widgetWithin(w, cfg, nil)
}

// widgetWithin is widget for a widget decoded by w.DecodeWithin, which
// checks its values against within (script.Run.WidgetWithin).
func (c *Ctx) widgetWithin(w script.Widget, cfg *config, within *script.Domain) (id string, value, shown any, ok bool) {
	w.Key, w.Form, w.ClearOnSubmit = cfg.key, c.formKey(), c.clearsOnSubmit()
	w.OnChange, w.OnClick = cfg.onChange, cfg.onClick
	id, value, shown, err := c.run.WidgetWithin(&w, within)
	if err != nil {
		c.Exception(callError(callName(w.Kind), true, w.Label, err))
		return id, w.Default, w.Default, false
	}
	return id, value, shown, true
}

// draw adds a widget's node.
func (c *Ctx) draw(kind, id string, props any) { c.leaf(kind, id, props) }

func base(label string, cfg *config) widgetProps {
	vis := cfg.labelVisibility
	if vis == "visible" {
		vis = ""
	}
	return widgetProps{Label: label, Help: cfg.help, Disabled: cfg.disabled, LabelVisibility: vis}
}

// Decoders from what the browser sends (JSON types) to widget values.

func asBool(v any) (any, bool) { b, ok := v.(bool); return b, ok }

func asString(v any) (any, bool) { _, ok := v.(string); return v, ok }

func asFloat(v any) (any, bool) {
	switch x := v.(type) {
	case float64:
		return v, true // as it is: boxed again, it would be an allocation
	case int:
		return float64(x), true
	}
	return nil, false
}

// The decoders of choices and numbers read what they check a value
// against from a script.Domain (script.Widget.Within), not from a
// closure: a closure, and the app's slice of choices it held, were three
// allocations a widget on every rerun.

// asOption reads a choice: an option of d.Choices (from the session
// state), or its index (from the page, which sends -1 for none). Its
// value is the option, or nil for none.
func asOption(d *script.Domain, v any) (any, bool) {
	choices := d.Choices
	switch x := v.(type) {
	case nil:
		return nil, true
	case string:
		return v, slices.Contains(choices, x)
	}
	i, ok := asIndex(v, len(choices))
	if !ok || i < 0 {
		return nil, ok && i == -1
	}
	return choices[i], true
}

// asSomeOption is asOption for a select slider, which always points at
// a choice: none is not a value.
func asSomeOption(d *script.Domain, v any) (any, bool) {
	o, ok := asOption(d, v)
	return o, ok && o != nil
}

// asNumber reads a number input's or slider's value, kept within
// [d.Min, d.Max].
func asNumber(d *script.Domain, x any) (any, bool) {
	f, ok := asFloat(x)
	if !ok || math.IsNaN(f.(float64)) || math.IsInf(f.(float64), 0) {
		return nil, false
	}
	if c := math.Min(math.Max(f.(float64), d.Min), d.Max); c != f.(float64) {
		return c, true
	}
	return f, true
}

// asOptions reads a multiple choice: the options chosen (from the session
// state) or their indices (from the page). Its value is the []string of
// options chosen, in the order of d.Choices, each once.
func asOptions(d *script.Domain, v any) (any, bool) {
	choices := d.Choices
	var chosen []bool
	pick := func(i int) {
		if chosen == nil {
			chosen = make([]bool, len(choices))
		}
		chosen[i] = true
	}
	switch x := v.(type) {
	case []string:
		last, inOrder := -1, true
		for _, s := range x {
			i := slices.Index(choices, s)
			if i < 0 {
				return nil, false
			}
			inOrder = inOrder && i > last
			last = i
		}
		if inOrder {
			return v, true // as the session state holds it: no copy
		}
		for _, s := range x {
			pick(slices.Index(choices, s))
		}
	case defaultIndices:
		for _, i := range x {
			if i < 0 || i >= len(choices) {
				return nil, false
			}
			pick(i)
		}
	case defaultMask:
		for i := 0; x != 0; i, x = i+1, x>>1 {
			if x&1 == 0 {
				continue
			}
			if i >= len(choices) {
				return nil, false
			}
			pick(i)
		}
	case []any:
		for _, e := range x {
			i, ok := asIndex(e, len(choices))
			if !ok || i < 0 {
				return nil, false
			}
			pick(i)
		}
	default:
		return nil, false
	}
	out := []string{}
	for i, c := range chosen {
		if c {
			out = append(out, choices[i])
		}
	}
	return out, true
}

// defaultIndex and defaultIndices are a choice's default as st hands it
// to the engine: indices, of types no browser sends and no app sets (an
// app chooses by option), and small ints box without allocating.
type (
	defaultIndex   int
	defaultIndices []int
	// defaultMask is a multiple choice's default when the options chosen
	// are among the first 64: bit i for choice i. Under 256 (among the
	// first eight) it boxes without an allocation, as defaultIndices
	// never does.
	defaultMask uint64
)

// defaultsOf returns the default of a multiple choice of the options at
// indices: a defaultMask when it can be one.
func defaultsOf(indices []int) any {
	var mask defaultMask
	for _, i := range indices {
		if i < 0 || i >= 64 {
			return defaultIndices(slices.Clone(indices))
		}
		mask |= 1 << i
	}
	return mask
}

// boxedWhole holds the whole numbers 0 to 255 as float64s in interfaces:
// a number widget's default mostly is one, and boxed anew it would be an
// allocation per widget on every rerun (the runtime keeps small integers
// the same way).
var boxedWhole = func() (b [256]any) {
	for i := range b {
		b[i] = float64(i)
	}
	return b
}()

// boxFloat returns f in an interface, from boxedWhole when it is there.
func boxFloat(f float64) any {
	if i := int(f); i >= 0 && i < len(boxedWhole) && float64(i) == f && !math.Signbit(f) {
		return boxedWhole[i]
	}
	return f
}

// asIndex reads an index into n choices, or -1 for none: a number from the
// page (JSON's), or a default from st.
func asIndex(v any, n int) (int, bool) {
	var f float64
	switch x := v.(type) {
	case float64:
		f = x
	case defaultIndex:
		f = float64(x)
	default:
		return 0, false
	}
	i := int(f)
	return i, float64(i) == f && i >= -1 && i < n
}
