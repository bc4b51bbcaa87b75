package st

import (
	"errors"

	"github.com/gost-dev/gost/internal/script"
)

var (
	button           = element{"button", "st.Button", true, buttonOptions.with(optPrimary, optOnClick)}
	formSubmitButton = element{"form_submit_button", "st.FormSubmitButton", true, buttonOptions.with(optPrimary, optOnClick)}
)

// Button draws a button and reports whether it was clicked: true for exactly
// the one run that follows the click. [Ctx.OnClick] runs a callback first.
// Options: [Ctx.Key], [Ctx.Help], [Ctx.Disabled], [Ctx.Primary],
// [Ctx.OnClick].
func (c *Ctx) Button(label string, opts ...Option) bool {
	return c.button(button, label, opts)
}

// FormSubmitButton draws the button that sends a form. It reports whether
// the form was just submitted. Call it on the Ctx that [Ctx.Form] returned.
// It takes the options of [Ctx.Button].
func (c *Ctx) FormSubmitButton(label string, opts ...Option) bool {
	if c.formKey() == "" {
		c.fail(formSubmitButton, label, errors.New("must be called on the Ctx that st.Form returned"))
		return false
	}
	return c.button(formSubmitButton, label, opts)
}

func (c *Ctx) button(e element, label string, opts []Option) bool {
	cfg, ok := c.check(e, label, opts)
	if !ok {
		return false
	}
	id, clicked, ok := c.clickable(e.kind, label, cfg)
	if !ok {
		return false
	}
	c.drawButton(e.kind, id, label, cfg)
	return clicked
}

// drawButton adds a button's node. It is a frame of its own, not in
// button's while the engine reads the click (see drawChoice).
//
//go:noinline
func (c *Ctx) drawButton(kind, id, label string, cfg *config) {
	leafOf(c, kind, id, buttonProps{base(label, cfg), cfg.primary})
}

// clickable is the part every kind of button shares: its identity, and
// whether it was clicked, true for the one run that follows the click.
func (c *Ctx) clickable(kind, label string, cfg *config) (id string, clicked, ok bool) {
	spec := script.Widget{Kind: kind, Label: label, Default: false, Button: true, Submit: kind == formSubmitButton.kind}
	id, v, _, ok := c.widget(spec, cfg)
	if !ok {
		return id, false, false
	}
	return id, v.(bool), true
}
