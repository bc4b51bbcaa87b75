package st

import (
	"slices"

	"github.com/gost-dev/gost/internal/script"
)

// Selectbox draws a drop-down of options and returns the chosen one ("" when
// none is). It starts on the first option unless [Ctx.Index] says otherwise
// (-1: none). With a [Ctx.Key], the session state holds the chosen option
// (nil for none), as in Streamlit, and setting it there chooses it.
func (c *Ctx) Selectbox(label string, choices []string, opts ...Option) string {
	s, _ := c.choice("selectbox", label, choices, opts)
	return s
}

// Radio draws a set of radio buttons and returns the chosen option.
// [Ctx.Horizontal] lays them out in a row. As for [Ctx.Selectbox], a keyed
// radio's session state holds the option.
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
	id, v, shown, wcfg, ok := c.widget(script.Widget{Kind: kind, Label: label, Default: defaultIndex(def), Decode: asOption(choices)}, opts)
	if !ok {
		return at(choices, def), def
	}
	i := indexOf(choices, v)
	c.draw(kind, id, struct {
		widgetProps
		Options     []string `json:"options"`
		Index       int      `json:"index"`
		Placeholder string   `json:"placeholder,omitempty"`
		Horizontal  bool     `json:"horizontal,omitempty"`
	}{base(label, wcfg), nonNil(choices), indexOf(choices, shown), wcfg.placeholder, wcfg.horizontal})
	return at(choices, i), i
}

// Multiselect draws a multiple choice of options and returns the chosen
// ones, in the order of choices. [Ctx.Value] takes the []string chosen at
// first. With a [Ctx.Key], the session state holds the []string chosen.
func (c *Ctx) Multiselect(label string, choices []string, opts ...Option) []string {
	cfg := options(opts)
	def := defaultIndices{}
	if pre, ok := cfg.value.([]string); ok {
		for _, s := range pre {
			if i := slices.Index(choices, s); i >= 0 {
				def = append(def, i)
			}
		}
	}
	id, v, shown, wcfg, ok := c.widget(script.Widget{Kind: "multiselect", Label: label, Default: def, Decode: asOptions(choices)}, opts)
	if !ok {
		v, _ = asOptions(choices)(def)
	}
	if ok {
		c.draw("multiselect", id, struct {
			widgetProps
			Options     []string `json:"options"`
			Indices     []int    `json:"indices"`
			Placeholder string   `json:"placeholder,omitempty"`
		}{base(label, wcfg), nonNil(choices), indicesOf(choices, shown.([]string)), wcfg.placeholder})
	}
	// A copy: the app may change what it got, the session state keeps its own.
	return slices.Clone(v.([]string))
}

func at(choices []string, i int) string {
	if i < 0 || i >= len(choices) {
		return ""
	}
	return choices[i]
}

// indexOf returns the index of option v (a string, or nil for none) in
// choices, -1 for none.
func indexOf(choices []string, v any) int {
	s, ok := v.(string)
	if !ok {
		return -1
	}
	return slices.Index(choices, s)
}

func indicesOf(choices []string, chosen []string) []int {
	out := make([]int, 0, len(chosen))
	for _, s := range chosen {
		out = append(out, slices.Index(choices, s))
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
