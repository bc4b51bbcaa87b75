package st

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"

	"github.com/gost-dev/gost/internal/script"
)

var (
	selectSlider = element{"select_slider", "st.SelectSlider", true,
		widgetOptions.with(optValue, optOnChange, optFormatFunc)}
	pills = element{"pills", "st.Pills", true,
		widgetOptions.with(optValue, optOnChange, optFormatFunc)}
	segmentedControl = element{"segmented_control", "st.SegmentedControl", true,
		widgetOptions.with(optValue, optOnChange, optFormatFunc)}
	rangeSlider = element{"range_slider", "st.RangeSlider", true,
		widgetOptions.with(optValue, optStep, optOnChange)}
	feedback    = element{"feedback", "st.Feedback", true, takes(optKey, optDisabled, optOnChange)}
	colorPicker = element{"color_picker", "st.ColorPicker", true, widgetOptions.with(optValue, optOnChange)}
)

// SelectSlider draws a slider over choices and returns the chosen one, the
// first unless [Ctx.Value] says otherwise. Options: [Ctx.Key], [Ctx.Help],
// [Ctx.Disabled], [Ctx.LabelVisibility], [Ctx.Value], [Ctx.FormatFunc],
// [Ctx.OnChange].
func (c *Ctx) SelectSlider(label string, choices []string, opts ...Option) string {
	return c.pick(selectSlider, label, choices, 0, opts)
}

// Pills draws choices as a row of pill buttons and returns the one chosen,
// or "" while none is: it starts with none unless [Ctx.Value] chooses one,
// and clicking the chosen pill again unchooses it. It takes the options of
// [Ctx.SelectSlider].
func (c *Ctx) Pills(label string, choices []string, opts ...Option) string {
	return c.pick(pills, label, choices, -1, opts)
}

// SegmentedControl draws choices as joined buttons, one of which is
// chosen, and returns it; like [Ctx.Pills] it starts with none unless
// [Ctx.Value] chooses one. It takes the options of [Ctx.SelectSlider].
func (c *Ctx) SegmentedControl(label string, choices []string, opts ...Option) string {
	return c.pick(segmentedControl, label, choices, -1, opts)
}

// pick draws a single choice whose default is def (an index, -1 for none)
// unless the call's Value names an option.
func (c *Ctx) pick(e element, label string, choices []string, def int, opts []Option) string {
	cfg, ok := c.check(e, label, opts)
	if !ok {
		return ""
	}
	s, has, err := valueOf[string](cfg, "one of the choices, a string")
	if has {
		if def = slices.Index(choices, s); def < 0 {
			err = fmt.Errorf("Value(%q) is not one of the choices %q", s, slices.Clone(choices))
		}
	}
	if err == nil && e.kind == "select_slider" && len(choices) == 0 {
		err = fmt.Errorf("a select slider needs at least one choice")
	}
	if err != nil {
		c.fail(e, label, err)
		return ""
	}
	decode := asOption
	if e.kind == "select_slider" {
		decode = asSomeOption
	}
	within := script.Domain{Choices: choices}
	id, v, shown, ok := c.widgetWithin(script.Widget{Kind: e.kind, Label: label, Default: defaultIndex(def), DecodeWithin: decode}, cfg, &within)
	if !ok {
		return at(choices, def)
	}
	c.draw(e.kind, id, struct {
		widgetProps
		Options []string `json:"options"`
		Index   int      `json:"index"` // as a selectbox's
	}{base(label, cfg), cfg.formatted(choices), indexOf(choices, shown)})
	return at(choices, indexOf(choices, v))
}

