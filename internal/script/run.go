package script

import (
	"encoding/json"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/gost-dev/gost/internal/markdown"
	"github.com/gost-dev/gost/internal/tree"
)

// Run is one run of App in one session: the tree it builds and the widgets
// it has drawn so far.
type Run struct {
	State    *State
	Root     *tree.Node
	Seen     map[string]bool // widget ids drawn in this run
	Markdown *markdown.Renderer
	// Media holds the session's downloads; the runtime sets it.
	Media *Media

	n       int64
	current *atomic.Int64 // the session's newest run; when it moves on, this run is stale

	// mu guards the tree against Peek, which the runtime calls from a
	// timer to stream a long run's elements while it goes on.
	mu   sync.Mutex
	done bool // written under mu by the run's goroutine, so it may read it without
}

// NewRun starts run number n of a session whose newest run number is current.
// What callbacks drew since the last run goes at the top of the page.
func NewRun(s *State, n int64, current *atomic.Int64, md *markdown.Renderer) *Run {
	r := &Run{
		State:    s,
		Root:     tree.NewRoot(),
		Seen:     make(map[string]bool),
		Markdown: md,
		n:        n,
		current:  current,
	}
	r.Root.Children[tree.Main].Children = s.Pending
	s.Pending = nil
	return r
}

// Check aborts the run if a newer one has been asked for. Every st call
// checks, so a stale run stops at its next st call, as in Streamlit.
func (r *Run) Check() {
	if r.current.Load() != r.n {
		panic(Abort{})
	}
}

// Done marks the run finished: later calls on its Ctx (for example from a
// callback made with a method value) add nothing to the page.
func (r *Run) Done() {
	r.mu.Lock()
	r.done = true
	r.mu.Unlock()
}

// Peek calls f with the tree drawn so far, while the run cannot add to it,
// and reports whether it did: not once the run is over or stale.
func (r *Run) Peek(f func(root *tree.Node)) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.done || r.current.Load() != r.n {
		return false
	}
	f(r.Root)
	return true
}

// IsDone reports whether the run has finished.
func (r *Run) IsDone() bool { return r.done }

// Add appends node to the container parent and returns it. It is the one
// place elements enter the tree.
func (r *Run) Add(parent *tree.Node, node *tree.Node) *tree.Node {
	if r.done {
		// Drawn from a callback: it shows at the top of the next run.
		r.State.Pending = append(r.State.Pending, node)
		return node
	}
	r.Check()
	r.mu.Lock()
	parent.Children = append(parent.Children, node)
	r.mu.Unlock()
	return node
}

// Replace puts node in the place of old, a child of parent, as when a
// spinner stops. The tree's nodes are shared with what the browser was
// sent, so an element changes by being replaced, never in place.
func (r *Run) Replace(parent, old, node *tree.Node) {
	if r.done {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for i, n := range parent.Children {
		if n == old {
			parent.Children[i] = node
			return
		}
	}
}

// Register notes that widget id is drawn in this run. It returns an error
// when the same identity was already drawn, because the two widgets would
// share one value.
func (r *Run) Register(id, kind, label string) error {
	if r.Seen[id] {
		if id[0] == keyPrefix[0] {
			return fmt.Errorf("there are two widgets with the key %q; keys must be unique", id[1:])
		}
		return fmt.Errorf("there are two %s widgets with the label %q; give them distinct labels or a Key", kind, label)
	}
	r.Seen[id] = true
	return nil
}

// Props encodes an element's props. Props are plain structs and maps, which
// encoding/json cannot fail on.
func Props(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		b, _ = json.Marshal(map[string]string{"error": err.Error()})
	}
	return b
}

// The panics a run ends with on purpose. The runner recovers them; they are
// values, not errors, so an app that recovers everything is easy to spot.
type (
	// Abort stops a stale run: a newer interaction wants a fresh one.
	Abort struct{}
	// StopRun is st.Stop: the run ends here, and what it drew stays.
	StopRun struct{}
	// RerunNow is st.Rerun: the run ends here and a new one starts at once.
	RerunNow struct{}
)

// Status says how a run ended.
type Status int

const (
	Finished Status = iota // App returned
	Stopped                // st.Stop
	Rerun                  // st.Rerun: run again at once
	Aborted                // a newer interaction superseded the run
	Panicked               // App panicked; the page shows the exception
)

// Outcome is how a run ended.
type Outcome struct {
	Status Status
}
