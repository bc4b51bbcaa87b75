package st

import "fmt"

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
	if kind == "form_submit_button" {
		c.run.State.Forms[id] = c.form
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
	id, _, _, cfg, ok = c.widget(kind, label, opts, nil, func(any) (any, bool) { return nil, true })
	if !ok {
		return id, cfg, false, false
	}
	clicked = c.run.State.Triggers[id]
	c.run.State.SetValue(id, clicked) // a button keeps no value, only its click
	return id, cfg, clicked, true
}
