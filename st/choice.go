package st

import (
	"fmt"
	"slices"
)

var (
	selectbox = element{"selectbox", "st.Selectbox", true,
		widgetOptions | optIndex | optValue | optPlaceholder | optOnChange | optQueryParam}
	radio = element{"radio", "st.Radio", true,
		widgetOptions | optIndex | optValue | optHorizontal | optOnChange | optQueryParam}
	multiselect = element{"multiselect", "st.Multiselect", true,
		widgetOptions | optValue | optPlaceholder | optOnChange}
)

// Selectbox draws a drop-down of options and returns the chosen one ("" when
// none is). It starts on the first option unless [Ctx.Index] (-1: none) or
// [Ctx.Value] (one of choices) says otherwise. Options: [Ctx.Key],
// [Ctx.Help], [Ctx.Disabled], [Ctx.Index], [Ctx.Value],
// [Ctx.Placeholder], [Ctx.OnChange], [Ctx.QueryParam] (the choice's text
// in the address).
func (c *Ctx) Selectbox(label string, choices []string, opts ...Option) string {
	s, _ := c.choice(selectbox, label, choices, opts)
	return s
}

// Radio draws a set of radio buttons and returns the chosen option. It
// takes the options of [Ctx.Selectbox] but [Ctx.Placeholder], and
// [Ctx.Horizontal], which lays them out in a row.
func (c *Ctx) Radio(label string, choices []string, opts ...Option) string {
	s, _ := c.choice(radio, label, choices, opts)
	return s
}

func (c *Ctx) choice(e element, label string, choices []string, opts []Option) (string, int) {
	cfg, ok := c.check(e, label, opts)
	if !ok {
		return "", -1
	}
	def, err := startIndex(cfg, choices)
	if err != nil {
		c.fail(e, label, err)
		return "", -1
	}
	bind := choiceQuery(choices)
	c.queryIn(cfg, e.kind, label, def, bind, asIndex(len(choices)))
	id, v, shown, wcfg, ok := c.widget(e.kind, label, opts, def, asIndex(len(choices)))
	if !ok {
		return at(choices, def), def
	}
	c.queryOut(wcfg, v, def, bind)
	i := v.(int)
	c.draw(e.kind, id, struct {
		widgetProps
		Options     []string `json:"options"`
		Index       int      `json:"index"`
		Placeholder string   `json:"placeholder,omitempty"`
		Horizontal  bool     `json:"horizontal,omitempty"`
	}{base(label, wcfg), nonNil(choices), shown.(int), wcfg.placeholder, wcfg.horizontal})
	return at(choices, i), i
}

// startIndex is the choice a selectbox or radio starts on: the first,
// unless Index or Value says otherwise. Both, or either outside the
// choices, are an error, as in Streamlit.
func startIndex(cfg *config, choices []string) (int, error) {
	s, hasValue, err := valueOf[string](cfg, "one of the choices, a string")
	switch {
	case err != nil:
		return -1, err
	case hasValue && cfg.index != nil:
		return -1, fmt.Errorf("give Index or Value, not both")
	case hasValue:
		i := slices.Index(choices, s)
		if i < 0 {
			return -1, fmt.Errorf("Value(%q) is not one of the choices %q", s, choices)
		}
		return i, nil
	case cfg.index != nil:
		i := *cfg.index
		if i < -1 || i >= len(choices) {
			return -1, fmt.Errorf("Index(%d) is outside the %d choices (want -1 for none, or 0 to %d)", i, len(choices), len(choices)-1)
		}
		return i, nil
	case len(choices) == 0:
		return -1, nil
	}
	return 0, nil
}

// Multiselect draws a multiple choice of options and returns the chosen
// ones, in the order of choices. [Ctx.Value] takes the []string chosen at
// first. Options: [Ctx.Key], [Ctx.Help], [Ctx.Disabled], [Ctx.Value],
// [Ctx.Placeholder], [Ctx.OnChange].
func (c *Ctx) Multiselect(label string, choices []string, opts ...Option) []string {
	cfg, ok := c.check(multiselect, label, opts)
	if !ok {
		return []string{}
	}
	pre, _, err := valueOf[[]string](cfg, "a []string of the choices")
	def := []int{}
	for _, s := range pre {
		i := slices.Index(choices, s)
		if i < 0 && err == nil {
			err = fmt.Errorf("Value holds %q, which is not one of the choices %q", s, choices)
		}
		def = append(def, i)
	}
	if err != nil {
		c.fail(multiselect, label, err)
		return []string{}
	}
	id, v, shown, wcfg, ok := c.widget("multiselect", label, opts, def, asIndices(len(choices)))
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
