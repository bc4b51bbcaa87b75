package tree

import (
	"bytes"
	"encoding/json"
	"strconv"
)

// Op is one change to the page, addressed by the path of child indexes from
// the root. See docs/protocol.md.
type Op struct {
	Op    string // OpSet, OpProps, OpTrim or OpFresh
	Path  []int
	Node  *Node           // set: the node, with its children
	Props json.RawMessage // props: the node's new props
	Len   int             // trim: how many children the container keeps; fresh: how many the run has drawn
}

// The kinds of Op, as the wire names them ("op"). frontend/protocol.js
// mirrors them.
const (
	OpSet   = "set"   // put Node at Path
	OpProps = "props" // same kind and id: replace the node's props in place
	OpTrim  = "trim"  // the container at Path keeps its first Len children
	OpFresh = "fresh" // a run still going has drawn Len children of the container at Path again
)

// Text streamed into an element (st.WriteStream) is not an op but a
// message of its own, the smallest on the wire (runtime's appendMsg).

// Diff returns the ops that turn the page old into the page new. Nodes of the
// same kind and id at the same path are updated in place (a "props" op), so
// the browser keeps their DOM; anything else is replaced whole.
func Diff(old, new *Node) []Op {
	var d differ
	d.children(make([]int, 0, 8), old.Children, new.Children, true)
	return d.ops
}

// AppendDiff appends the ops of Diff(old, new) to b as a JSON array, the
// bytes AppendOps(b, Diff(old, new)) appends, and returns how many there
// are. It makes no ops: a rerun's done message is then built in its own
// allocation only, where Diff's ops were one more (some 220 bytes for two
// changes, a fourteenth of a rerun's garbage).
func AppendDiff(b []byte, old, new *Node) ([]byte, int) {
	d := differ{out: append(b, '['), direct: true}
	var path [8]int
	d.children(path[:0], old.Children, new.Children, true)
	return append(d.out, ']'), d.n
}

// DiffPartial is Diff for a run that is still going: it never removes
// elements, since the run may still draw them. What the browser then shows
// is [Merge](old, new).
func DiffPartial(old, new *Node) []Op {
	var d differ
	d.children(make([]int, 0, 8), old.Children, new.Children, false)
	return d.ops
}

// differ gathers a diff's ops. Every rerun diffs, and most change a few
// elements: the ops' paths share one array, and the first ops and paths
// come in one allocation (firstOps), rather than one per path and per
// doubling.
type differ struct {
	ops   []Op
	paths []int // the ops' paths, end to end

	// direct: the ops are appended to out as JSON, not gathered
	// (AppendDiff); n counts them.
	direct bool
	out    []byte
	n      int
}

// firstOps is the room a diff's first ops take: two ops, and their paths
// if four deep at most.
type firstOps struct {
	ops   [2]Op
	paths [8]int
}

func (d *differ) op(op Op, path []int) {
	if d.direct {
		if d.n > 0 {
			d.out = append(d.out, ',')
		}
		// path, not op.Path: an op stored below would take it to the
		// heap, and path is the caller's, on its stack.
		d.out = op.appendJSON(d.out, path)
		d.n++
		return
	}
	if d.ops == nil {
		f := new(firstOps)
		d.ops, d.paths = f.ops[:0], f.paths[:0]
	}
	if cap(d.paths)-len(d.paths) < len(path) {
		// A new array: the ops' paths so far stay in the old one.
		d.paths = make([]int, 0, max(8, 2*cap(d.paths), len(path)))
	}
	i := len(d.paths)
	d.paths = append(d.paths, path...)
	op.Path = d.paths[i:len(d.paths):len(d.paths)]
	d.ops = append(d.ops, op)
}

