package st

import (
	"errors"
	"fmt"
	"math"
	"unicode/utf8"

	"github.com/gost-dev/gost/internal/script"
	"github.com/gost-dev/gost/internal/table"
)

var (
	checkbox = element{"checkbox", "st.Checkbox", true, widgetOptions.with(optValue, optOnChange, optQueryParam)}
	toggle   = element{"toggle", "st.Toggle", true, widgetOptions.with(optValue, optOnChange, optQueryParam)}
)

// Checkbox draws a checkbox and returns whether it is ticked. Its default
// is [Ctx.Value](false). Options: [Ctx.Key], [Ctx.Help], [Ctx.Disabled],
// [Ctx.Value], [Ctx.OnChange], [Ctx.QueryParam].
func (c *Ctx) Checkbox(label string, opts ...Option) bool {
	return c.boolWidget(checkbox, label, opts)
}

// Toggle draws an on/off switch and returns whether it is on. It takes the
// options of [Ctx.Checkbox].
func (c *Ctx) Toggle(label string, opts ...Option) bool {
	return c.boolWidget(toggle, label, opts)
}

func (c *Ctx) boolWidget(e element, label string, opts []Option) bool {
	cfg, ok := c.check(e, label, opts)
	if !ok {
		return false
	}
	def, err := boolDefault(cfg)
	if err != nil {
		c.fail(e, label, err)
		return false
	}
	spec := script.Widget{Kind: e.kind, Label: label, Default: def, Decode: asBool}
	spec.Override, spec.Overridden = c.queryIn(cfg, def, boolQuery)
	id, v, shown, ok := c.widget(spec, cfg)
	if !ok {
		return def
	}
	c.queryOut(cfg, v, def, boolQuery)
	c.drawBool(e.kind, id, label, cfg, shown.(bool))
	return v.(bool)
}

// boolDefault returns a checkbox's or toggle's Value. It is a frame of its
// own, not in boolWidget's while the engine reads the widget's value (see
// drawChoice), as is drawBool.
//
//go:noinline
func boolDefault(cfg *config) (bool, error) {
	def, _, err := valueOf[bool](cfg, "a bool")
	return def, err
}

// drawBool adds a checkbox's or toggle's node.
//
//go:noinline
func (c *Ctx) drawBool(kind, id, label string, cfg *config, shown bool) {
	leafOf(c, kind, id, boolProps{base(label, cfg), shown})
}

var (
	textInput = element{"text_input", "st.TextInput", true,
		widgetOptions.with(optValue, optPlaceholder, optMaxChars, optPassword, optOnChange, optQueryParam)}
	textArea = element{"text_area", "st.TextArea", true,
		widgetOptions.with(optValue, optPlaceholder, optMaxChars, optOnChange, optQueryParam)}
)

// TextInput draws a one-line text field and returns its text. The value is
// sent when the user presses Enter or leaves the field, as in Streamlit;
// in a form, Enter sends the form. Options: [Ctx.Key], [Ctx.Help],
// [Ctx.Disabled], [Ctx.Value], [Ctx.Placeholder], [Ctx.MaxChars],
// [Ctx.Password], [Ctx.OnChange], [Ctx.QueryParam].
func (c *Ctx) TextInput(label string, opts ...Option) string {
	return c.textWidget(textInput, label, opts)
}

// TextArea draws a multi-line text field and returns its text. It takes
// the options of [Ctx.TextInput] but [Ctx.Password].
func (c *Ctx) TextArea(label string, opts ...Option) string {
	return c.textWidget(textArea, label, opts)
}

