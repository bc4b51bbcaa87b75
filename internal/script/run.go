package script

import (
	"context"
	"encoding/json"
	"maps"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gost-dev/gost/internal/markdown"
	"github.com/gost-dev/gost/internal/tree"
)

// An App is an app as the engine runs it: one run of it draws into r.
// Package st makes one from a func(*st.Ctx) (see [Bind]).
type App func(r *Run)

// binder turns an app's entry point into an App. Package st sets it at
// init: st imports this package, so the engine cannot name st's Ctx.
var binder func(fn any) App

// SetBinder is called once, by package st at init, with the function that
// turns a func(*st.Ctx) into an App. Nothing else calls it.
func SetBinder(b func(fn any) App) { binder = b }

// Bind returns the App that runs fn, a func(*st.Ctx). The caller must
// import package st (as the runtime does), which sets the binder.
func Bind(fn any) App {
	if binder == nil {
		panic("script: Bind before package st registered its binder")
	}
	return binder(fn)
}

// Run is one run of App in one session: the tree it builds, and its place
// among the session's runs.
//
// Every rerun makes one, so it holds only what most runs use, in as few
// bytes as it can (176: the garbage of a rerun is what the GC's cost per
// rerun grows with); what few runs use is in rare.
type Run struct {
	state *State
	root  *tree.Node
	n     int64  // the run's number; when the session's newest differs, it is stale
	gen   uint64 // unique per Run of the session, for the widgets it draws

	// mu guards the tree against Peek, which the runtime calls from a
	// timer to stream a long run's elements while it goes on.
	mu sync.Mutex
	// ctxMu guards ctx and stopped, apart from mu: Supersede stops a run
	// from a goroutine that may hold the runtime's locks, which the
	// runtime takes while it holds mu (Peek).
	ctxMu sync.Mutex
	// checks counts st calls, so the clock is read at one in eight (slow).
	checks    atomic.Uint32
	slowFired atomic.Bool
	done      bool // written under mu by the run's goroutine, so it may read it without
	stopped   bool // the run is over or superseded: a context made now is born cancelled
	// still: the tree has not changed since the last PeekLive, so a frame
	// of streamed text need not diff it (false, the zero value: it may
	// have).
	still bool

	// Live elements (live.go): the run's context, made on first use
	// (Context), as most runs never ask; what wakes the runtime to send a
	// frame.
	ctx   *runContext
	wake  func()
	flush func()
	// slow is called once at the first st call past slowAt, a time since
	// clockStart: 8 bytes, where a time.Time is 24 (SetSlow).
	slow   func()
	slowAt time.Duration
	// top is where a panic, and what callbacks draw, go: the main block,
	// or in a fragment run the fragment's node (fragment.go).
	top *tree.Node
	// run draws a fragment run's fragments in place of App (nil: a run of
	// the app).
	run  func() Outcome
	rare *rareRun // made on first use (more)

	// Reuse of the last page (reuse.go): the last container looked up in
	// State.twins and its twin; the array the containers' children take
	// their room from; how many children the run has added to containers.
	twinOf, twinIs *tree.Node
	slab           []*tree.Node
	slots          int32 // 32 bits, as nth: the Run is then 176 bytes, not 192
	nth            int32 // the widgets the run has drawn (State.order)
}

// rareRun is what few runs use: a page of st.Navigation, fragments,
// streamed text.
type rareRun struct {
	pageScope string // the page unkeyed widgets drawn now belong to (Scope)
	// frag is the key of the innermost fragment being drawn ("" for none);
	// scope holds a fragment run's fragments (nil: a run of the app).
	frag     string
	scope    []string
	rerunKey string // the fragment a RerunFragment outcome reruns
	// Streamed text (live.go): what waits for the next frame, and each
	// stream's text so far. Under mu.
	appends []pendingAppend
	streams map[*tree.Node]*streamed
}

// noRare is what a run that has no rareRun reads: nothing writes to it.
var noRare rareRun

