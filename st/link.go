package st

var linkButton = element{"link_button", "st.LinkButton", true, takes(optHelp, optDisabled, optPrimary)}

// LinkButton draws a button that opens url in a new tab, like Streamlit's
// st.link_button. Unlike [Ctx.Button] it does not rerun the app. url is
// http://, https:// or a path on this server; others, javascript: above
// all, are an error shown in the page. Options: [Ctx.Help],
// [Ctx.Disabled], [Ctx.Primary].
//
//	st.LinkButton("Open the runbook", "https://wiki.example.com/runbook")
func (c *Ctx) LinkButton(label, url string, opts ...Option) {
	cfg, ok := c.check(linkButton, label, opts)
	if !ok {
		return
	}
	u, err := webURL(url)
	if err != nil {
		c.fail(linkButton, label, err)
		return
	}
	c.add(linkButton.kind, struct {
		widgetProps
		URL     string `json:"url"`
		Primary bool   `json:"primary,omitempty"`
	}{base(label, cfg), u, cfg.primary})
}
