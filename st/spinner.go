package st

// Spinner shows text with a spinning wheel while fn runs, as Streamlit's
// `with st.spinner(text):` does, for a slow query or computation. What fn
// draws appears below it. A run that lasts more than a moment streams what
// it has drawn, so the spinner shows while fn works, and goes when fn
// returns (or panics).
//
//	st.Spinner("Loading sales…", func() { sales = load(ctx) })
func (c *Ctx) Spinner(text string, fn func()) {
	running := c.add("spinner", spinnerProps{text, false})
	defer c.run.Replace(c.block, running, node("spinner", "", spinnerProps{text, true}))
	fn()
}

type spinnerProps struct {
	Text string `json:"text"`
	Done bool   `json:"done,omitempty"` // fn returned: the spinner is hidden
}
