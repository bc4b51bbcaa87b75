package tree

import (
	"fmt"
	"runtime"
	"testing"
)

// TestPoolSharesEqualLeaves: three tabs' pages, built apart, share their
// equal leaves after Share, from the second page on (the first sighting of
// a leaf does not enter the pool: it may be that page's own), keep their
// own containers, and encode as before.
func TestPoolSharesEqualLeaves(t *testing.T) {
	build := func(name string) *Node {
		box := &Node{Kind: "container", Props: []byte(`{}`), Children: []*Node{leaf("text", "", `{"text":"inside"}`)}}
		return page(leaf("title", "", `{"html":"Hi"}`), leaf("text_input", "text_input:Name", `{"value":"`+name+`"}`), box)
	}
	var p Pool
	a, b, c := build("ada"), build("bob"), build("cy")
	want := []string{string(a.AppendJSON(nil)), string(b.AppendJSON(nil)), string(c.AppendJSON(nil))}
	for i, pg := range []*Node{a, b, c} {
		p.Share(NewRoot(), pg)
		if got := string(pg.AppendJSON(nil)); got != want[i] {
			t.Errorf("page %d after Share:\ngot  %s\nwant %s", i, got, want[i])
		}
	}
	am, bm, cm := a.Children[Main].Children, b.Children[Main].Children, c.Children[Main].Children
	if bm[0] != cm[0] {
		t.Error("the equal titles of the second and third page are two nodes")
	}
	if am[0] == bm[0] {
		t.Error("the first page's title, seen once when it was shared, is in the pool")
	}
	if bm[2].Children[0] != cm[2].Children[0] {
		t.Error("the equal texts inside containers are two nodes")
	}
	if bm[1] == cm[1] {
		t.Error("inputs with different values are one node")
	}
	if bm[2] == cm[2] {
		t.Error("containers are shared: a run of one tab would draw into the other's")
	}
	if n := p.Len(); n != 2 { // the title, the text in the box (the sidebars are the old pages')
		t.Errorf("the pool holds %d leaves, want 2: the inputs were seen once each", n)
	}
}

// TestPoolTakesTheOldPagesLeaves: a leaf equal to the one at its place on
// the page before is that one, and Diff then has nothing to say about it.
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
	want := `[{"op":"props","p":[0,1],"v":{"text":"b"}}]`
	if got := string(AppendOps(nil, Diff(old, new))); got != want {
		t.Errorf("Diff after Share\ngot  %s\nwant %s", got, want)
	}
}

// TestPoolLeavesOutWhatIsSeenOnce: a page of a tab's own, every leaf of
// which no other page shows, costs the pool nothing.
func TestPoolLeavesOutWhatIsSeenOnce(t *testing.T) {
	var p Pool
	for i := range 100 {
		p.Share(NewRoot(), page(leaf("text", "", fmt.Sprintf(`{"text":"tab %d's own"}`, i))))
	}
	if n := p.Len(); n != 0 {
		t.Errorf("the pool holds %d leaves, want none", n)
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
	shown := func(text string) *Node { // on two pages: the second's enters the pool
		p.Share(NewRoot(), page(leaf("text", "", text)))
		n := page(leaf("text", "", text))
		p.Share(NewRoot(), n)
		return n
	}
	func() {
		for i := range 600 {
			shown(fmt.Sprintf(`{"text":"gone %d"}`, i))
		}
	}()
	runtime.GC()
	var kept []*Node
	for i := range 1000 {
		kept = append(kept, shown(fmt.Sprintf(`{"text":"kept %d"}`, i)))
	}
	// 1,600 leaves went in: past 1,024 the pool swept the 600 collected.
	if n := p.Len(); n > 1000 {
		t.Errorf("the pool holds %d leaves, want at most the 1,000 alive", n)
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