// RangeSlider draws a slider with two handles from min to max and returns
// the range chosen, low end first. It starts on the whole range unless
// [Ctx.Value] gives a [2]float64. Options: [Ctx.Key], [Ctx.Help],
// [Ctx.Disabled], [Ctx.LabelVisibility], [Ctx.Value], [Ctx.Step] (default
// 1), [Ctx.OnChange]. (Streamlit's st.slider with a tuple value.)
func (c *Ctx) RangeSlider(label string, min, max float64, opts ...Option) [2]float64 {
	whole := [2]float64{min, max}
	cfg, ok := c.check(rangeSlider, label, opts)
	if !ok {
		return whole
	}
	def, has, err := valueOf[[2]float64](cfg, "a [2]float64")
	if !has {
		def = whole
	}
	if err == nil {
		err = checkBounds(&min, &max, cfg)
	}
	if err == nil && (def[0] > def[1] || def[0] < min || def[1] > max) {
		err = fmt.Errorf("Value(%v) is not a range within [%v, %v]", def, min, max)
	}
	if err != nil {
		c.fail(rangeSlider, label, err)
		return whole
	}
	step := 1.0
	if cfg.set.has(optStep) {
		step = cfg.step
	}
	// The page sends [low, high]; session state holds a [2]float64. Each
	// end is kept within the bounds, and the ends in order.
	decode := func(v any) (any, bool) {
		var r [2]float64
		switch x := v.(type) {
		case [2]float64:
			r = x
		case []any:
			if len(x) != 2 {
				return nil, false
			}
			for i, e := range x {
				f, ok := e.(float64)
				if !ok {
					return nil, false
				}
				r[i] = f
			}
		default:
			return nil, false
		}
		for i := range r {
			if math.IsNaN(r[i]) || math.IsInf(r[i], 0) {
				return nil, false
			}
			r[i] = math.Min(math.Max(r[i], min), max)
		}
		if r[0] > r[1] {
			r[0], r[1] = r[1], r[0]
		}
		return r, true
	}
	id, v, shown, ok := c.widget(script.Widget{Kind: rangeSlider.kind, Label: label, Default: def, Decode: decode}, cfg)
	if !ok {
		return def
	}
	format := "float"
	if isWhole(step) && isWhole(min) && isWhole(def[0]) && isWhole(def[1]) {
		format = "int"
	}
	c.draw(rangeSlider.kind, id, struct {
		widgetProps
		Value  [2]float64 `json:"value"`
		Min    float64    `json:"min"`
		Max    float64    `json:"max"`
		Step   float64    `json:"step"`
		Format string     `json:"format"`
	}{base(label, cfg), shown.([2]float64), min, max, step, format})
	return v.([2]float64)
}

// feedbackSizes are the kinds of [Ctx.Feedback] and their number of
// choices.
var feedbackSizes = map[string]int{"thumbs": 2, "faces": 5, "stars": 5}

// Feedback draws a row of feedback buttons, as Streamlit's st.feedback:
// "thumbs" (down is 0, up 1), "faces" (0, the saddest, to 4) or "stars"
// (one star is 0, five are 4). It returns the score chosen, and false
// while there is none. Its identity is its kind: give a second one of the
// same kind a [Ctx.Key]. Options: [Ctx.Key], [Ctx.Disabled],
// [Ctx.OnChange].
func (c *Ctx) Feedback(kind string, opts ...Option) (score int, ok bool) {
	cfg, good := c.check(feedback, kind, opts)
	if !good {
		return 0, false
	}
	n, known := feedbackSizes[kind]
	if !known {
		c.fail(feedback, kind, fmt.Errorf("want \"thumbs\", \"faces\" or \"stars\""))
		return 0, false
	}
	// The value is the score (an int in the session state), -1 for none.
	decode := func(v any) (any, bool) {
		switch x := v.(type) {
		case int:
			return x, x >= -1 && x < n
		case defaultIndex:
			return int(x), true
		}
		i, ok := asIndex(v, n)
		return i, ok
	}
	id, v, shown, good := c.widget(script.Widget{Kind: feedback.kind, Label: kind, Default: defaultIndex(-1), Decode: decode}, cfg)
	if !good {
		return 0, false
	}
	c.draw(feedback.kind, id, struct {
		Kind     string `json:"kind"`
		Disabled bool   `json:"disabled,omitempty"`
		Index    int    `json:"index"`
	}{kind, cfg.disabled, shown.(int)})
	if score = v.(int); score < 0 {
		return 0, false
	}
	return score, true
}

var hexColor = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// ColorPicker draws a colour picker and returns the colour chosen, as
// "#rrggbb" in lower case. It starts on black unless [Ctx.Value] gives
// one. Options: [Ctx.Key], [Ctx.Help], [Ctx.Disabled],
// [Ctx.LabelVisibility], [Ctx.Value], [Ctx.OnChange].
func (c *Ctx) ColorPicker(label string, opts ...Option) string {
	cfg, ok := c.check(colorPicker, label, opts)
	if !ok {
		return "#000000"
	}
	def, has, err := valueOf[string](cfg, `a colour, "#rrggbb"`)
	if !has {
		def = "#000000"
	} else if err == nil && !hexColor.MatchString(def) {
		err = fmt.Errorf(`Value(%q) is not a colour "#rrggbb"`, def)
	}
	if err != nil {
		c.fail(colorPicker, label, err)
		return "#000000"
	}
	decode := func(v any) (any, bool) {
		s, ok := v.(string)
		if !ok || !hexColor.MatchString(s) {
			return nil, false
		}
		return strings.ToLower(s), true
	}
	id, v, shown, ok := c.widget(script.Widget{Kind: colorPicker.kind, Label: label, Default: def, Decode: decode}, cfg)
	if !ok {
		return strings.ToLower(def)
	}
	c.draw(colorPicker.kind, id, struct {
		widgetProps
		Value string `json:"value"`
	}{base(label, cfg), shown.(string)})
	return v.(string)
}
