package st

import (
	"fmt"
	"slices"

	"github.com/gost-dev/gost/internal/script"
)

var (
	selectbox = element{"selectbox", "st.Selectbox", true,
		widgetOptions.with(optIndex, optValue, optPlaceholder, optOnChange, optQueryParam, optFormatFunc)}
	radio = element{"radio", "st.Radio", true,
		widgetOptions.with(optIndex, optValue, optHorizontal, optOnChange, optQueryParam, optFormatFunc)}
	multiselect = element{"multiselect", "st.Multiselect", true,
		widgetOptions.with(optValue, optPlaceholder, optOnChange, optFormatFunc)}
)

// Selectbox draws a drop-down of options and returns the chosen one ("" when
// none is). It starts on the first option unless [Ctx.Index] (-1: none) or
// [Ctx.Value] (one of choices) says otherwise. Options: [Ctx.Key],
// [Ctx.Help], [Ctx.Disabled], [Ctx.Index], [Ctx.Value],
// [Ctx.Placeholder], [Ctx.OnChange], [Ctx.QueryParam] (the choice's text
// in the address). With a [Ctx.Key], the session state holds the chosen
// option (nil for none), as in Streamlit, and setting it there chooses it.
func (c *Ctx) Selectbox(label string, choices []string, opts ...Option) string {
	s, _ := c.choice(selectbox, label, choices, opts)
	return s
}

// Radio draws a set of radio buttons and returns the chosen option. It
// takes the options of [Ctx.Selectbox] but [Ctx.Placeholder], and
// [Ctx.Horizontal], which lays them out in a row. As for [Ctx.Selectbox], a
// keyed radio's session state holds the option.
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
	spec := script.Widget{Kind: e.kind, Label: label, Default: defaultIndex(def), DecodeWithin: asOption}
	within := script.Domain{Choices: choices}
	spec.Override, spec.Overridden = c.queryIn(cfg, defaultIndex(def), bind)
	id, v, shown, ok := c.widgetWithin(spec, cfg, &within)
	if !ok {
		return at(choices, def), def
	}
	if cfg.queryParam != "" { // else no need to box the default
		var defOption any // the default as the widget's value: its option, nil for none
		if def >= 0 {
			defOption = choices[def]
		}
		c.queryOut(cfg, v, defOption, bind)
	}
	i := indexOf(choices, v)
	c.drawChoice(e.kind, id, label, cfg, choices, indexOf(choices, shown))
	return at(choices, i), i
}

// drawChoice adds a selectbox's or radio's node. It is a frame of its
// own, not inlined, so that its props are not in choice's, which is on
// the stack while the engine reads the widget's value: a rerun's deepest
// frames decide how far its goroutine's stack grows.
//
//go:noinline
func (c *Ctx) drawChoice(kind, id, label string, cfg *config, choices []string, shownAt int) {
	props := choiceProps{base(label, cfg), cfg.formatted(choices), shownAt, cfg.placeholder, cfg.horizontal}
	leafWith(c, kind, id, props.AppendJSON, func() any {
		return choiceProps{base(label, cfg), slices.Clone(cfg.formatted(choices)), shownAt, cfg.placeholder, cfg.horizontal}
	})
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
			// A copy in the error: choices passed to Errorf would move
			// every call's slice of them to the heap.
			return -1, fmt.Errorf("Value(%q) is not one of the choices %q", s, slices.Clone(choices))
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
// [Ctx.Placeholder], [Ctx.OnChange]. With a [Ctx.Key], the session state
// holds the []string chosen.
func (c *Ctx) Multiselect(label string, choices []string, opts ...Option) []string {
	cfg, ok := c.check(multiselect, label, opts)
	if !ok {
		return []string{}
	}
	def, err := multiselectDefault(cfg, choices)
	if err != nil {
		c.fail(multiselect, label, err)
		return []string{}
	}
	within := script.Domain{Choices: choices}
	id, v, shown, ok := c.widgetWithin(script.Widget{Kind: multiselect.kind, Label: label, Default: def, DecodeWithin: asOptions}, cfg, &within)
	if !ok {
		v, _ = asOptions(&within, def)
	}
	if ok {
		c.drawMultiselect(id, label, cfg, choices, shown.([]string))
	}
	// A copy: the app may change what it got, the session state keeps its own.
	return slices.Clone(v.([]string))
}

// multiselectDefault returns a multiselect's default, from the call's
// Value, as the engine takes it (defaultsOf). Like drawMultiselect, it is
// a frame of its own, not in Multiselect's while the engine reads the
// widget's value (see drawChoice).
//
//go:noinline
func multiselectDefault(cfg *config, choices []string) (any, error) {
	pre, _, err := valueOf[[]string](cfg, "a []string of the choices")
	var indices [8]int // most defaults choose a few: on the stack
	chosen := indices[:0]
	for _, s := range pre {
		i := slices.Index(choices, s)
		if i < 0 && err == nil {
			err = fmt.Errorf("Value holds %q, which is not one of the choices %q", s, slices.Clone(choices))
		}
		chosen = append(chosen, i)
	}
	if err != nil {
		return nil, err
	}
	return defaultsOf(chosen), nil
}

// drawMultiselect adds a multiselect's node, the options shown chosen.
//
//go:noinline
func (c *Ctx) drawMultiselect(id, label string, cfg *config, choices, shown []string) {
	props := multiselectProps{base(label, cfg), cfg.formatted(choices), indicesOf(choices, shown), cfg.placeholder}
	leafWith(c, multiselect.kind, id, props.AppendJSON, func() any {
		return multiselectProps{base(label, cfg), slices.Clone(cfg.formatted(choices)), indicesOf(choices, shown), cfg.placeholder}
	})
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
