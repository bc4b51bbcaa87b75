package script

import (
	"context"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/gost-dev/gost/internal/tree"
)

// Live elements: what a run changes on the page while it goes on, and must
// show within a frame rather than at the runtime's streaming tick: a
// placeholder refilled, a progress bar set, a status that turns complete,
// text streamed into an element. They change the run's tree through
// [Run.Replace] and [Run.Add] as every element does, or, for streamed
// text, queue an append ([Run.Append]); either way the run wakes the
// runtime, which sends what changed at most once a frame ([Run.SetWake]).

// SlotKind is the kind of a placeholder (st.Empty): a container that holds
// one element, so that adding to it replaces what it held.
const SlotKind = "empty"

// Context returns a context that is cancelled when the run ends or is
// superseded by a newer one: a source the run reads (a model's streamed
// answer) stops when the user moves on.
//
// It is made on first use, as a context costs two allocations a run and
// few runs wait on anything: made once the run is over or superseded, it
// is born cancelled.
func (r *Run) Context() context.Context {
	r.ctxMu.Lock()
	defer r.ctxMu.Unlock()
	if r.ctx == nil {
		ctx, cancel := context.WithCancel(context.Background())
		r.ctx = &runContext{ctx, cancel}
		if r.stopped || r.stale() {
			cancel()
		}
	}
	return r.ctx.ctx
}

// stop cancels the run's context, or the one it will make: the run is
// over, or superseded. Any goroutine may call it, holding any lock:
// r.ctxMu is taken last of all.
func (r *Run) stop() {
	r.ctxMu.Lock()
	defer r.ctxMu.Unlock()
	r.stopped = true
	if r.ctx != nil {
		r.ctx.cancel()
	}
}

// SetSlow sets the function the run calls once, on the goroutine of the
// call, at its first st call past after from now (the clock is read at one st
// call in eight). The runtime sets it before App runs: a run on the
// goroutine that reads the browser's messages keeps them waiting, and a
// run that goes on has another goroutine read them, so that a click which
// makes the run stale stops it at its next st call, as in Streamlit.
func (r *Run) SetSlow(after time.Duration, slow func()) {
	r.slow, r.slowAt = slow, time.Since(clockStart)+after
}

// SetWake sets the function the run calls, from its own goroutine, when a
// live element changed. The runtime sets it before the run starts; nil
// (the default, and in tests without a runtime) wakes nothing.
func (r *Run) SetWake(wake func()) {
	r.mu.Lock()
	r.wake = wake
	r.mu.Unlock()
}

// SetFlush sets the function the run calls instead of the wake when it
// queued streamed text ([Run.Append]), from its own goroutine and without
// its lock: the runtime may send the frame there and then, rather than
// from a timer's goroutine, which a busy machine schedules late. nil (the
// default) leaves it to the wake.
func (r *Run) SetFlush(flush func()) {
	r.mu.Lock()
	r.flush = flush
	r.mu.Unlock()
}

// woken calls the wake function. The caller holds r.mu.
func (r *Run) woken() {
	if r.wake != nil {
		r.wake()
	}
}

// Unique returns an identity no other element of the page has had, for an
// element that must be new on the page each time it is drawn (a toast
// shows when its node arrives). It is random: a page outlives its
// session when the server restarts, and the next session counts from 1.
func (r *Run) Unique(prefix string) string {
	return prefix + strconv.FormatUint(rand.Uint64(), 36)
}

// A Piece is what one append adds to a stream element, in the order the
// browser applies it (an append message, docs/protocol.md): HTML, when
// set, is added after the element's complete blocks, and clears the rest;
// Open, when set, is the rendering of the block still arriving, which
// replaces the last one and the raw text after it; Text is raw text added
// at the end.
type Piece struct {
	HTML, Open *string
	Text       string
}

// then returns the one piece that does what p and then q do.
func (p Piece) then(q Piece) Piece {
	switch {
	case q.HTML != nil:
		if p.HTML != nil {
			h := *p.HTML + *q.HTML
			q.HTML = &h
		}
		return q
	case q.Open != nil:
		q.HTML = p.HTML
		return q
	}
	p.Text += q.Text
	return p
}

