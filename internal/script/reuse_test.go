package script_test

import (
	"encoding/json"
	"testing"

	"github.com/gost-dev/gost/internal/script"
	"github.com/gost-dev/gost/internal/tree"
)

// TestRerunReusesUnchangedLeaves: a rerun that draws an element the last
// page has at the same place, with the same props, adds the last page's
// node; a changed element, an element at another place and a container
// get new nodes; and the last page is left as it was.
func TestRerunReusesUnchangedLeaves(t *testing.T) {
	n := 0
	h := newSession(t, func(r *script.Run) {
		main := r.Block(tree.Main)
		r.AddLeaf(main, "text", "", []byte(`{"text":"same"}`))
		r.AddLeaf(main, "text", "", []byte(`{"text":"`+string(rune('a'+n))+`"}`))
		col := r.Add(main, &tree.Node{Kind: "column"})
		if n >= 1 {
			r.AddLeaf(col, "text", "", []byte(`{"text":"moved in"}`))
		}
		r.AddLeaf(col, "button", "button:Go", []byte(`{"label":"Go"}`))
		r.AddLeaf(r.Block(tree.Sidebar), "text", "", []byte(`{"text":"side"}`))
		n++
	})
	first := h.send(nil).Tree()
	before, _ := json.Marshal(first)
	second := h.send(nil).Tree()
	after, _ := json.Marshal(first)
	if string(before) != string(after) {
		t.Fatalf("the rerun changed the last page:\n%s\nto\n%s", before, after)
	}
	m1, m2 := first.Children[tree.Main], second.Children[tree.Main]
	for _, c := range []struct {
		what     string
		old, new *tree.Node
		same     bool
	}{
		{"an unchanged text", m1.Children[0], m2.Children[0], true},
		{"a changed text", m1.Children[1], m2.Children[1], false},
		{"a container", m1.Children[2], m2.Children[2], false},
		{"a button moved down its column", m1.Children[2].Children[0], m2.Children[2].Children[1], false},
		{"an unchanged text in the sidebar", first.Children[tree.Sidebar].Children[0], second.Children[tree.Sidebar].Children[0], true},
	} {
		if (c.old == c.new) != c.same {
			t.Errorf("%s: same node %v, want %v", c.what, c.old == c.new, c.same)
		}
	}
	// Drawn again unchanged, in its column, the button is reused again.
	third := h.send(nil).Tree()
	if b2, b3 := m2.Children[2].Children[1], third.Children[tree.Main].Children[2].Children[1]; b2 != b3 {
		t.Errorf("an unchanged button in a column: a new node")
	}
}