// some returns r's rareRun to read: noRare when it has none.
func (r *Run) some() *rareRun {
	if r.rare == nil {
		return &noRare
	}
	return r.rare
}

// more returns r's rareRun to write, made on first use. The run's
// goroutine calls it, without mu: a frame's goroutine reads r.rare under
// mu, so it is set under mu.
func (r *Run) more() *rareRun {
	if r.rare == nil {
		x := new(rareRun)
		r.mu.Lock()
		r.rare = x
		r.mu.Unlock()
	}
	return r.rare
}

// runContext is a run's context, made on first use (Context).
type runContext struct {
	ctx    context.Context
	cancel context.CancelFunc
}

// clockStart is what a run's slowAt counts from: a time.Duration since
// it reads the monotonic clock as a time.Time does.
var clockStart = time.Now()

// Begin starts run number n with what the browser sent: it stores the
// values the session's widgets accept and calls the callbacks they ask
// for. What the callbacks draw, and their panics, start the run's page.
func (s *State) Begin(n int64, in Input) *Run {
	r := s.newRun(n, s.newRoot()) // recycle.go
	r.top = r.root.Children[tree.Main]
	s.pairRoots(r.root) // reuse.go
	s.begin(r, in)
	return r
}

// newRun makes run number n, which draws into root, and starts it: its
// context, and the files its page offers.
func (s *State) newRun(n int64, root *tree.Node) *Run {
	s.gen++
	clear(s.twins) // reuse.go: a run of fragments pairs none
	r := &Run{state: s, root: root, n: n, gen: s.gen}
	s.running.Store(r) // its context, once made, is born cancelled if it is stale already
	// Before the callbacks: a download button one draws shows in this run.
	s.media.StartRun()
	s.uploads.StartRun()
	s.tables.startRun()
	return r
}

// begin applies in for run r and calls the callbacks it asks for.
func (s *State) begin(r *Run, in Input) {
	calls := s.apply(in)
	if s.drops.count > 0 {
		s.flushDrops(time.Now())
	}
	if len(calls) > 0 {
		s.drawing = r
		for _, cb := range calls {
			if r.stale() {
				break
			}
			r.call(cb.call)
		}
		s.drawing = nil
	}
}

// Execute runs app for r and finishes the run: it returns how the run
// ended, and keeps what the next run needs. After it, r's tree is what
// the page shows, unless the run was aborted.
func (r *Run) Execute(app App) Outcome {
	out := Aborted
	if !r.stale() { // a callback may have taken long enough to be superseded
		if r.run != nil {
			out = r.run() // a fragment run (fragment.go)
		} else {
			out = r.call(func() { app(r) })
		}
	}
	r.mu.Lock()
	r.done = true
	r.mu.Unlock()
	r.stop()
	s := r.state
	s.running.CompareAndSwap(r, nil)
	s.endPairing() // reuse.go
	switch out {
	case Aborted:
		return out // a newer run follows; it starts from what this one found
	case Finished, Rerun, RerunFragment:
		s.finish(r)
		if r.run == nil {
			s.slots = int(r.slots) // the next run's slab (reuse.go)
		}
	default: // a stopped or panicked run's page stays, with its widgets
		s.forgetClick()
	}
	s.endOrder(r) // widget.go
	s.page = r.root
	s.kept(r)              // recycle.go
	s.spare = pageMemory{} // what the run did not take of it
	// The page now offers only this run's downloads (and a stopped or
	// panicked run's page stays, and so do its downloads). A fragment run
	// drew only its part: the rest of the page keeps its files.
	if r.some().scope != nil {
		s.media.keepShown(r.root)
	}
	s.media.EndRun()
	// A fragment run drew only its part: the page's other uploaders keep
	// their files.
	s.uploads.EndRun((out == Finished || out == Rerun) && r.some().scope == nil)
	s.tables.endRun()
	return out
}

