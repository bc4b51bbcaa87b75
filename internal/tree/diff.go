package tree

import (
	"bytes"
	"encoding/json"
	"strconv"
)

// Op is one change to the page, addressed by the path of child indexes from
// the root. See docs/protocol.md.
type Op struct {
	Op    string // "set", "props" or "trim"
	Path  []int
	Node  *Node           // set: the node, with its children
	Props json.RawMessage // props: the node's new props
	Len   int             // trim: how many children the container keeps
}

// Diff returns the ops that turn the page old into the page new. Nodes of the
// same kind and id at the same path are updated in place (a "props" op), so
// the browser keeps their DOM; anything else is replaced whole.
func Diff(old, new *Node) []Op {
	var ops []Op
	path := make([]int, 0, 8)
	return diffChildren(ops, path, old.Children, new.Children)
}

func diffChildren(ops []Op, path []int, old, new []*Node) []Op {
	for i, n := range new {
		p := append(path, i)
		if i >= len(old) {
			ops = append(ops, Op{Op: "set", Path: clone(p), Node: n})
			continue
		}
		o := old[i]
		if o == n {
			continue // the same node: nothing below it changed either
		}
		if o.Kind != n.Kind || o.ID != n.ID {
			ops = append(ops, Op{Op: "set", Path: clone(p), Node: n})
			continue
		}
		if !bytes.Equal(o.Props, n.Props) {
			ops = append(ops, Op{Op: "props", Path: clone(p), Props: n.Props})
		}
		ops = diffChildren(ops, p, o.Children, n.Children)
	}
	if len(old) > len(new) {
		ops = append(ops, Op{Op: "trim", Path: clone(path), Len: len(new)})
	}
	return ops
}

func clone(p []int) []int { return append([]int(nil), p...) }

// AppendJSON appends the op's JSON encoding to b.
func (op *Op) AppendJSON(b []byte) []byte {
	b = append(b, `{"op":"`...)
	b = append(b, op.Op...)
	b = append(b, `","p":[`...)
	for i, x := range op.Path {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, int64(x), 10)
	}
	b = append(b, ']')
	switch op.Op {
	case "set":
		b = append(b, `,"n":`...)
		b = op.Node.AppendJSON(b)
	case "props":
		b = append(b, `,"v":`...)
		b = append(b, op.Props...)
	case "trim":
		b = append(b, `,"n":`...)
		b = strconv.AppendInt(b, int64(op.Len), 10)
	}
	return append(b, '}')
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