func (d *differ) children(path []int, old, new []*Node, final bool) {
	for i, n := range new {
		p := append(path, i)
		if i >= len(old) {
			d.op(Op{Op: OpSet, Node: n}, p)
			continue
		}
		o := old[i]
		if o == n {
			continue // the same node: nothing below it changed either
		}
		if o.Kind != n.Kind || o.ID != n.ID {
			d.op(Op{Op: OpSet, Node: n}, p)
			continue
		}
		if len(path) == 0 && len(o.Children) == 0 && len(n.Children) > 0 {
			// A root block that was empty and now holds elements is sent
			// whole, as one set, rather than one set per element: that
			// saves some 28 bytes an element on a first page (a fifth of
			// it), and the block holds no state of its own in the
			// browser to lose by being replaced.
			d.op(Op{Op: OpSet, Node: n}, p)
			continue
		}
		if !bytes.Equal(o.Props, n.Props) {
			d.op(Op{Op: OpProps, Props: n.Props}, p)
		}
		d.children(p, o.Children, n.Children, final)
	}
	if final && len(old) > len(new) {
		d.op(Op{Op: OpTrim, Len: len(new)}, path)
	}
}

func clone(p []int) []int { return append([]int(nil), p...) }

// AppendJSON appends the op's JSON encoding to b.
func (op *Op) AppendJSON(b []byte) []byte { return op.appendJSON(b, op.Path) }

// appendJSON appends the op's JSON encoding to b, at path.
func (op *Op) appendJSON(b []byte, path []int) []byte {
	b = append(b, `{"op":"`...)
	b = append(b, op.Op...)
	b = append(b, `","p":`...)
	b = AppendPath(b, path)
	switch op.Op {
	case OpSet:
		b = append(b, `,"n":`...)
		b = op.Node.AppendJSON(b)
	case OpProps:
		b = append(b, `,"v":`...)
		b = append(b, op.Props...)
	case OpTrim, OpFresh:
		b = append(b, `,"n":`...)
		b = strconv.AppendInt(b, int64(op.Len), 10)
	}
	return append(b, '}')
}

// AppendPath appends path as a JSON array to b.
func AppendPath(b []byte, path []int) []byte {
	b = append(b, '[')
	for i, x := range path {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, int64(x), 10)
	}
	return append(b, ']')
}

// AppendOps appends ops as a JSON array to b.
func AppendOps(b []byte, ops []Op) []byte {
	b = append(b, '[')
	for i := range ops {
		if i > 0 {
			b = append(b, ',')
		}
		b = ops[i].AppendJSON(b)
	}
	return append(b, ']')
}

// Merge returns what the browser shows after the ops of DiffPartial(old,
// new): new's elements, then those of old past new's end. Containers are
// copied, since the run goes on appending to new's.
func Merge(old, new *Node) *Node {
	out := *new
	out.Children = make([]*Node, len(new.Children), max(len(new.Children), len(old.Children)))
	for i, n := range new.Children {
		if i < len(old.Children) && old.Children[i].Kind == n.Kind && old.Children[i].ID == n.ID {
			out.Children[i] = Merge(old.Children[i], n)
		} else {
			out.Children[i] = snapshot(n)
		}
	}
	if len(old.Children) > len(new.Children) {
		out.Children = append(out.Children, old.Children[len(new.Children):]...)
	}
	return &out
}

// snapshot copies n and what is below it, so later appends do not show
// (and Diff's shortcut for identical nodes does not take the copy for n).
func snapshot(n *Node) *Node {
	out := *n
	out.Children = nil
	if len(n.Children) > 0 {
		out.Children = make([]*Node, len(n.Children))
	}
	for i, c := range n.Children {
		out.Children[i] = snapshot(c)
	}
	return &out
}

// Fresh says how far a run that is still going has got, so the browser can
// stop fading what the run drew again unchanged: for each root, how many
// children the run has drawn, and the same down its last child where that
// is a container. The browser takes everything before the last child of
// each such container as drawn, the last one only itself.
func Fresh(root *Node) []Op {
	var ops []Op
	for i, block := range root.Children {
		ops = freshSpine(ops, []int{i}, block)
	}
	return ops
}

func freshSpine(ops []Op, path []int, n *Node) []Op {
	k := len(n.Children)
	if k == 0 {
		return ops
	}
	ops = append(ops, Op{Op: OpFresh, Path: clone(path), Len: k})
	return freshSpine(ops, append(path, k-1), n.Children[k-1])
}
