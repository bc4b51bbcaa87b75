package st

import (
	"fmt"

	"github.com/gost-dev/gost/internal/script"
)

// Button draws a button and reports whether it was clicked: true for exactly
// the one run that follows the click. [Ctx.OnClick] runs a callback first.
func (c *Ctx) Button(label string, opts ...Option) bool {
	return c.button("button", label, opts)
}

// FormSubmitButton draws the button that sends a form. It reports whether
// the form was just submitted. Call it on the Ctx that [Ctx.Form] returned.
func (c *Ctx) FormSubmitButton(label string, opts ...Option) bool {
	if c.form == "" {
		c.Exception(fmt.Errorf("st: FormSubmitButton %q must be called on the Ctx that st.Form returned", label))
		return false
	}
	return c.button("form_submit_button", label, opts)
}

func (c *Ctx) button(kind, label string, opts []Option) bool {
	id, cfg, clicked, ok := c.clickable(kind, label, opts)
	if !ok {
		return false
	}
	c.draw(kind, id, struct {
		widgetProps
		Primary bool `json:"primary"`
	}{base(label, cfg), cfg.primary})
	return clicked
}

// clickable is the part every kind of button shares: its identity, and
// whether it was clicked, true for the one run that follows the click.
func (c *Ctx) clickable(kind, label string, opts []Option) (id string, cfg *config, clicked, ok bool) {
	spec := script.Widget{Kind: kind, Label: label, Default: false, Button: true, Submit: kind == "form_submit_button"}
	id, v, _, cfg, ok := c.widget(spec, opts)
	if !ok {
		return id, cfg, false, false
	}
	return id, cfg, v.(bool), true
}
