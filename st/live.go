package st

import (
	"context"
	"errors"
	"fmt"

	"github.com/gost-dev/gost/internal/script"
	"github.com/gost-dev/gost/internal/tree"
)

// Elements that change while the run goes on. The browser sees each
// change within a frame (about 16 ms), not at the end of the run.

var (
	status = element{"status", "st.Status", true, takes(optExpanded, optIcon)}
	toast  = element{"toast", "st.Toast", false, takes(optIcon)}
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

// Status shows label in an expandable box with a spinning wheel, like
// Streamlit's st.status, and returns it: draw the steps of a long job into
// it, and [Status.Run] the job, which turns the box complete when it
// returns and red when it panics. It starts folded unless
// [Ctx.Expanded](true); [Ctx.Icon] replaces the check mark of complete.
//
//	s := st.Status("Downloading data…", st.Expanded(true))
//	s.Run(func() {
//		s.Write("Searching for data…")
//		data = fetch(st.Context())
//	})
//
// (A func(s *st.Ctx) could not be written inside App, where st is the Ctx
// and not the package: so the box is a value, and the job a func().)
func (c *Ctx) Status(label string, opts ...Option) *Status {
	cfg, ok := c.check(status, label, opts)
	if !ok {
		return &Status{Ctx: c}
	}
	s := &Status{parent: c, props: statusProps{label, "running", cfg.expanded != nil && *cfg.expanded, cfg.icon}}
	s.node = c.run.Add(c.block, node(status.kind, status.kind+":"+label, s.props))
	s.Ctx = c.in(s.node)
	return s
}

// Status is an expandable box that shows how a job goes; see
// [Ctx.Status]. It is a Ctx that draws into the box.
type Status struct {
	*Ctx
	parent *Ctx       // where the box is; nil when its options were wrong
	node   *tree.Node // the box as last drawn
	props  statusProps
}

// Run calls fn, the job, and turns the box complete when fn returns, or
// error when it panics; the panic goes on, so the page shows it below the
// box, as any panic of the app.
func (s *Status) Run(fn func()) {
	defer func() {
		v := recover()
		switch v.(type) {
		case nil, script.StopRun, script.RerunNow, script.Abort:
			s.Update(s.props.Label, "complete")
		default:
			s.Update(s.props.Label, "error")
		}
		if v != nil {
			panic(v) // the engine's to show, or to end the run with
		}
	}()
	fn()
}

// Update sets the box's label and state: "running", "complete" or
// "error", as Streamlit's status.update does. The browser sees it within a
// frame. Another state is an error shown below the box.
func (s *Status) Update(label, state string) {
	if s.parent == nil {
		return
	}
	switch state {
	case "running", "complete", "error":
	default:
		s.parent.fail(status, s.props.Label, fmt.Errorf("Update: state %q is not running, complete or error", state))
		return
	}
	s.props.Label, s.props.State = label, state
	// The id stays the first label's: the box keeps its place, its
	// children and the open state the user gave it.
	n := node(status.kind, s.node.ID, s.props)
	n.Children = s.node.Children
	if s.parent.run.Replace(s.parent.block, s.node, n) {
		s.node = n
		s.Ctx.block = n
	}
}

type statusProps struct {
	Label    string `json:"label"`
	State    string `json:"state"` // running, complete or error
	Expanded bool   `json:"expanded,omitempty"`
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
