package script_test

import (
	"encoding/json"
	"strconv"
	"testing"

	"github.com/gost-dev/gost/internal/script"
	"github.com/gost-dev/gost/internal/tree"
)

// recycledApp draws a page of columns and texts whose last text changes
// on every run, as a click's rerun does.
func recycledApp(n *int) func(r *script.Run) {
	return func(r *script.Run) {
		main := r.Block(tree.Main)
		r.AddLeaf(main, "title", "", []byte(`{"text":"Orders"}`))
		row := r.AddContainer(main, "columns", "", []byte(`{"widths":[1,1]}`))
		for i := range 2 {
			col := r.Add(row, &tree.Node{Kind: "column"})
			r.AddLeaf(col, "text", "", []byte(`{"text":"col `+strconv.Itoa(i)+`"}`))
		}
		r.AddLeaf(main, "text", "", []byte(`{"text":"run `+strconv.Itoa(*n)+`"}`))
		r.AddLeaf(r.Block(tree.Sidebar), "text", "", []byte(`{"text":"side"}`))
		*n++
	}
}

func pageJSON(t *testing.T, root *tree.Node) string {
	t.Helper()
	b, err := json.Marshal(root)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestRecycledPageIsDrawnInto: the page before the last, handed back, is
// the memory the next run of the app draws into; that run's page is what
// a session that never recycled draws, and the page shown, which the
// runtime diffs the next one against, is left as it was.
func TestRecycledPageIsDrawnInto(t *testing.T) {
	var n, m int
	h := newSession(t, recycledApp(&n))
	fresh := newSession(t, recycledApp(&m))
	var pages []*tree.Node
	for range 3 {
		pages = append(pages, h.send(nil).Tree())
		fresh.send(nil)
	}
	shown := pageJSON(t, pages[2])
	h.s.Recycle(pages[1]) // the runtime replaced page 1 with page 2
	next := h.send(nil).Tree()
	if next != pages[1] {
		t.Errorf("the run after a page was handed back drew into a new root; want the page handed back's")
	}
	if got, want := pageJSON(t, next), pageJSON(t, fresh.send(nil).Tree()); got != want {
		t.Errorf("the page drawn into recycled memory:\n%s\nwant, as drawn without:\n%s", got, want)
	}
	if got := pageJSON(t, pages[2]); got != shown {
		t.Errorf("the page shown changed when the next run drew into the recycled one:\n%s\nwas\n%s", got, shown)
	}
}

// TestRecycleRefusesPagesInUse: the engine takes back only the page before
// the last, drawn by a run of the app: not the page shown, not an older
// one, not one a run of fragments shares containers with.
func TestRecycleRefusesPagesInUse(t *testing.T) {
	var n int
	h := newSession(t, recycledApp(&n))
	p0 := h.send(nil).Tree()
	p1 := h.send(nil).Tree()
	h.s.Recycle(p1) // the page shown
	if h.send(nil).Tree() == p1 {
		t.Errorf("the page shown was taken back")
	}
	h.s.Recycle(p0) // older than the page before the last
	if h.send(nil).Tree() == p0 {
		t.Errorf("a page older than the one before the last was taken back")
	}

	f := newSession(t, func(r *script.Run) {
		r.AddLeaf(r.Block(tree.Main), "text", "", []byte(`{"text":"outside"}`))
		r.Fragment(r.Block(tree.Main), "f", 0, func(r *script.Run, node *tree.Node) {
			r.AddLeaf(node, "text", "", []byte(`{"text":"inside"}`))
		})
	})
	f.send(nil)
	b := f.send(nil).Tree()
	fr, ok := f.s.BeginFragments(f.s.Supersede(), script.Input{}, []string{"f"})
	if !ok {
		t.Fatal("BeginFragments found no fragment")
	}
	fr.Execute(nil)
	f.s.Recycle(b) // the runtime replaced b with the fragment run's page, which shares b's containers
	if f.send(nil).Tree() == b {
		t.Errorf("the page a run of fragments shares containers with was taken back")
	}
}
