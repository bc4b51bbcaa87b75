package tree

import (
	"fmt"
	"runtime"
	"testing"
)

// TestPoolSharesEqualLeaves: two tabs' pages, built apart, share their
// equal leaves after Share, keep their own containers, and encode as
// before.
func TestPoolSharesEqualLeaves(t *testing.T) {
	build := func(name string) *Node {
		box := &Node{Kind: "container", Props: []byte(`{}`), Children: []*Node{leaf("text", "", `{"text":"inside"}`)}}
		return page(leaf("title", "", `{"html":"Hi"}`), leaf("text_input", "text_input:Name", `{"value":"`+name+`"}`), box)
	}
	var p Pool
	a, b := build("ada"), build("bob")
	wantA, wantB := string(a.AppendJSON(nil)), string(b.AppendJSON(nil))
	p.Share(NewRoot(), a)
	p.Share(NewRoot(), b)
	if got := string(a.AppendJSON(nil)); got != wantA {
		t.Errorf("page a after Share:\ngot  %s\nwant %s", got, wantA)
	}
	if got := string(b.AppendJSON(nil)); got != wantB {
		t.Errorf("page b after Share:\ngot  %s\nwant %s", got, wantB)
	}
	am, bm := a.Children[Main].Children, b.Children[Main].Children
	if am[0] != bm[0] {
		t.Error("the equal titles are two nodes")
	}
	if am[2].Children[0] != bm[2].Children[0] {
		t.Error("the equal texts inside containers are two nodes")
	}
	if am[1] == bm[1] {
		t.Error("inputs with different values are one node")
	}
	if am[2] == bm[2] {
		t.Error("containers are shared: a run of one tab would draw into the other's")
	}
}

// TestPoolTakesTheOldPagesLeaves: a leaf equal to the one at its place on
// the page before is that one, without asking the pool, and Diff then has
// nothing to say about it.
func TestPoolTakesTheOldPagesLeaves(t *testing.T) {
	old := page(leaf("title", "", `{"html":"Hi"}`), leaf("text", "", `{"text":"a"}`))
	new := page(leaf("title", "", `{"html":"Hi"}`), leaf("text", "", `{"text":"b"}`))
	var p Pool
	p.Share(old, new)
	if old.Children[Main].Children[0] != new.Children[Main].Children[0] {
		t.Error("the unchanged title is a new node")
	}
	if old.Children[Sidebar] != new.Children[Sidebar] {
		t.Error("the unchanged empty sidebar is a new node")
	}
	if p.Len() != 1 {
		t.Errorf("the pool holds %d leaves, want 1, the changed text: the old page's were asked for", p.Len())
	}
	want := `[{"op":"props","p":[0,1],"v":{"text":"b"}}]`
	if got := string(AppendOps(nil, Diff(old, new))); got != want {
		t.Errorf("Diff after Share\ngot  %s\nwant %s", got, want)
	}
}

func TestNilPoolSharesNothing(t *testing.T) {
	var p *Pool
	a, b := page(leaf("title", "", `{}`)), page(leaf("title", "", `{}`))
	p.Share(NewRoot(), a)
	p.Share(NewRoot(), b)
	if a.Children[Main].Children[0] == b.Children[Main].Children[0] {
		t.Error("a nil pool shared a leaf")
	}
}

// TestPoolForgetsCollectedLeaves: the pool does not keep alive, nor keep
// counting, the leaves of pages that are gone.
func TestPoolForgetsCollectedLeaves(t *testing.T) {
	var p Pool
	func() {
		for i := range 600 {
			p.Share(NewRoot(), page(leaf("text", "", fmt.Sprintf(`{"text":"gone %d"}`, i))))
		}
	}()
	runtime.GC()
	var kept []*Node
	for i := range 1000 {
		n := page(leaf("text", "", fmt.Sprintf(`{"text":"kept %d"}`, i)))
		p.Share(NewRoot(), n)
		kept = append(kept, n)
	}
	// 1,600 leaves went in: past 1,024 the pool swept the 600 collected.
	if n := p.Len(); n > 1001 {
		t.Errorf("the pool holds %d leaves, want at most the 1,000 alive and the sidebar", n)
	}
	for i, n := range kept {
		if got, want := string(n.Children[Main].Children[0].Props), fmt.Sprintf(`{"text":"kept %d"}`, i); got != want {
			t.Fatalf("leaf %d has props %s, want %s", i, got, want)
		}
	}
}

// BenchmarkShareRerun: the cost Share adds to a rerun of a page of 40
// leaves of which 2 changed.
func BenchmarkShareRerun(b *testing.B) {
	build := func(n int) *Node {
		var leaves []*Node
		for i := range 40 {
			props := fmt.Sprintf(`{"text":"element %d of a page of some length"}`, i)
			if i < 2 {
				props = fmt.Sprintf(`{"text":"count %d"}`, n)
			}
			leaves = append(leaves, leaf("text", "", props))
		}
		return page(leaves...)
	}
	var p Pool
	old := build(0)
	p.Share(NewRoot(), old)
	pages := make([]*Node, 0, 1024)
	for i := range cap(pages) {
		pages = append(pages, build(i+1))
	}
	b.ResetTimer()
	for i := range b.N {
		new := pages[i%len(pages)]
		if i >= len(pages) {
			b.StopTimer()
			new = build(i + 1)
			b.StartTimer()
		}
		p.Share(old, new)
		old = new
	}
}
