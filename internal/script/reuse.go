package script

import (
	"bytes"
	"slices"

	"github.com/gost-dev/gost/internal/tree"
)

// A rerun mostly draws what the last run drew: the same titles, texts and
// widgets at the same places. A run takes such an element's node from the
// last page rather than a new one with a copy of its props, which was a
// quarter of a rerun's allocations; and the runtime's diff (and the pool
// of shared elements, tree.Pool) then skips it at a glance, as the same
// node. This relies on package tree's rule: a node never changes once its
// run has finished. Only leaves are taken (AddLeaf: elements that hold no
// others), so nothing is ever added to a node of the last page.
//
// To know what stood at the same place, a run pairs each container it
// draws with the last page's container at its place, of the same kind and
// id: its twin (State.twins, cleared by each run). A run of fragments
// pairs none, and takes nothing.

// AddLeaf adds an element that holds no other to the container parent, as
// Add does, with its props encoded in props, which it copies if it keeps
// them: if the last page has the same element at the same place, it adds
// that node instead.
func (r *Run) AddLeaf(parent *tree.Node, kind, id string, props []byte) *tree.Node {
	if o := r.before(parent); o != nil && o.Kind == kind && o.ID == id && len(o.Children) == 0 && bytes.Equal(o.Props, props) {
		return r.add(parent, o, false)
	}
	return r.add(parent, &tree.Node{Kind: kind, ID: id, Props: bytes.Clone(props)}, false)
}

// AddContainer adds an element that holds others to the container
// parent, as Add does, with its props encoded in props, which it copies
// unless the last page's container at its place has the same: a
// container is a new node on every run, since what it holds changes, but
// its props mostly do not (nodes never change, so they may share them).
func (r *Run) AddContainer(parent *tree.Node, kind, id string, props []byte) *tree.Node {
	var p []byte
	if o := r.before(parent); o != nil && o.Kind == kind && o.ID == id && bytes.Equal(o.Props, props) {
		p = o.Props
	} else {
		p = bytes.Clone(props)
	}
	return r.Add(parent, &tree.Node{Kind: kind, ID: id, Props: p})
}

// before returns the node the last page has where the next child of parent
// goes, if the run knows parent's twin; nil if not.
func (r *Run) before(parent *tree.Node) *tree.Node {
	if r.done || parent.Kind == SlotKind || len(r.state.twins) == 0 {
		return nil
	}
	old := r.twin(parent)
	if i := len(parent.Children); old != nil && i < len(old.Children) {
		return old.Children[i]
	}
	return nil
}

// twin returns parent's twin, nil if it has none. Elements mostly go
// into the container the last one went into, so the run remembers the
// last answer rather than look every element's parent up in the map.
func (r *Run) twin(parent *tree.Node) *tree.Node {
	if parent != r.twinOf {
		r.twinOf, r.twinIs = parent, r.state.twins[parent]
	}
	return r.twinIs
}

// pair makes old the twin of node, which the run is adding to parent, if
// old stands at that place on the last page, of the same kind and id.
func (r *Run) pair(parent, node *tree.Node) {
	if o := r.before(parent); o != nil && o != node && o.Kind == node.Kind && o.ID == node.ID {
		r.state.twins[node] = o
		if r.twinOf == node {
			r.twinIs = o
		}
	}
}

// grow makes room in parent, which is full, for as many children as its
// twin has: a container is mostly drawn again as it was, in one
// allocation rather than one per doubling, at the size it was. The
// containers of a run take that room from one array, the run's slab,
// made at its first grow as large as the last run's containers' children
// together: one allocation a run rather than one per container.
func (r *Run) grow(parent *tree.Node) {
	old := r.twin(parent)
	if old == nil || len(old.Children) <= len(parent.Children) {
		return // append grows it
	}
	n := len(old.Children)
	if r.slab == nil {
		r.slab = r.state.newSlab(max(r.state.slots, n)) // recycle.go
	}
	if i := len(r.slab); cap(r.slab)-i >= n {
		// Capped at n: an append past it copies out rather than write
		// over the next container's children.
		r.slab = r.slab[:i+n]
		parent.Children = append(r.slab[i:i:i+n], parent.Children...)
		return
	}
	parent.Children = slices.Grow(parent.Children, n-len(parent.Children))
}

// endPairing forgets the pairs when a run ends: they would keep the last
// page's containers alive. A small map is kept for the next run (an idle
// session holds it, some 200 bytes); a larger one goes.
func (s *State) endPairing() {
	if len(s.twins) > 8 {
		s.twins = nil
	} else {
		clear(s.twins)
	}
}

// pairRoots starts the pairing of a run of the app, which draws root, with
// the last page.
func (s *State) pairRoots(root *tree.Node) {
	clear(s.twins)
	if s.page == nil || len(s.page.Children) != len(root.Children) {
		return
	}
	if s.twins == nil {
		s.twins = make(map[*tree.Node]*tree.Node)
	}
	for i, n := range root.Children {
		if o := s.page.Children[i]; o.Kind == n.Kind && o.ID == n.ID {
			s.twins[n] = o
		}
	}
}
