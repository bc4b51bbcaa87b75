package script_test

import (
	"encoding/json"
	"fmt"
	"strings"
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

// TestContainersDrawnAgainKeepTheirChildren: the containers of a rerun take
// the room for their children from one array, as much as each had on the
// last page (Run.grow). Containers drawn into by turns, one of them
// growing past what it had and one drawn shorter, each keep their own
// children, and the last page is left as it was.
func TestContainersDrawnAgainKeepTheirChildren(t *testing.T) {
	n := 0
	h := newSession(t, func(r *script.Run) {
		main := r.Block(tree.Main)
		a := r.Add(main, &tree.Node{Kind: "column"})
		b := r.Add(main, &tree.Node{Kind: "column"})
		r.AddLeaf(r.Block(tree.Sidebar), "text", "", []byte(`{"text":"side"}`))
		for i := range 3 + n {
			r.AddLeaf(a, "text", "", fmt.Appendf(nil, `{"text":"a%d"}`, i))
			if i < 4-n {
				r.AddLeaf(b, "text", "", fmt.Appendf(nil, `{"text":"b%d"}`, i))
			}
			r.AddLeaf(main, "text", "", fmt.Appendf(nil, `{"text":"m%d"}`, i))
		}
		n++
	})
	want := func(n int) string {
		var a, b, m []string
		for i := range 3 + n {
			a = append(a, fmt.Sprintf(`{"k":"text","p":{"text":"a%d"}}`, i))
			if i < 4-n {
				b = append(b, fmt.Sprintf(`{"k":"text","p":{"text":"b%d"}}`, i))
			}
			m = append(m, fmt.Sprintf(`,{"k":"text","p":{"text":"m%d"}}`, i))
		}
		return `{"k":"","c":[{"k":"block","p":{"name":"main"},"c":[` +
			`{"k":"column","c":[` + strings.Join(a, ",") + `]},{"k":"column","c":[` + strings.Join(b, ",") + `]}` + strings.Join(m, "") +
			`]},{"k":"block","p":{"name":"sidebar"},"c":[{"k":"text","p":{"text":"side"}}]}]}`
	}
	var pages []*tree.Node
	var drawn []string
	for i := range 4 {
		pages = append(pages, h.send(nil).Tree())
		got, _ := json.Marshal(pages[i])
		if string(got) != want(i) {
			t.Errorf("run %d drew\n%s\nwant\n%s", i, got, want(i))
		}
		drawn = append(drawn, string(got))
	}
	for i, p := range pages {
		if got, _ := json.Marshal(p); string(got) != drawn[i] {
			t.Errorf("page %d changed after the runs that followed it:\n%s\nwas\n%s", i, got, drawn[i])
		}
	}
}

// TestRerunSharesUnchangedContainerProps: a container drawn again is a
// new node, which shares the last page's props when they are the same
// (nodes never change), and has props of its own when they are not.
func TestRerunSharesUnchangedContainerProps(t *testing.T) {
	n := 0
	h := newSession(t, func(r *script.Run) {
		main := r.Block(tree.Main)
		r.AddContainer(main, "columns", "", []byte(`{"widths":[1,1]}`))
		r.AddContainer(main, "columns", "", []byte(`{"widths":[1,`+string(rune('1'+n))+`]}`))
		n++
	})
	first := h.send(nil).Tree().Children[tree.Main]
	second := h.send(nil).Tree().Children[tree.Main]
	same, changed := second.Children[0], second.Children[1]
	if same == first.Children[0] || changed == first.Children[1] {
		t.Fatalf("a container drawn again is the last page's node; want a new one")
	}
	if &same.Props[0] != &first.Children[0].Props[0] {
		t.Errorf("unchanged props: a copy of their own; want the last page's")
	}
	if string(changed.Props) != `{"widths":[1,2]}` || string(first.Children[1].Props) != `{"widths":[1,1]}` {
		t.Errorf("changed props: %s, and the last page's %s; want {\"widths\":[1,2]} and {\"widths\":[1,1]}", changed.Props, first.Children[1].Props)
	}
}
