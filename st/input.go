package st

import (
	"fmt"
	"math"
	"unicode/utf8"

	"github.com/gost-dev/gost/internal/script"
)

// Checkbox draws a checkbox and returns whether it is ticked. Its default
// is [Ctx.Value](false).
func (c *Ctx) Checkbox(label string, opts ...Option) bool {
	return c.boolWidget("checkbox", label, opts)
}

// Toggle draws an on/off switch and returns whether it is on.
func (c *Ctx) Toggle(label string, opts ...Option) bool {
	return c.boolWidget("toggle", label, opts)
}

func (c *Ctx) boolWidget(kind, label string, opts []Option) bool {
	def, _ := options(opts).value.(bool)
	id, v, shown, cfg, ok := c.widget(script.Widget{Kind: kind, Label: label, Default: def, Decode: asBool}, opts)
	if !ok {
		return def
	}
	c.draw(kind, id, struct {
		widgetProps
		Value bool `json:"value"`
	}{base(label, cfg), shown.(bool)})
	return v.(bool)
}

// TextInput draws a one-line text field and returns its text. The value is
// sent when the user presses Enter or leaves the field, as in Streamlit.
// Options: [Ctx.Value], [Ctx.Placeholder], [Ctx.MaxChars], [Ctx.Password].
func (c *Ctx) TextInput(label string, opts ...Option) string {
	return c.textWidget("text_input", label, opts)
}

// TextArea draws a multi-line text field and returns its text.
func (c *Ctx) TextArea(label string, opts ...Option) string {
	return c.textWidget("text_area", label, opts)
}

func (c *Ctx) textWidget(kind, label string, opts []Option) string {
	cfg := options(opts)
	def, _ := cfg.value.(string)
	decode := asString
	if n := cfg.maxChars; n > 0 {
		// Text is kept within MaxChars, whoever sets it: the page (its
		// field stops there), session state, or a hostile client.
		decode = func(v any) (any, bool) {
			s, ok := v.(string)
			if ok && utf8.RuneCountInString(s) > n {
				return string([]rune(s)[:n]), true
			}
			return v, ok
		}
		d, _ := decode(def)
		def = d.(string)
	}
	id, v, shown, cfg, ok := c.widget(script.Widget{Kind: kind, Label: label, Default: def, Decode: decode}, opts)
	if !ok {
		return def
	}
	s := v.(string)
	c.draw(kind, id, struct {
		widgetProps
		Value       string `json:"value"`
		Placeholder string `json:"placeholder"`
		Password    bool   `json:"password,omitempty"`
		MaxChars    int    `json:"max_chars"`
	}{base(label, cfg), shown.(string), cfg.placeholder, cfg.password, cfg.maxChars})
	return s
}

// NumberInput draws a number field with step buttons and returns its value.
// Options: [Ctx.Value], [Ctx.Min], [Ctx.Max], [Ctx.Step] (default 1).
func (c *Ctx) NumberInput(label string, opts ...Option) float64 {
	cfg := options(opts)
	return c.numberWidget("number_input", label, opts, cfg.min, cfg.max)
}

// Slider draws a slider from min to max and returns its value. Its default
// is min unless [Ctx.Value] says otherwise; [Ctx.Step] defaults to 1.
func (c *Ctx) Slider(label string, min, max float64, opts ...Option) float64 {
	return c.numberWidget("slider", label, opts, &min, &max)
}

func (c *Ctx) numberWidget(kind, label string, opts []Option, min, max *float64) float64 {
	cfg := options(opts)
	def, err := toFloat(cfg.value)
	if err != nil {
		c.Exception(fmt.Errorf("st: %s %q: %w", kind, label, err))
	}
	if cfg.value == nil && min != nil && (kind == "slider" || *min > 0) {
		def = *min
	}
	step := 1.0
	if cfg.step != nil && *cfg.step > 0 {
		step = *cfg.step
	}
	clamp := func(f float64) float64 {
		if min != nil {
			f = math.Max(f, *min)
		}
		if max != nil {
			f = math.Min(f, *max)
		}
		return f
	}
	def = clamp(def)
	id, v, shown, wcfg, ok := c.widget(script.Widget{Kind: kind, Label: label, Default: def, Decode: func(x any) (any, bool) {
		f, ok := asFloat(x)
		if !ok || math.IsNaN(f.(float64)) || math.IsInf(f.(float64), 0) {
			return nil, false
		}
		if c := clamp(f.(float64)); c != f.(float64) {
			return c, true
		}
		return f, true
	}}, opts)
	if !ok {
		return def
	}
	f := v.(float64)
	format := "float"
	if isWhole(step) && isWhole(def) {
		format = "int"
	}
	c.draw(kind, id, struct {
		widgetProps
		Value  float64  `json:"value"`
		Min    *float64 `json:"min"`
		Max    *float64 `json:"max"`
		Step   float64  `json:"step"`
		Format string   `json:"format"`
	}{base(label, wcfg), shown.(float64), min, max, step, format})
	return f
}

func isWhole(f float64) bool { return f == math.Trunc(f) }

func toFloat(v any) (float64, error) {
	switch v := v.(type) {
	case nil:
		return 0, nil
	case float64:
		return v, nil
	case float32:
		return float64(v), nil
	case int:
		return float64(v), nil
	case int64:
		return float64(v), nil
	case int32:
		return float64(v), nil
	}
	return 0, fmt.Errorf("Value must be a number, not %T", v)
}