// call calls f, App or a callback, and turns what it panics with into
// how the run ends. It is the one place the engine recovers: the sentinels
// of st.Stop, st.Rerun and a stale run, and the app's own panics, which
// are drawn as an exception with the app's stack frames.
func (r *Run) call(f func()) (out Outcome) {
	defer func() {
		out = r.ended(recover())
	}()
	f()
	return Finished
}

// ended returns the Outcome of a run, or of a callback, that panicked
// with v (nil: it returned).
func (r *Run) ended(v any) Outcome {
	if r.stale() {
		// Whatever it ended with, a newer run replaces it: a stale run that
		// returned without another st call (it slept) must not reach the
		// page, nor may the values it read overwrite newer ones. So must
		// an app that recovered an Abort and went on.
		return Aborted
	}
	switch v.(type) {
	case nil:
		return Finished
	case Abort:
		return Aborted
	case StopRun:
		return Stopped
	case RerunNow:
		return Rerun
	case RerunFragmentNow:
		r.more().rerunKey = v.(RerunFragmentNow).Key
		return RerunFragment
	}
	r.mu.Lock()
	r.top.Children = append(r.top.Children, panicNode(v, appFrames(4)))
	r.still = false
	r.mu.Unlock()
	return Panicked
}

func (r *Run) stale() bool { return r.state.current.Load() != r.n }

// Check aborts the run if a newer one has been asked for. Every st call
// checks, so a stale run stops at its next st call, as in Streamlit.
func (r *Run) Check() {
	if r.stale() {
		panic(Abort{})
	}
	if r.slow != nil && r.checks.Add(1)%8 == 0 && time.Since(clockStart) > r.slowAt && r.slowFired.CompareAndSwap(false, true) {
		r.slow()
	}
}

// Done reports whether the run has finished: later calls on its Ctx (a
// callback made with a method value, st.OnClick(st.Login)) draw at the top
// of the run whose callbacks are being called, and Stop and Rerun do
// nothing.
func (r *Run) Done() bool { return r.done }

// Peek calls f with the tree drawn so far, while the run cannot add to it,
// and reports whether it did: not once the run is over or stale.
func (r *Run) Peek(f func(root *tree.Node)) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.done || r.stale() {
		return false
	}
	f(r.root)
	return true
}

// Tree returns the page the run built.
func (r *Run) Tree() *tree.Node { return r.root }

// Block returns one of the page's two blocks, tree.Main or tree.Sidebar.
// A fragment run draws only into its fragments: the page's blocks are
// shared with what the browser shows, so it gets a block of its own that
// no page holds.
func (r *Run) Block(i int) *tree.Node {
	if r.run != nil {
		return &tree.Node{Kind: "block"}
	}
	return r.root.Children[i]
}

// Add appends node to the container parent and returns it. It is the one
// place elements enter the tree.
func (r *Run) Add(parent *tree.Node, node *tree.Node) *tree.Node {
	return r.add(parent, node, true)
}

// add is Add; pair: node may hold others, so the run pairs it with the
// last page's node at its place (reuse.go).
func (r *Run) add(parent *tree.Node, node *tree.Node, pair bool) *tree.Node {
	if r.done {
		// Drawn by a callback through the Ctx of the run that drew its
		// widget: it goes at the top of the run the callback is for.
		if d := r.state.drawing; d != nil {
			d.mu.Lock()
			d.top.Children = append(d.top.Children, node)
			d.still = false
			d.mu.Unlock()
		}
		return node
	}
	r.Check()
	r.mu.Lock()
	r.still = false
	if parent.Kind == SlotKind {
		// A placeholder holds one element: the new one replaces it, and
		// the browser sees the change within a frame. (A new slice: the
		// old one may be the page the browser was sent.)
		parent.Children = []*tree.Node{node}
		r.woken()
	} else {
		if pair {
			r.pair(parent, node) // reuse.go
		}
		if len(parent.Children) == cap(parent.Children) {
			r.grow(parent)
		}
		parent.Children = append(parent.Children, node)
		r.slots++
	}
	r.mu.Unlock()
	return node
}

