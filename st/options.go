package st

import (
	"time"

	"github.com/gost-dev/gost/internal/script"
)

// An Option sets one optional argument of an element or widget, the way a
// keyword argument does in Streamlit: st.Button("Go", st.Key("go"),
// st.OnClick(save)). Options are made by methods of [Ctx], so they are at
// hand inside App, where the parameter st shadows this package. An option an
// element has no use for is ignored.
type Option interface {
	apply(*config)
}

// config collects the options of one call.
type config struct {
	key, help, placeholder, language string
	disabled, primary, password      bool
	horizontal, border, allowHTML    bool
	clearOnSubmit                    bool
	expanded                         *bool
	value                            any
	index                            *int
	min, max, step                   *float64
	minDate, maxDate                 *time.Time
	maxChars                         int
	x                                string
	y                                []string
	color                            []string
	size                             any
	delta                            any    // a metric's change
	deltaColor                       string // what a metric's change means
	mime                             string // a download's media type
	caption                          string // shown under an image
	width                            int    // an image's width in pixels; 0: its own
	onClick, onChange                *script.Callback
	err                              error // a bad option, shown in the page
}

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

// noOptions is the config of every call without options, most of them: it
// saves an allocation per element on every rerun. Nothing writes to a
// config after options returns it.
var noOptions config

func options(opts []Option) *config {
	if len(opts) == 0 {
		return &noOptions
	}
	c := &config{}
	for _, o := range opts {
		if o != nil {
			o.apply(c)
		}
	}
	return c
}

// Key gives a widget its identity, instead of its kind and label, and makes
// its value readable and writable in [Ctx.SessionState] under key.
func (*Ctx) Key(key string) Option { return optionFunc(func(c *config) { c.key = key }) }

// Help adds a tooltip to a widget.
func (*Ctx) Help(text string) Option { return optionFunc(func(c *config) { c.help = text }) }

// Disabled greys a widget out when disabled is true.
func (*Ctx) Disabled(disabled bool) Option {
	return optionFunc(func(c *config) { c.disabled = disabled })
}

// Value sets a widget's default value, the one it has until the user
// changes it: a bool for a checkbox, a string for a text input, a number
// for a number input or slider, a []string for a multiselect.
func (*Ctx) Value(v any) Option { return optionFunc(func(c *config) { c.value = v }) }

// Index sets which option a selectbox or radio starts on; -1 for none.
func (*Ctx) Index(i int) Option { return optionFunc(func(c *config) { c.index = &i }) }

// Min sets the smallest value of a number input or slider.
func (*Ctx) Min(v float64) Option { return optionFunc(func(c *config) { c.min = &v }) }

// Max sets the largest value of a number input or slider.
func (*Ctx) Max(v float64) Option { return optionFunc(func(c *config) { c.max = &v }) }

// Step sets the step of a number input or slider.
func (*Ctx) Step(v float64) Option { return optionFunc(func(c *config) { c.step = &v }) }

// Placeholder sets the text an empty input shows.
func (*Ctx) Placeholder(text string) Option {
	return optionFunc(func(c *config) { c.placeholder = text })
}

// MaxChars limits the length of a text input or text area.
func (*Ctx) MaxChars(n int) Option { return optionFunc(func(c *config) { c.maxChars = n }) }

// Password makes a text input hide what is typed.
func (*Ctx) Password() Option { return optionFunc(func(c *config) { c.password = true }) }

// Primary makes a button the prominent one (Streamlit's type="primary").
func (*Ctx) Primary() Option { return optionFunc(func(c *config) { c.primary = true }) }

// MIME sets the media type of a download button's file, such as
// "text/csv"; without it, the type comes from the file name's extension.
func (*Ctx) MIME(mediaType string) Option {
	return optionFunc(func(c *config) { c.mime = mediaType })
}

// Captioned puts text under an image, as its caption and its alternative
// text (Streamlit's caption=). It is shown as written, never as Markdown or
// HTML.
func (*Ctx) Captioned(text string) Option {
	return optionFunc(func(c *config) { c.caption = text })
}

// Width sets how wide an image is shown, in CSS pixels; it never grows
// wider than its column. Without it, or with 0, an image has its own width,
// shrunk to fit the column.
func (*Ctx) Width(px int) Option { return optionFunc(func(c *config) { c.width = px }) }

// Horizontal lays a radio's options out in a row.
func (*Ctx) Horizontal() Option { return optionFunc(func(c *config) { c.horizontal = true }) }

// ClearOnSubmit makes a form's widgets go back to their defaults once the
// form is submitted (Streamlit's clear_on_submit=True).
func (*Ctx) ClearOnSubmit() Option { return optionFunc(func(c *config) { c.clearOnSubmit = true }) }

// Border draws a border around a container.
func (*Ctx) Border() Option { return optionFunc(func(c *config) { c.border = true }) }

// Expanded sets whether an expander or a JSON tree starts open.
func (*Ctx) Expanded(open bool) Option { return optionFunc(func(c *config) { c.expanded = &open }) }

// Language sets the language of a code block (default "go").
func (*Ctx) Language(lang string) Option { return optionFunc(func(c *config) { c.language = lang }) }

// X names the column a line or bar chart draws along the x axis; without
// it, x is the row index 0, 1, 2, ….
func (*Ctx) X(column string) Option { return optionFunc(func(c *config) { c.x = column }) }

// Y names the columns a line or bar chart draws, one series each; without
// it, every numeric column but x is drawn.
func (*Ctx) Y(columns ...string) Option { return optionFunc(func(c *config) { c.y = columns }) }

// UnsafeAllowHTML lets Markdown pass raw HTML through to the page. Without
// it, HTML in the text shows as text. Only use it for HTML you wrote: HTML
// from users can take over the page.
func (*Ctx) UnsafeAllowHTML() Option { return optionFunc(func(c *config) { c.allowHTML = true }) }

// OnClick runs fn(args...) when the button is clicked, before App runs again.
// fn is any function; args must match its parameters.
//
//	st.Button("Log in", st.OnClick(st.Login))
//	st.Button("Add 5", st.OnClick(add, 5))
func (*Ctx) OnClick(fn any, args ...any) Option {
	return callbackOption(fn, args, func(c *config, cb *script.Callback) { c.onClick = cb })
}

// OnChange runs fn(args...) when the widget's value changes, before App
// runs again. fn is any function; args must match its parameters.
func (*Ctx) OnChange(fn any, args ...any) Option {
	return callbackOption(fn, args, func(c *config, cb *script.Callback) { c.onChange = cb })
}

func callbackOption(fn any, args []any, set func(*config, *script.Callback)) Option {
	cb, err := script.NewCallback(fn, args...)
	return optionFunc(func(c *config) {
		if err != nil {
			c.err = err
			return
		}
		set(c, &cb)
	})
}
