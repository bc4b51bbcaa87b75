package st

import (
	"slices"

	"github.com/gost-dev/gost/internal/script"
)

// Selectbox draws a drop-down of options and returns the chosen one ("" when
// none is). It starts on the first option unless [Ctx.Index] says otherwise
// (-1: none).
func (c *Ctx) Selectbox(label string, choices []string, opts ...Option) string {
	s, _ := c.choice("selectbox", label, choices, opts)
	return s
}

// Radio draws a set of radio buttons and returns the chosen option.
// [Ctx.Horizontal] lays them out in a row.
func (c *Ctx) Radio(label string, choices []string, opts ...Option) string {
	s, _ := c.choice("radio", label, choices, opts)
	return s
}

func (c *Ctx) choice(kind, label string, choices []string, opts []Option) (string, int) {
	cfg := options(opts)
	def := 0
	if cfg.index != nil {
		def = *cfg.index
	}
	if s, ok := cfg.value.(string); ok {
		def = slices.Index(choices, s)
	}
	if def < -1 || def >= len(choices) {
		def = -1
	}
	id, v, shown, wcfg, ok := c.widget(script.Widget{Kind: kind, Label: label, Default: def, Decode: asIndex(len(choices))}, opts)
	if !ok {
		return at(choices, def), def
	}
	i := v.(int)
	c.draw(kind, id, struct {
		widgetProps
		Options     []string `json:"options"`
		Index       int      `json:"index"`
		Placeholder string   `json:"placeholder,omitempty"`
		Horizontal  bool     `json:"horizontal,omitempty"`
	}{base(label, wcfg), nonNil(choices), shown.(int), wcfg.placeholder, wcfg.horizontal})
	return at(choices, i), i
}

// Multiselect draws a multiple choice of options and returns the chosen
// ones, in the order of choices. [Ctx.Value] takes the []string chosen at first.
func (c *Ctx) Multiselect(label string, choices []string, opts ...Option) []string {
	cfg := options(opts)
	def := []int{}
	if pre, ok := cfg.value.([]string); ok {
		for _, s := range pre {
			if i := slices.Index(choices, s); i >= 0 {
				def = append(def, i)
			}
		}
	}
	id, v, shown, wcfg, ok := c.widget(script.Widget{Kind: "multiselect", Label: label, Default: def, Decode: asIndices(len(choices))}, opts)
	if !ok {
		v = def
	}
	sorted := func(v any) []int {
		idx := slices.Clone(v.([]int))
		slices.Sort(idx)
		return slices.Compact(idx)
	}
	idx := sorted(v)
	if ok {
		c.draw("multiselect", id, struct {
			widgetProps
			Options     []string `json:"options"`
			Indices     []int    `json:"indices"`
			Placeholder string   `json:"placeholder,omitempty"`
		}{base(label, wcfg), nonNil(choices), sorted(shown), wcfg.placeholder})
	}
	out := make([]string, len(idx))
	for k, i := range idx {
		out[k] = choices[i]
	}
	return out
}

func at(choices []string, i int) string {
	if i < 0 || i >= len(choices) {
		return ""
	}
	return choices[i]
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
