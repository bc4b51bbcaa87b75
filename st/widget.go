package st

import "github.com/gost-dev/gost/internal/script"

// widgetProps are the props every widget has.
type widgetProps struct {
	Label    string `json:"label"`
	Help     string `json:"help"`
	Disabled bool   `json:"disabled"`
}

// widget is the part every widget shares: options, identity, the stored
// value, callbacks. It returns the widget's id and current value, decoded by
// decode from what was stored (the default when nothing valid was), and the
// value to show: the same, but for the defaults after a form that clears
// on submit was sent. The caller then draws the node with [Ctx.draw].
func (c *Ctx) widget(kind, label string, opts []Option, def any, decode func(any) (any, bool)) (id string, value, shown any, cfg *config, ok bool) {
	c.run.Check()
	cfg = options(opts) // checked by the element: see element.config
	id = script.WidgetID(kind, label, cfg.key)
	if c.form != "" && (kind == "form_submit_button") {
		id = script.WidgetID(kind, c.form+"/"+label, cfg.key)
	}
	if err := c.run.Register(id, kind, label); err != nil {
		c.Exception(callError(callName(kind), true, label, err))
		return id, def, def, cfg, false
	}
	state := c.run.State
	state.Decoders[id] = decode
	value = def
	if stored, has := state.Value(id); has {
		if v, valid := decode(stored); valid {
			value = v
		}
	}
	state.SetValue(id, value)
	shown = value
	if c.clear && kind != "form_submit_button" && c.submitted() {
		shown = def
		state.Cleared[id] = def // this run still reads what was sent
	}
	if cfg.onChange != nil {
		state.Callbacks[id] = *cfg.onChange
	}
	if cfg.onClick != nil {
		state.Callbacks[id] = *cfg.onClick
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

func asString(v any) (any, bool) { s, ok := v.(string); return s, ok }

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
