package script_test

import (
	"testing"

	"github.com/gost-dev/gost/internal/script"
	"github.com/gost-dev/gost/internal/tree"
)

// TestFragmentRunSharesThePageOutsideIt: a fragment run's tree is the last
// page with only the fragment's node new, so a diff of the two sends only
// what is inside it; and it keeps the widgets outside the fragment.
func TestFragmentRunSharesThePageOutsideIt(t *testing.T) {
	var inner string
	h := newSession(t, func(r *script.Run) {
		text(r, "outside") // [0 0]; widgets here draw no node
		draw(r, checkbox("Out"))
		r.Fragment(r.Block(tree.Main), "f", 0, func(r *script.Run, node *tree.Node) {
			v := draw(r, textInput("In"))
			inner, _ = v.(string)
			r.Add(node, &tree.Node{Kind: "text", Props: script.Props(map[string]string{"text": "in:" + inner})})
		})
	})
	first := h.send(nil)
	in := script.Input{Widgets: map[string]any{"text_input:In": "hi"}}
	keys, full := h.s.Scope(in)
	if full || len(keys) != 1 || keys[0] != "f" {
		t.Fatalf("Scope of a widget in fragment f: %v, full %v", keys, full)
	}
	if _, full := h.s.Scope(script.Input{Widgets: map[string]any{"checkbox:Out": true}}); !full {
		t.Error("a widget outside every fragment does not rerun the app")
	}
	r, ok := h.s.BeginFragments(h.s.Supersede(), in, keys)
	if !ok {
		t.Fatal("BeginFragments found no fragment")
	}
	if out := r.Execute(nil); out != script.Finished || inner != "hi" {
		t.Fatalf("fragment run: %v, inner %q", out, inner)
	}
	main0, main1 := first.Tree().Children[tree.Main], r.Tree().Children[tree.Main]
	if main0.Children[0] != main1.Children[0] || main0.Children[1] == main1.Children[1] {
		t.Error("the fragment run copied nodes outside the fragment, or kept the fragment's")
	}
	if first.Tree().Children[tree.Sidebar] != r.Tree().Children[tree.Sidebar] {
		t.Error("the fragment run copied the sidebar")
	}
	ops := tree.Diff(first.Tree(), r.Tree())
	if len(ops) == 0 {
		t.Error("the fragment's new text made no op")
	}
	for _, op := range ops {
		if len(op.Path) < 3 || op.Path[1] != 1 {
			t.Errorf("op %s at %v, outside the fragment at [0 1]", op.Op, op.Path)
		}
	}
	// The checkbox outside was not forgotten by the fragment run.
	if keys, full := h.s.Scope(script.Input{Widgets: map[string]any{"checkbox:Out": true}}); !full || keys != nil {
		t.Error("the widget outside the fragment was forgotten")
	}
	h.send(map[string]any{"checkbox:Out": true})
	if _, ok := h.s.BeginFragments(h.s.Supersede(), script.Input{}, []string{"gone"}); ok {
		t.Error("BeginFragments ran a fragment that is not on the page")
	}
}

// TestFragmentRunsKeepThePagesFilesAndDropTheirOld: a fragment that draws
// a new image on each run holds only its latest ones, and the download
// button outside it keeps its file.
func TestFragmentRunsKeepThePagesFilesAndDropTheirOld(t *testing.T) {
	tick := 0
	var outside string
	var images []string
	h := newSession(t, func(r *script.Run) {
		outside = r.Media().Put("report.csv", "text/csv", []byte("a,b"))
		r.Add(r.Block(tree.Main), &tree.Node{Kind: "download_button", Props: script.Props(map[string]string{"url": "_gost/download/" + outside})})
		r.Fragment(r.Block(tree.Main), "img", 0, func(r *script.Run, node *tree.Node) {
			tick++
			id := r.Media().PutInline("image/png", []byte{byte(tick)})
			images = append(images, id)
			r.Add(node, &tree.Node{Kind: "image", Props: script.Props(map[string]string{"src": "_gost/media/" + id})})
		})
	})
	h.send(nil)
	for range 10 {
		r, ok := h.s.BeginFragments(h.s.Supersede(), script.Input{}, []string{"img"})
		if !ok {
			t.Fatal("no fragment")
		}
		r.Execute(nil)
	}
	media := h.s.Media()
	if _, ok := media.Get(outside); !ok {
		t.Error("the download outside the fragment was dropped by its runs")
	}
	if _, ok := media.Get(images[len(images)-1]); !ok {
		t.Error("the image the page shows was dropped")
	}
	for _, id := range images[:len(images)-2] {
		if _, ok := media.Get(id); ok {
			t.Errorf("an image of an old fragment run is still held (%d images drawn)", len(images))
			break
		}
	}
}

// TestAWidgetAFragmentRunForgotStartsAgain: a widget a fragment run did not
// draw is forgotten, and drawn again by the next run of the app, at the
// place the run looks first for it (Run.drawnBefore), it starts from its
// default, not from the value it had.
func TestAWidgetAFragmentRunForgotStartsAgain(t *testing.T) {
	showIn := true
	var in any
	h := newSession(t, func(r *script.Run) {
		in = nil
		r.Fragment(r.Block(tree.Main), "f", 0, func(r *script.Run, node *tree.Node) {
			if showIn {
				in = draw(r, textInput("In"))
			}
		})
		draw(r, checkbox("Out"))
	})
	h.send(nil)
	h.send(map[string]any{"text_input:In": "hi"})
	if in != "hi" {
		t.Fatalf("In is %v after the browser sent hi", in)
	}
	showIn = false
	r, ok := h.s.BeginFragments(h.s.Supersede(), script.Input{}, []string{"f"})
	if !ok {
		t.Fatal("BeginFragments found no fragment")
	}
	if out := r.Execute(nil); out != script.Finished {
		t.Fatalf("fragment run: %v", out)
	}
	showIn = true
	h.send(nil)
	if in != "" {
		t.Errorf("In, forgotten by the fragment run and drawn again, is %q, want its default", in)
	}
}
