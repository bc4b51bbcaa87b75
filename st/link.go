package st

import "fmt"

// LinkButton draws a button that opens url in a new tab, like Streamlit's
// st.link_button. Unlike [Ctx.Button] it does not rerun the app. url is
// http://, https:// or a path on this server; others, javascript: above
// all, are an error shown in the page. Options: [Ctx.Help],
// [Ctx.Disabled], [Ctx.Primary].
//
//	st.LinkButton("Open the runbook", "https://wiki.example.com/runbook")
func (c *Ctx) LinkButton(label, url string, opts ...Option) {
	cfg := options(opts)
	u, err := webURL(url)
	if err != nil {
		c.Exception(fmt.Errorf("st.LinkButton %q: %w", label, err))
		return
	}
	c.add("link_button", struct {
		widgetProps
		URL     string `json:"url"`
		Primary bool   `json:"primary,omitempty"`
	}{base(label, cfg), u, cfg.primary})
}