// Append queues a piece of text streamed into node, an element of the
// run's tree, for the browser. Pieces that wait for the same frame are
// merged, so the browser gets one op per node per frame.
func (r *Run) Append(node *tree.Node, p Piece) {
	if r.done {
		return
	}
	r.Check()
	x := r.more()
	r.mu.Lock()
	found := false
	for i := range x.appends {
		if x.appends[i].node == node {
			x.appends[i].Piece = x.appends[i].then(p)
			found = true
			break
		}
	}
	if !found {
		x.appends = append(x.appends, pendingAppend{node, p})
	}
	// The whole of it too, for a browser that starts again mid-stream:
	// everything from an empty element.
	if x.streams == nil {
		x.streams = make(map[*tree.Node]*streamed)
	}
	w := x.streams[node]
	if w == nil {
		w = &streamed{}
		x.streams[node] = w
	}
	w.add(p)
	flush := r.flush
	if flush == nil {
		r.woken()
	}
	r.mu.Unlock()
	if flush != nil {
		flush()
	}
}

// pendingAppend is what was streamed into one node since the last frame.
type pendingAppend struct {
	node *tree.Node
	Piece
}

// streamed is all that was streamed into one node, as one piece from an
// empty element. Its text grows in place: a stream of n pieces in one
// endless paragraph costs n, not n² (as Piece.then would).
type streamed struct {
	html, text []byte
	open       *string
	path       []int // where the node was at the last frame
}

func (w *streamed) add(p Piece) {
	if p.HTML != nil {
		w.html = append(w.html, *p.HTML...)
		w.open, w.text = nil, w.text[:0]
	}
	if p.Open != nil {
		w.open, w.text = p.Open, w.text[:0]
	}
	w.text = append(w.text, p.Text...)
}

func (w *streamed) piece() Piece {
	html := string(w.html)
	return Piece{HTML: &html, Open: w.open, Text: string(w.text)}
}

// Appended is what was streamed into the element at Path since the last
// frame (or, for a browser that starts again, since the stream began).
type Appended struct {
	Path []int
	Piece
}

// PeekLive is [Run.Peek] for a frame: it also tells f whether the tree
// changed since the last PeekLive (if not, only the appends are new), and
// hands it the appends queued since the last frame, addressed by the path
// of their node in the tree, and forgets them. An append to a node no
// longer in the tree (it was replaced by its final form) is dropped: the
// node's props hold it all.
//
// For a browser that starts from an empty page in the middle of a stream
// (it reconnected), f may call whole instead: the appends that bring every
// stream, drawn empty by the diff, to all its text so far.
func (r *Run) PeekLive(f func(root *tree.Node, changed bool, appends []Appended, whole func() []Appended)) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.done || r.stale() {
		return false
	}
	x := r.some()
	appends := r.located(x.appends)
	if len(x.appends) > 0 {
		clear(x.appends)
		x.appends = x.appends[:0]
	}
	changed := !r.still
	r.still = true
	f(r.root, changed, appends, func() []Appended {
		all := make([]pendingAppend, 0, len(x.streams))
		for node, w := range x.streams {
			all = append(all, pendingAppend{node, w.piece()})
		}
		return r.located(all)
	})
	return true
}

// located returns the appends to nodes still in the tree, with their paths.
// A stream's node seldom moves while it streams: the path of the last
// frame is checked (a few steps down the tree) before the tree is searched.
func (r *Run) located(appends []pendingAppend) []Appended {
	var out []Appended
	for _, a := range appends {
		w := r.some().streams[a.node]
		if w == nil || !at(r.root, w.path, a.node) {
			path := pathOf(r.root, a.node, make([]int, 0, 8))
			if path == nil {
				continue
			}
			if w != nil {
				w.path = path
			}
			out = append(out, Appended{path, a.Piece})
			continue
		}
		out = append(out, Appended{w.path, a.Piece})
	}
	return out
}

// at reports whether the node at path below n is target.
func at(n *tree.Node, path []int, target *tree.Node) bool {
	if path == nil {
		return false
	}
	for _, i := range path {
		if i >= len(n.Children) {
			return false
		}
		n = n.Children[i]
	}
	return n == target
}

// pathOf returns the path of target below n, or nil. It builds the path
// in path's spare capacity and copies it only once found: it runs for
// every frame of a stream.
func pathOf(n, target *tree.Node, path []int) []int {
	for i, c := range n.Children {
		p := append(path, i)
		if c == target {
			return append([]int(nil), p...)
		}
		if found := pathOf(c, target, p); found != nil {
			return found
		}
	}
	return nil
}

// Wake asks the runtime for a frame: the run added an element the browser
// should see now (a toast), not at the next streaming tick.
func (r *Run) Wake() {
	r.mu.Lock()
	r.woken()
	r.mu.Unlock()
}