// Replace puts node in the place of old, a child of parent, as when a
// spinner stops or a progress bar moves, and reports whether old was
// there. The tree's nodes are shared with what the browser was sent, so an
// element changes by being replaced, never in place. The browser sees the
// change within a frame.
func (r *Run) Replace(parent, old, node *tree.Node) bool {
	if r.done {
		return false
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for i, n := range parent.Children {
		if n == old {
			parent.Children[i] = node
			r.still = false
			r.woken()
			return true
		}
	}
	return false
}

// Markdown returns the session's Markdown renderer.
func (r *Run) Markdown() *markdown.Renderer { return r.state.md }

// Media returns the files the session's page offers.
func (r *Run) Media() *Media { return r.state.media }

// Uploads returns the files the session's browser uploaded.
func (r *Run) Uploads() *Uploads { return r.state.uploads }

// Tables returns the data sets the session's page reads by window.
func (r *Run) Tables() *Tables { return r.state.tables }

// User returns who the session runs as.
func (r *Run) User() User { return r.state.User() }

// SetUser changes who the session runs as (st.Logout).
func (r *Run) SetUser(u User) { r.state.SetUser(u) }

// Host returns what the runtime offers beyond the tree; nil when there is
// no server (a test harness).
func (r *Run) Host() Host { return r.state.host }

// Query returns the page's query string.
func (r *Run) Query() string { return r.state.query }

// Shell returns the session's app shell, which st writes during a run
// (st.SetPageConfig, st.Navigation, st.QueryParams().Push).
func (r *Run) Shell() *Shell { return &r.state.shell }

// Scope makes the widgets drawn from now on, without a key, belong to
// scope (a page of st.Navigation): the same kind and label in another
// scope is another widget, with a value of its own. It returns the scope
// in force before, to restore when the page is drawn.
func (r *Run) Scope(scope string) (prev string) {
	prev = r.some().pageScope
	if scope != prev {
		r.more().pageScope = scope
	}
	return prev
}

// SetQuery changes the page's query string; the runtime sends it to the
// address bar once the run is over.
func (r *Run) SetQuery(q string) { r.state.query = q }

// Redirect sends the browser to url once the run is over.
func (r *Run) Redirect(url string) { r.state.redirect = url }

// Get returns the session state's value under key.
func (r *Run) Get(key string) (any, bool) {
	v, ok := r.state.values[key]
	return v, ok
}

// Set stores v under key in the session state.
func (r *Run) Set(key string, v any) { r.state.set(key, v) }

// Delete removes key from the session state.
func (r *Run) Delete(key string) { r.state.delete(key) }

// Keys returns the session state's keys, sorted.
func (r *Run) Keys() []string { return slices.Sorted(maps.Keys(r.state.values)) }

// Props encodes an element's props. Props are plain structs and maps, which
// encoding/json cannot fail on.
func Props(v any) json.RawMessage {
	b, err := Encode(v)
	if err != nil {
		b, _ = Encode(map[string]string{"error": err.Error()})
	}
	return b
}

// The panics a run ends with on purpose. The engine recovers them; they are
// values, not errors, so an app that recovers everything is easy to spot.
type (
	// Abort stops a stale run: a newer interaction wants a fresh one.
	Abort struct{}
	// StopRun is st.Stop: the run ends here, and what it drew stays.
	StopRun struct{}
	// RerunNow is st.Rerun: the run ends here and a new one starts at once.
	RerunNow struct{}
)

// Outcome says how a run ended.
type Outcome int

const (
	Finished      Outcome = iota // App returned
	Stopped                      // st.Stop
	Rerun                        // st.Rerun: run again at once
	Aborted                      // a newer interaction superseded the run; nothing of it is shown
	Panicked                     // App panicked; the page shows the exception
	RerunFragment                // st.Rerun(st.Scope("fragment")): run that fragment at once (fragment.go)
)
