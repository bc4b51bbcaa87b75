package script

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/gost-dev/gost/internal/tree"
)

// Fragments. A fragment is a part of the page that reruns on its own, as
// Streamlit's @st.fragment: a widget inside it, a timer (st.Every) or a
// goroutine's push reruns only its body, and only its subtree of the page
// changes.
//
// The engine keeps the page the last run left ([State.page]) and, for each
// fragment it showed, the function that draws its body. A fragment run
// copies the page's spine down to each fragment's node, puts an empty node
// in its place and calls the body into it: everything outside is shared
// with the page, so the runtime's diff sends only the fragment's subtree.
// Widgets remember the innermost fragment that drew them: an interaction
// with widgets of fragments only reruns those fragments ([State.Scope]),
// and a fragment run forgets only the widgets of its own fragments that it
// did not draw again.

// FragmentKind is the kind of a fragment's node on the page.
const FragmentKind = "fragment"

// fragment is what a session keeps of one fragment between runs.
type fragment struct {
	key    string
	parent string // the key of the fragment it was drawn in; "" for none
	every  time.Duration
	draw   func(r *Run, node *tree.Node)
	gen    uint64 // the run that last drew it
	page   string // the page it is drawn on (Run.Scope): its widgets' identity
}

// FragmentID returns the id of the node of the fragment with key.
func FragmentID(key string) string { return "fragment:" + key }

// Fragment draws a fragment with key into parent: a node of its own,
// into which draw draws its body, now and in each of its later runs. every
// (0: never) reruns it on a timer the runtime keeps. The error is for the
// page: a second fragment with the same key in one run.
func (r *Run) Fragment(parent *tree.Node, key string, every time.Duration, draw func(r *Run, node *tree.Node)) error {
	r.Check()
	if r.done {
		return fmt.Errorf("a fragment drawn after its run ended is not shown")
	}
	s := r.state
	if f := s.frags[key]; f != nil && f.gen == r.gen {
		return fmt.Errorf("there are two fragments with the key %q; keys must be unique", key)
	}
	node := newFragmentNode(key)
	r.Add(parent, node)
	if s.frags == nil { // made on first use: most apps have no fragment
		s.frags = make(map[string]*fragment)
	}
	x := r.some()
	s.frags[key] = &fragment{key: key, parent: x.frag, every: every, draw: draw, gen: r.gen, page: x.pageScope}
	r.drawFragment(key, node, draw)
	return nil
}

func newFragmentNode(key string) *tree.Node {
	props, _ := json.Marshal(struct {
		Key string `json:"key"`
	}{key})
	return &tree.Node{Kind: FragmentKind, ID: FragmentID(key), Props: props}
}

// drawFragment calls draw into node with key as the run's innermost
// fragment, which the widgets it draws remember.
func (r *Run) drawFragment(key string, node *tree.Node, draw func(*Run, *tree.Node)) {
	x := r.more()
	prev, prevTop := x.frag, r.top
	x.frag, r.top = key, node
	defer func() { x.frag, r.top = prev, prevTop }()
	draw(r, node)
}

// InFragment reports whether the run is drawing a fragment's body.
func (r *Run) InFragment() bool { return r.some().frag != "" }

// Fragments returns the keys of a fragment run's fragments; nil for a run
// of the whole app.
func (r *Run) Fragments() []string { return r.some().scope }

// Scope says what an interaction reruns: only the fragments its widgets
// were drawn in (their keys), or the whole app (full). A hello, a click or
// value of a widget outside every fragment, or nothing at all, reruns the
// app. Ids of no widget drawn do not count: they are dropped anyway.
func (s *State) Scope(in Input) (keys []string, full bool) {
	if in.Hello {
		return nil, true
	}
	add := func(id string) bool {
		w := s.byID[id]
		if w == nil {
			return true
		}
		if w.frag == "" || s.frags[w.frag] == nil {
			return false
		}
		if !slices.Contains(keys, w.frag) {
			keys = append(keys, w.frag)
		}
		return true
	}
	if in.Trigger != "" && !add(in.Trigger) {
		return nil, true
	}
	for id := range in.Widgets {
		if !add(id) {
			return nil, true
		}
	}
	slices.Sort(keys)
	return keys, len(keys) == 0
}

// Every returns the timers of the fragments the page shows: key → period.
func (s *State) Every() map[string]time.Duration {
	out := make(map[string]time.Duration)
	for k, f := range s.frags {
		if f.every > 0 {
			out[k] = f.every
		}
	}
	return out
}

