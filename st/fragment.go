package st

import (
	"context"
	"fmt"
	"time"

	"github.com/gost-dev/gost/internal/script"
	"github.com/gost-dev/gost/internal/tree"
)

var fragmentElement = element{script.FragmentKind, "st.Fragment", true, takes(optEvery)}

// Fragment draws fn as a part of the page that reruns on its own, as
// Streamlit's @st.fragment does: a widget inside it reruns fn only, not
// App, and only the fragment's part of the page changes. With
// [Ctx.Every] it also reruns on a timer, and a goroutine can ask for its
// rerun with [Handle.RerunFragment](key). key names it, unique on the page.
//
// fn is the one the last run of App drew: what it captures is from that
// run. It draws only into its own Ctx: the sidebar, and a Ctx from outside
// the fragment, are not for it. A click outside the fragment, or
// [Ctx.Rerun], reruns the whole app.
//
// fn is best a function of its own, as a fragment is in Streamlit (inside
// App, the parameter st hides the package, so st.Ctx cannot be named):
//
//	func clock(st *st.Ctx) {
//		st.Metric("Time", time.Now().Format(time.TimeOnly))
//	}
//
//	func App(st *st.Ctx) {
//		st.Fragment("clock", clock, st.Every(time.Second))
//	}
func (c *Ctx) Fragment(key string, fn func(st *Ctx), opts ...Option) {
	cfg, ok := c.check(fragmentElement, key, opts)
	if !ok {
		return
	}
	if key == "" {
		c.fail(fragmentElement, key, fmt.Errorf("a fragment needs a key"))
		return
	}
	if cfg.set.has(optEvery) && cfg.every < MinEvery {
		c.fail(fragmentElement, key, fmt.Errorf("Every(%v): want %v or more", cfg.every, MinEvery))
		return
	}
	if c.formKey() != "" {
		c.fail(fragmentElement, key, fmt.Errorf("a fragment cannot be drawn in a form"))
		return
	}
	err := c.run.Fragment(c.block, key, cfg.every, func(r *script.Run, node *tree.Node) {
		fn(&Ctx{run: r, block: node})
	})
	if err != nil {
		c.fail(fragmentElement, key, err)
	}
}

// MinEvery is the shortest period of [Ctx.Every]: a timer faster than the
// browser can show would only keep the server busy.
const MinEvery = 10 * time.Millisecond

// Every reruns a [Ctx.Fragment] every d (at least [MinEvery]), as
// Streamlit's run_every, while a browser shows the page.
func (*Ctx) Every(d time.Duration) Option {
	return option{optEvery, func(c *config) { c.every = d }}
}

// Handle lets a goroutine the app starts ask its session for a rerun. Its
// requests go through the session's queue of runs, like a click: they
// never race a run, and any number of them while a run is pending make
// one run. It outlives neither its session (see [Handle.Context]) nor
// anything else: once the session ends, its requests do nothing.
//
// The zero Handle, and one from a Ctx without a session (a test that
// calls App directly), does nothing and its Context is never cancelled.
type Handle struct {
	p script.Pusher
}

// Session returns a Handle on the session running App, for goroutines
// that update the page: a log tail, a price feed, a finished download.
//
//	h := st.Session()
//	go func() {
//		for line := range tail(h.Context()) {
//			lines.Add(line)
//			h.RerunFragment("log")
//		}
//	}()
func (c *Ctx) Session() *Handle {
	c.run.Check()
	return &Handle{p: c.run.Pusher()}
}

// Rerun asks for a rerun of App.
func (h *Handle) Rerun() {
	if h != nil && h.p != nil {
		h.p.Push("")
	}
}

// RerunFragment asks for a rerun of the fragment with key. A fragment no
// longer on the page is not rerun.
func (h *Handle) RerunFragment(key string) {
	if h != nil && h.p != nil && key != "" {
		h.p.Push(key)
	}
}

// Context is cancelled when the session ends: its browser has been gone
// for a while, or the server stops. A goroutine that updates the page
// returns when it is done.
func (h *Handle) Context() context.Context {
	if h == nil || h.p == nil {
		return context.Background()
	}
	return h.p.Context()
}
