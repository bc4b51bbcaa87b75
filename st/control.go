package st

import (
	"net/url"

	"github.com/gost-dev/gost/internal/script"
)

// Rerun stops this run and starts App again at once, like st.rerun. Called
// from a callback, it does nothing: a rerun follows every callback anyway.
func (c *Ctx) Rerun() {
	if c.run.Done() {
		return
	}
	panic(script.RerunNow{})
}

// Stop ends this run here, like st.stop: what was drawn so far stays.
func (c *Ctx) Stop() {
	if c.run.Done() {
		return
	}
	panic(script.StopRun{})
}

// QueryParams returns the page's query parameters.
func (c *Ctx) QueryParams() url.Values {
	q, _ := url.ParseQuery(c.run.Query())
	return q
}
