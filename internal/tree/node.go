// Package tree holds the element tree a run of App builds, and the diff
// between two trees that the runtime sends to the browser.
//
// Nodes are immutable once their run has finished: the runtime diffs the
// finished tree against the previous one and keeps it as the new baseline.
// The one exception is a page handed back once nothing refers to it any
// more (Reuse): its root and blocks are drawn into again.
package tree

import (
	"encoding/json"
	"strconv"
	"unsafe"
)

// Node is one element of the page: a heading, a widget, or a container.
type Node struct {
	Kind     string
	ID       string          // widget id; empty for elements that are not widgets
	Props    json.RawMessage // a JSON object, encoded once when the node is built
	Children []*Node
}

// The two roots of every page, at paths [0] and [1].
const (
	Main    = 0
	Sidebar = 1
)

// NewRoot returns an empty page: a root holding the main block and the sidebar.
// Every run starts one, so it is made in one allocation rather than four.
func NewRoot() *Node {
	p := new(emptyPage)
	p.init()
	return &p.root
}

// Reuse returns root, a page NewRoot (or Reuse) made, emptied: its root
// and blocks hold nothing again. Nodes never change once their run has
// finished, so only a caller that knows nothing refers to the page any
// more may reuse it (package script's recycling, for the runtime, which
// hands back the pages it has done with). It returns nil when root is not
// a page NewRoot made.
func Reuse(root *Node) *Node {
	// A page NewRoot made holds its blocks' array at a fixed place after
	// its root: only then is root the start of an emptyPage.
	if len(root.Children) != 2 || cap(root.Children) != 2 ||
		uintptr(unsafe.Pointer(&root.Children[0])) != uintptr(unsafe.Pointer(root))+unsafe.Offsetof(emptyPage{}.blocks) {
		return nil
	}
	p := (*emptyPage)(unsafe.Pointer(root))
	*p = emptyPage{}
	p.init()
	return &p.root
}

func (p *emptyPage) init() {
	p.main = Node{Kind: "block", Props: mainProps}
	p.sidebar = Node{Kind: "block", Props: sidebarProps}
	p.blocks = [2]*Node{&p.main, &p.sidebar}
	p.root.Children = p.blocks[:]
}

// emptyPage is what NewRoot allocates. The root's children slice has room
// for its two blocks only: appending a third copies it out.
type emptyPage struct {
	root          Node
	main, sidebar Node
	blocks        [2]*Node
}

// The roots' props, shared by every page: nodes never change.
var (
	mainProps    = json.RawMessage(`{"name":"main"}`)
	sidebarProps = json.RawMessage(`{"name":"sidebar"}`)
)

// MarshalJSON encodes the node as {"k":kind,"id":id,"p":props,"c":[children]}.
func (n *Node) MarshalJSON() ([]byte, error) { return n.AppendJSON(nil), nil }

// AppendJSON appends the node's JSON encoding to b. It is hand-written
// because encoding the tree is on every rerun's path.
func (n *Node) AppendJSON(b []byte) []byte {
	b = append(b, `{"k":`...)
	b = strconv.AppendQuote(b, n.Kind)
	if n.ID != "" {
		b = append(b, `,"id":`...)
		b = appendString(b, n.ID)
	}
	if len(n.Props) > 0 {
		b = append(b, `,"p":`...)
		b = append(b, n.Props...)
	}
	if len(n.Children) > 0 {
		b = append(b, `,"c":[`...)
		for i, c := range n.Children {
			if i > 0 {
				b = append(b, ',')
			}
			b = c.AppendJSON(b)
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

// appendString appends s as a JSON string. Widget ids hold user labels, so
// they go through encoding/json's escaping (strconv.Quote is not JSON),
// unless every byte is one encoding/json writes as it is: printable ASCII
// other than a quote, a backslash and the HTML characters it escapes.
// Most ids are, and json.Marshal allocates.
func appendString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			q, _ := json.Marshal(s)
			return append(b, q...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// Count returns how many nodes the tree holds, the root included.
func (n *Node) Count() int {
	c := 1
	for _, k := range n.Children {
		c += k.Count()
	}
	return c
}