// BeginFragments starts run number n of the fragments with keys, with what
// the browser sent (as [State.Begin]). It reports false, and starts nothing,
// when none of them is on the page: the page changed since they were asked
// for. A fragment inside another one asked for reruns with it.
func (s *State) BeginFragments(n int64, in Input, keys []string) (*Run, bool) {
	if s.page == nil {
		return nil, false
	}
	root := s.page
	type target struct {
		key  string
		node *tree.Node
	}
	var targets []target
	for _, key := range keys {
		if s.frags[key] == nil {
			continue
		}
		path := findID(root, FragmentID(key), nil)
		if path == nil {
			continue // gone, or inside a fragment already taken
		}
		node := newFragmentNode(key)
		root = replaceAt(root, path, node)
		targets = append(targets, target{key, node})
	}
	if len(targets) == 0 {
		return nil, false
	}
	r := s.newRun(n, root)
	r.run = func() Outcome {
		out := Finished
		for _, t := range targets {
			f := s.frags[t.key]
			f.gen = r.gen
			r.top, r.more().pageScope = t.node, f.page
			o := r.call(func() { r.drawFragment(t.key, t.node, f.draw) })
			switch o {
			case Finished:
			case Panicked:
				out = Panicked // the exception shows in its fragment; the others run
			default:
				return o
			}
		}
		return out
	}
	r.top = targets[0].node // what callbacks draw goes into the first
	for _, t := range targets {
		x := r.more()
		x.scope = append(x.scope, t.key)
	}
	s.begin(r, in)
	return r, true
}

// OnPage returns those of keys whose fragments the page shows: a request
// for a fragment that has gone since is for nothing.
func (s *State) OnPage(keys []string) []string {
	var out []string
	for _, k := range keys {
		if s.page != nil && s.frags[k] != nil && findID(s.page, FragmentID(k), nil) != nil {
			out = append(out, k)
		}
	}
	return out
}

// findID returns the path from n to the node with id, or nil.
func findID(n *tree.Node, id string, path []int) []int {
	for i, c := range n.Children {
		p := append(path, i)
		if c.ID == id {
			return slices.Clone(p)
		}
		if got := findID(c, id, p); got != nil {
			return got
		}
	}
	return nil
}

// replaceAt returns a copy of root with node at path. Only the nodes on the
// path are copied: the page's nodes are shared with what the browser was
// sent, and never change in place.
func replaceAt(root *tree.Node, path []int, node *tree.Node) *tree.Node {
	if len(path) == 0 {
		return node
	}
	out := *root
	out.Children = slices.Clone(root.Children)
	out.Children[path[0]] = replaceAt(root.Children[path[0]], path[1:], node)
	return &out
}

// under reports whether the fragment key is one of keys or drawn inside
// one of them.
func (s *State) under(key string, keys []string) bool {
	for seen := 0; key != "" && seen < 64; seen++ {
		if slices.Contains(keys, key) {
			return true
		}
		f := s.frags[key]
		if f == nil {
			return false
		}
		key = f.parent
	}
	return false
}

// forgetFragments forgets the fragments run r was to draw and did not:
// every one not drawn after a run of the app, those inside its own after a
// fragment run.
func (s *State) forgetFragments(r *Run) {
	for k, f := range s.frags {
		if f.gen == r.gen {
			continue
		}
		if scope := r.some().scope; scope == nil || s.under(f.parent, scope) {
			delete(s.frags, k)
		}
	}
}

// Pusher lets a goroutine of the app ask its session for a run. The
// runtime's session implements it; requests go through the session's run
// loop, so they never race a run, and several while one is pending make
// one run.
type Pusher interface {
	// Push asks for a run of the fragment with key ("" for the whole app).
	Push(key string)
	// Context is cancelled when the session ends.
	Context() context.Context
}

// SetPusher sets what the session's goroutines push through. Call it
// before the first run.
func (s *State) SetPusher(p Pusher) { s.pusher = p }

// Pusher returns what the session's goroutines push through; nil when
// nothing can push (no runtime).
func (r *Run) Pusher() Pusher { return r.state.pusher }

// FragmentKey returns the key of the innermost fragment being drawn; ""
// outside fragments.
func (r *Run) FragmentKey() string { return r.some().frag }

// keepShown marks as drawn the files the page root still shows outside
// what a fragment run drew: their URLs are in the props of its nodes
// (_gost/media/<id>, _gost/download/<id>). A fragment run then ends like a
// run of the app ([Media.EndRun]): files neither it nor the page shows go,
// so a fragment that draws a new image on every tick holds only the last
// ones.
func (m *Media) keepShown(root *tree.Node) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var walk func(n *tree.Node)
	walk = func(n *tree.Node) {
		for p := []byte(n.Props); ; {
			i := bytes.Index(p, []byte("_gost/"))
			if i < 0 {
				break
			}
			p = p[i+len("_gost/"):]
			rest, ok := bytes.CutPrefix(p, []byte("media/"))
			if !ok {
				rest, ok = bytes.CutPrefix(p, []byte("download/"))
			}
			if ok && len(rest) >= 32 {
				if f := m.byID[string(rest[:32])]; f != nil {
					f.drawn = true
				}
			}
		}
		for _, c := range n.Children {
			walk(c)
		}
	}
	walk(root)
}

// RerunFragmentNow is st.Rerun(st.Scope("fragment")): the run ends here and
// the fragment with Key runs again at once. The engine recovers it as it
// does [RerunNow].
type RerunFragmentNow struct{ Key string }

// RerunKey returns the fragment a run that ended with RerunFragment asks
// to rerun.
func (r *Run) RerunKey() string { return r.some().rerunKey }
