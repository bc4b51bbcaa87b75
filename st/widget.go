package st

import (
	"fmt"

	"github.com/gost-dev/gost/internal/script"
)

// widgetProps are the props every widget has.
type widgetProps struct {
	Label    string `json:"label"`
	Help     string `json:"help"`
	Disabled bool   `json:"disabled"`
}

// widget is the part every widget shares: options, and the one call that
// asks the run for the widget's value (w says what the widget is; its key,
// form and callbacks come from opts). It returns the widget's id and current
// value, decoded by w.Decode from what the session holds (the default when
// nothing valid is), and the value to show: the same, but for the defaults
// after a form that clears on submit was sent. The caller then draws the
// node with [Ctx.draw].
func (c *Ctx) widget(w script.Widget, opts []Option) (id string, value, shown any, cfg *config, ok bool) {
	c.run.Check()
	cfg = options(opts)
	if cfg.err != nil {
		c.Exception(fmt.Errorf("st: %s %q: %w", w.Kind, w.Label, cfg.err))
	}
	w.Key, w.Form, w.ClearOnSubmit = cfg.key, c.form, c.clear
	w.OnChange, w.OnClick = cfg.onChange, cfg.onClick
	id, value, shown, err := c.run.Widget(&w)
	if err != nil {
		c.Exception(fmt.Errorf("st: %w", err))
		return id, w.Default, w.Default, cfg, false
	}
	return id, value, shown, cfg, true
}

// draw adds a widget's node.
func (c *Ctx) draw(kind, id string, props any) {
	c.run.Add(c.block, node(kind, id, props))
}

func base(label string, cfg *config) widgetProps {
	return widgetProps{Label: label, Help: cfg.help, Disabled: cfg.disabled}
}

// Decoders from what the browser sends (JSON types) to widget values.

func asBool(v any) (any, bool) { b, ok := v.(bool); return b, ok }

func asString(v any) (any, bool) { _, ok := v.(string); return v, ok }

func asFloat(v any) (any, bool) {
	switch v := v.(type) {
	case float64:
		return v, true
	case int:
		return float64(v), true
	}
	return nil, false
}

func asIndex(n int) func(any) (any, bool) {
	return func(v any) (any, bool) {
		f, ok := asFloat(v)
		if !ok {
			return nil, false
		}
		i := int(f.(float64))
		return i, i >= -1 && i < n && float64(i) == f.(float64)
	}
}

func asIndices(n int) func(any) (any, bool) {
	return func(v any) (any, bool) {
		var out []int
		switch v := v.(type) {
		case []int:
			out = v
		case []any:
			out = make([]int, 0, len(v))
			for _, x := range v {
				f, ok := asFloat(x)
				if !ok {
					return nil, false
				}
				out = append(out, int(f.(float64)))
			}
		default:
			return nil, false
		}
		for _, i := range out {
			if i < 0 || i >= n {
				return nil, false
			}
		}
		return out, true
	}
}
