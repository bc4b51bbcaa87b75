package tree

import (
	"bytes"
	"hash/maphash"
	"sync"
	"unsafe"
	"weak"
)

// A Pool lets pages share their identical elements. The tabs of an app
// mostly show the same titles, texts and widgets at their defaults; kept
// once per tab, a page of 40 elements costs some 7 KiB, most of the memory
// of an idle tab. A page shared through the pool holds its own containers
// only, and points at leaves (elements without children) that every page
// showing the same element shares.
//
// Sharing relies on what the package doc says: a node never changes once
// its run has finished. The pool holds its nodes weakly: a leaf no page
// shows any more is collected. An entry in the pool (a map entry and a
// weak pointer) costs about what a small leaf does, so a leaf enters it
// only when it is seen a second time: the leaves of one tab's own, a
// user's name or numbers, never do, and cost what they did without a
// pool. The zero Pool is ready to use; a nil *Pool shares nothing.
type Pool struct {
	mu     sync.Mutex
	leaves map[leafKey]weak.Pointer[Node]
	swept  int // len(leaves) after the last sweep of collected leaves

	// seen holds the hashes of leaves seen once, one per slot, the
	// newest winning: a leaf seen again while its hash is there enters
	// the pool. Made on first use.
	seen *[seenSlots]uint64
	seed maphash.Seed
}

// seenSlots is the size of Pool.seen (64 KiB). A leaf most tabs show is
// seen again long before other leaves take its slot.
const (
	seenBits  = 13
	seenSlots = 1 << seenBits
)

// leafKey identifies a leaf by what the browser sees of it. props aliases
// the bytes of the node's Props, which never change.
type leafKey struct{ kind, id, props string }

// Share replaces the leaves of new, the page of a run that has finished,
// with equal ones: those of old, the page it follows, where they stand at
// the same place, else the pool's. It changes new's containers in place,
// so it must run before anything else sees new, or while nothing reads
// it. Equal nodes then are the same node, which Diff skips at a glance.
func (p *Pool) Share(old, new *Node) {
	if p == nil || old == new {
		return
	}
	var oc []*Node
	if old != nil {
		oc = old.Children
	}
	p.share(oc, new.Children)
}

func (p *Pool) share(old, new []*Node) {
	for i, n := range new {
		var o *Node
		if i < len(old) {
			o = old[i]
		}
		if o == n {
			continue // the same node: nothing below it changed either
		}
		same := o != nil && o.Kind == n.Kind && o.ID == n.ID
		if len(n.Children) > 0 {
			var oc []*Node
			if same {
				oc = o.Children
			}
			p.share(oc, n.Children)
			continue
		}
		if same && len(o.Children) == 0 && bytes.Equal(o.Props, n.Props) {
			new[i] = o
			continue
		}
		new[i] = p.leaf(n)
	}
}

// leaf returns the pool's node equal to n. If the pool has none, n
// becomes it if an equal leaf was seen before.
func (p *Pool) leaf(n *Node) *Node {
	k := leafKey{n.Kind, n.ID, unsafe.String(unsafe.SliceData(n.Props), len(n.Props))}
	p.mu.Lock()
	defer p.mu.Unlock()
	if s := p.leaves[k].Value(); s != nil {
		return s
	}
	if p.seen == nil {
		p.seen, p.seed = new([seenSlots]uint64), maphash.MakeSeed()
	}
	h := maphash.Comparable(p.seed, k) | 1 // 0: an empty slot
	if slot := &p.seen[h>>(64-seenBits)]; *slot != h {
		*slot = h // seen once: it may be this page's own
		return n
	}
	if p.leaves == nil {
		p.leaves = make(map[leafKey]weak.Pointer[Node])
	}
	// Assigning over a collected leaf's entry replaces its key too, so the
	// entry holds the new node's props, not the old ones.
	p.leaves[k] = weak.Make(n)
	if len(p.leaves) >= 2*max(p.swept, 512) {
		p.sweep()
	}
	return n
}

// sweep forgets the leaves that have been collected. Run when the map has
// doubled since the last sweep, it costs a constant time per leaf added.
func (p *Pool) sweep() {
	for k, w := range p.leaves {
		if w.Value() == nil {
			delete(p.leaves, k)
		}
	}
	p.swept = len(p.leaves)
}

// Len returns how many leaves the pool holds, some perhaps already
// collected.
func (p *Pool) Len() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.leaves)
}