func (c *Ctx) textWidget(e element, label string, opts []Option) string {
	cfg, ok := c.check(e, label, opts)
	if !ok {
		return ""
	}
	def, err := textDefault(cfg)
	if err != nil {
		c.fail(e, label, err)
		return ""
	}
	spec := script.Widget{Kind: e.kind, Label: label, Default: def, Decode: asString}
	var within *script.Domain
	if cfg.maxChars > 0 {
		// Text is kept within MaxChars, whoever sets it: the page (its
		// field stops there), session state, the address, or a hostile
		// client.
		spec.DecodeWithin, within = asText, &script.Domain{Max: float64(cfg.maxChars)}
	}
	spec.Override, spec.Overridden = c.queryIn(cfg, spec.Default, stringQuery)
	id, v, shown, ok := c.widgetWithin(spec, cfg, within)
	if !ok {
		return def
	}
	c.queryOut(cfg, v, spec.Default, stringQuery)
	c.drawText(e.kind, id, label, cfg, shown.(string))
	return v.(string)
}

// textDefault returns a text input's or text area's Value, within its
// MaxChars, or the error that they are. It is a frame of its own, not in
// textWidget's while the engine reads the widget's value (see
// drawChoice), as is drawText.
//
//go:noinline
func textDefault(cfg *config) (string, error) {
	def, _, err := valueOf[string](cfg, "a string")
	if err == nil && cfg.maxChars < 0 {
		err = fmt.Errorf("MaxChars(%d): want 0 (no limit) or more", cfg.maxChars)
	}
	if n := cfg.maxChars; n > 0 && utf8.RuneCountInString(def) > n {
		def = string([]rune(def)[:n])
	}
	return def, err
}

// asText reads a text: a string, cut at d.Max characters unless that is
// 0 (no limit).
func asText(d *script.Domain, v any) (any, bool) {
	s, ok := v.(string)
	if n := int(d.Max); ok && n > 0 && utf8.RuneCountInString(s) > n {
		return string([]rune(s)[:n]), true
	}
	return v, ok
}

// drawText adds a text input's or text area's node.
//
//go:noinline
func (c *Ctx) drawText(kind, id, label string, cfg *config, shown string) {
	leafOf(c, kind, id, textInputProps{base(label, cfg), shown, cfg.placeholder, cfg.password, cfg.maxChars})
}

var (
	numberInput = element{"number_input", "st.NumberInput", true,
		widgetOptions.with(optValue, optMin, optMax, optStep, optOnChange, optQueryParam)}
	slider = element{"slider", "st.Slider", true, widgetOptions.with(optValue, optStep, optOnChange, optQueryParam)}
)

// NumberInput draws a number field with step buttons and returns its value.
// Options: [Ctx.Key], [Ctx.Help], [Ctx.Disabled], [Ctx.Value], [Ctx.Min],
// [Ctx.Max], [Ctx.Step] (default 1), [Ctx.OnChange], [Ctx.QueryParam].
func (c *Ctx) NumberInput(label string, opts ...Option) float64 {
	cfg, ok := c.check(numberInput, label, opts)
	if !ok {
		return 0
	}
	var min, max *float64
	lo, hi := cfg.min, cfg.max
	if cfg.set.has(optMin) {
		min = &lo
	}
	if cfg.set.has(optMax) {
		max = &hi
	}
	return c.numberWidget(numberInput, label, cfg, min, max)
}

// Slider draws a slider from min to max and returns its value. Its default
// is min unless [Ctx.Value] says otherwise. Options: [Ctx.Key],
// [Ctx.Help], [Ctx.Disabled], [Ctx.Value], [Ctx.Step] (default 1),
// [Ctx.OnChange], [Ctx.QueryParam].
func (c *Ctx) Slider(label string, min, max float64, opts ...Option) float64 {
	cfg, ok := c.check(slider, label, opts)
	if !ok {
		return min
	}
	return c.numberWidget(slider, label, cfg, &min, &max)
}

