package st

import (
	"context"
	"errors"

	"github.com/gost-dev/gost/internal/script"
	"github.com/gost-dev/gost/internal/tree"
)

// Elements that change while the run goes on. The browser sees each
// change within a frame (about 16 ms), not at the end of the run.

var (
	status = element{"status", "st.Status", true, optExpanded | optIcon}
	toast  = element{"toast", "st.Toast", false, optIcon}
)

// Context returns a context that is cancelled when this run ends or a
// newer interaction supersedes it: pass it to what the run waits on (a
// query, a model's answer), so that it stops when the user moves on.
func (c *Ctx) Context() context.Context { return c.run.Context() }

// Empty returns a placeholder: a Ctx that holds one element, which each
// call on it replaces, like Streamlit's st.empty(). Draw several elements
// into it through its [Ctx.Container]; clear it with its Empty.
//
//	clock := st.Empty()
//	for range 10 {
//		clock.Text(time.Now().Format(time.TimeOnly))
//		time.Sleep(time.Second)
//	}
func (c *Ctx) Empty() *Ctx {
	return c.in(c.run.Add(c.block, &tree.Node{Kind: script.SlotKind}))
}

// Status shows label in an expandable box with a spinning wheel while fn
// runs, and what fn draws inside it, like Streamlit's st.status. When fn
// returns the box turns complete; when it panics it turns error, and the
// panic goes on, so the page shows the exception below it. It starts
// folded unless [Ctx.Expanded](true); [Ctx.Icon] replaces the complete
// check mark.
//
//	st.Status("Downloading data…", func(s *st.Ctx) {
//		s.Write("Searching for data…")
//		fetch(st.Context())
//	})
func (c *Ctx) Status(label string, fn func(s *Ctx), opts ...Option) {
	cfg, ok := c.check(status, label, opts)
	if !ok {
		return
	}
	props := func(state string) statusProps {
		return statusProps{label, state, cfg.expanded != nil && *cfg.expanded, cfg.icon}
	}
	n := c.run.Add(c.block, node(status.kind, status.kind+":"+label, props("running")))
	defer func() {
		v := recover()
		state := "complete"
		switch v.(type) {
		case nil, script.StopRun, script.RerunNow, script.Abort:
		default:
			state = "error"
		}
		done := node(status.kind, n.ID, props(state))
		done.Children = n.Children
		c.run.Replace(c.block, n, done)
		if v != nil {
			panic(v) // the app's panic is the engine's to show
		}
	}()
	fn(c.in(n))
}

type statusProps struct {
	Label    string `json:"label"`
	State    string `json:"state"` // running, complete or error
	Expanded bool   `json:"expanded"`
	Icon     string `json:"icon,omitempty"`
}

// Toast shows text (Markdown) in a small box in the corner of the page,
// which goes away by itself after a few seconds, like Streamlit's
// st.toast. [Ctx.Icon] puts an emoji before it. Each call shows a new
// toast, in whatever run it is made.
//
//	st.Toast("Saved!", st.Icon("🎉"))
func (c *Ctx) Toast(text string, opts ...Option) {
	cfg, ok := c.check(toast, "", opts)
	if !ok {
		return
	}
	if text == "" && cfg.icon == "" {
		c.fail(toast, "", errors.New("a toast needs text or an icon"))
		return
	}
	// Toasts float over the page, wherever they are called: they go in
	// the main block, never into a placeholder they would replace.
	c.run.Add(c.run.Block(tree.Main), node(toast.kind, c.run.Unique("toast:"), struct {
		HTML string `json:"html"`
		Icon string `json:"icon,omitempty"`
	}{c.run.Markdown().HTML(text, false, true), cfg.icon}))
	c.run.Wake()
}
