package st_test

import (
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gost-dev/gost/st"
	"github.com/gost-dev/gost/sttest"
)

func TestEmptyHoldsOneElementThatEachCallReplaces(t *testing.T) {
	t.Parallel()
	app := sttest.Run(t, func(st *st.Ctx) {
		slot := st.Empty()
		st.Text("below")
		slot.Text("first")
		slot.Markdown("second")
		box := slot.Container()
		box.Text("a")
		box.Text("b")
		st.Empty().Empty()
	})
	main := app.Page.Children[0]
	if len(main.Children) != 3 || main.Children[0].Kind != "empty" || main.Children[1].Text() != "below" {
		t.Fatalf("page %q", app.Texts())
	}
	slot := main.Children[0]
	if len(slot.Children) != 1 || slot.Children[0].Kind != "container" || len(slot.Children[0].Children) != 2 {
		t.Errorf("the slot holds %d elements (%q), want the container of a and b", len(slot.Children), slot.Texts())
	}
	if inner := main.Children[2]; len(inner.Children) != 1 || inner.Children[0].Kind != "empty" || len(inner.Children[0].Children) != 0 {
		t.Errorf("an emptied placeholder holds %v", inner.Children)
	}
}

// values returns the progress values the page showed, frame by frame,
// without repeats.
func progressValues(app *sttest.App) []float64 {
	var out []float64
	for _, f := range app.Frames {
		for _, n := range f.Page.Children[0].Children {
			if v, ok := n.Props["value"].(float64); ok && n.Kind == "progress" && (len(out) == 0 || out[len(out)-1] != v) {
				out = append(out, v)
			}
		}
	}
	return out
}

func TestProgressBarMovesInPlaceWithinAFrame(t *testing.T) {
	t.Parallel()
	app := sttest.Run(t, func(st *st.Ctx) {
		bar := st.Progress(0, "Loading")
		for i := 1; i <= 4; i++ {
			time.Sleep(60 * time.Millisecond)
			bar.Set(25*i, "Loading", itoa(i))
		}
		bar.Set(1.0, "Done")
		time.Sleep(60 * time.Millisecond)
		st.Progress(2.5)
		bar.Set("x")
	})
	// The last Set, with a bad value, shows its error in the bar's place.
	main := app.Page.Children[0].Children
	if len(main) != 2 || !strings.Contains(main[0].Text(), "st.Progress: value is a string") || !strings.Contains(main[1].Text(), "st.Progress: 2.5") {
		t.Errorf("the page shows %q, want the bar replaced by its error, then an error", app.Texts())
	}
	for _, f := range app.Frames {
		if slices.ContainsFunc(f.Texts(), func(s string) bool { return strings.Contains(s, "st.Progress:") }) {
			break // the moving is over: the run has drawn its second progress
		}
		if n := len(f.Page.Children[0].Children); n > 1 {
			t.Errorf("a frame showed %d elements while the bar moved, want the one bar set in place: %q", n, f.Texts())
			break
		}
	}
	// Every step showed while the run went on: 60 ms apart, they would
	// mostly share a 100 ms streaming tick; each gets a frame.
	got := progressValues(app)
	for _, want := range []float64{0.25, 0.5, 0.75, 1} {
		found := false
		for _, v := range got {
			found = found || v == want
		}
		if !found {
			t.Errorf("the page never showed %v while the run went on; it showed %v", want, got)
		}
	}
}

func TestProgressKeepsItsOldCallsAndErrors(t *testing.T) {
	t.Parallel()
	app := sttest.Run(t, func(st *st.Ctx) {
		st.Progress(40, "Loading data…")
		st.Progress(0.4)
		st.Progress(140)
	})
	bars := app.All("progress")
	if len(bars) != 2 || bars[0].Props["value"] != 0.4 || bars[0].Props["text"] != "Loading data…" || bars[1].Props["value"] != 0.4 {
		t.Errorf("bars %v", bars)
	}
	if !app.Contains("st.Progress: 140 is not a percentage") {
		t.Errorf("page %q", app.Texts())
	}
}

func TestStatusTurnsCompleteOrError(t *testing.T) {
	t.Parallel()
	var seenRunning atomic.Bool
	app := sttest.Run(t, func(st *st.Ctx) {
		s := st.Status("Downloading", st.Expanded(true))
		s.Run(func() {
			s.Text("step 1")
			// Long past the moment (100 ms) after which a run shows what it
			// has drawn, so a machine busy enough to fire that tick late
			// still shows the status running.
			time.Sleep(400 * time.Millisecond)
			s.Text("step 2")
		})
		s.Text("step 3")
		if st.Button("Fail") {
			s := st.Status("Parsing")
			s.Run(func() {
				s.Text("parsing")
				panic("bad input")
			})
		}
	})
	for _, f := range app.Frames {
		for _, n := range f.Page.Children[0].Children {
			seenRunning.Store(seenRunning.Load() || n.Kind == "status" && n.Props["state"] == "running")
		}
	}
	if !seenRunning.Load() {
		t.Error("the status never showed running while its func ran")
	}
	s := app.All("status")
	if len(s) != 1 || s[0].Props["state"] != "complete" || s[0].Props["expanded"] != true || len(s[0].Children) != 3 {
		t.Fatalf("status after its func returned: %+v", s)
	}
	app.Click("Fail")
	s = app.All("status")
	if len(s) != 2 || s[1].Props["state"] != "error" || s[1].Texts()[0] != "parsing" {
		t.Errorf("status after a panic: %+v", s[1])
	}
	if app.Status != "error" || !app.Contains("bad input") {
		t.Errorf("the panic does not show: %s %q", app.Status, app.Texts())
	}
}

func TestToastIsNewEachCall(t *testing.T) {
	t.Parallel()
	app := sttest.Run(t, func(st *st.Ctx) {
		st.Sidebar().Toast("Saved **now**", st.Icon("🎉"))
		st.Toast("")
		st.Button("Again")
	})
	toasts := app.All("toast")
	if len(toasts) != 1 || toasts[0].Props["icon"] != "🎉" || !strings.Contains(toasts[0].Props["html"].(string), "<strong>now</strong>") {
		t.Fatalf("toasts %+v", toasts)
	}
	if !app.Contains("st.Toast: a toast needs text or an icon") {
		t.Errorf("page %q", app.Texts())
	}
	first := toasts[0].ID
	app.Click("Again")
	if again := app.All("toast"); len(again) != 1 || again[0].ID == first {
		t.Errorf("a toast drawn again has the id %q of the last one: the browser would not show it again", first)
	}
}

func TestStatusUpdate(t *testing.T) {
	t.Parallel()
	app := sttest.Run(t, func(st *st.Ctx) {
		s := st.Status("Working")
		s.Update("Done, with warnings", "complete")
		s.Write("inside")
		s.Update("x", "finished")
		st.Status("Bad", st.Width(3)).Write("drawn all the same")
	})
	s := app.All("status")
	if len(s) != 1 || s[0].Props["label"] != "Done, with warnings" || s[0].ID != "status:Working" || s[0].Texts()[0] != "inside" {
		t.Errorf("status %+v", s)
	}
	if !app.Contains(`st.Status "Done, with warnings": Update: state "finished" is not running, complete or error`) ||
		!app.Contains(`st.Status "Bad": option Width does not apply`) || !app.Contains("drawn all the same") {
		t.Errorf("page %q", app.Texts())
	}
}