func (c *Ctx) numberWidget(e element, label string, cfg *config, min, max *float64) float64 {
	def, err := numberDefault(cfg, min, max)
	if err != nil {
		c.fail(e, label, err)
		if min != nil && e.kind == "slider" {
			return *min
		}
		return 0
	}
	if cfg.value == nil && min != nil && (e.kind == "slider" || *min > 0) {
		def = *min
	}
	step := 1.0
	if cfg.set.has(optStep) {
		step = cfg.step
	}
	// The bounds as values, for the decoder's Domain, which the run
	// copies: min and max then need no allocation.
	lo, hi := math.Inf(-1), math.Inf(1)
	if min != nil {
		lo = *min
	}
	if max != nil {
		hi = *max
	}
	def = math.Min(math.Max(def, lo), hi)
	spec := script.Widget{Kind: e.kind, Label: label, Default: boxFloat(def), DecodeWithin: asNumber}
	within := script.Domain{Min: lo, Max: hi}
	// The query binding takes the default as spec holds it: boxed once.
	spec.Override, spec.Overridden = c.queryIn(cfg, spec.Default, floatQuery)
	id, v, shown, ok := c.widgetWithin(spec, cfg, &within)
	if !ok {
		return def
	}
	c.queryOut(cfg, v, spec.Default, floatQuery)
	format := "float"
	if isWhole(step) && isWhole(def) {
		format = "int"
	}
	c.drawNumber(e.kind, id, label, cfg, shown.(float64), min, max, step, format)
	return v.(float64)
}

// numberDefault returns a number input's or slider's Value, or the error
// that its Value, bounds or step are. It is a frame of its own, not in
// numberWidget's while the engine reads the widget's value (see
// drawChoice), as is drawNumber.
//
//go:noinline
func numberDefault(cfg *config, min, max *float64) (float64, error) {
	def, err := toFloat(cfg.value)
	if err == nil {
		err = checkBounds(min, max, cfg)
	}
	if err == nil && cfg.value != nil && ((min != nil && def < *min) || (max != nil && def > *max)) {
		err = fmt.Errorf("Value(%v) is outside [%v, %v]", def, bound(min, "-inf"), bound(max, "+inf"))
	}
	return def, err
}

// drawNumber adds a number input's or slider's node. Its props are
// arguments one by one: the compiler tells no field of a struct from
// another, and the bounds would go to the heap with the props node is
// given on a mistake.
//
//go:noinline
func (c *Ctx) drawNumber(kind, id, label string, cfg *config, value float64, min, max *float64, step float64, format string) {
	props := numberProps{base(label, cfg), value, min, max, step, format}
	// leafWith, so that the bounds, which the props point to, stay in the
	// caller's frame.
	leafWith(c, kind, id, props.AppendJSON, func() any {
		return numberProps{base(label, cfg), value, copyOf(min), copyOf(max), step, format}
	})
}

// copyOf returns a pointer to a copy of *p; nil for nil.
func copyOf(p *float64) *float64 {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

// checkBounds refuses bounds no value fits in and steps that go nowhere,
// which Streamlit refuses too.
func checkBounds(min, max *float64, cfg *config) error {
	for _, b := range []*float64{min, max} {
		if b != nil && (math.IsNaN(*b) || math.IsInf(*b, 0)) {
			return fmt.Errorf("bound %v is not a finite number", *b)
		}
	}
	if min != nil && max != nil && *min > *max {
		return fmt.Errorf("min %v is more than max %v", *min, *max)
	}
	if cfg.set.has(optStep) && !(cfg.step > 0) {
		return errors.New("Step must be more than 0")
	}
	return nil
}

func bound(b *float64, none string) string {
	if b == nil {
		return none
	}
	return fmt.Sprint(*b)
}

func isWhole(f float64) bool { return f == math.Trunc(f) }

// toFloat reads a number input's or slider's Value: any Go number (a
// named one, such as time.Duration, too), or nil for none.
func toFloat(v any) (float64, error) {
	if v == nil {
		return 0, nil
	}
	f, ok := table.Float(v)
	if !ok {
		return 0, fmt.Errorf("Value(%#v) is a %T; want a number", v, v)
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("Value(%v) is not a finite number", f)
	}
	return f, nil
}
