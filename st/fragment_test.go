package st_test

import (
	"encoding/json"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gost-dev/gost/st"
	"github.com/gost-dev/gost/sttest"
)

// ctx names st.Ctx inside App, where the parameter st hides the package.
type ctx = st.Ctx

// counted is an app with a run counter outside a fragment and one inside.
type counted struct{ app, frag atomic.Int64 }

func TestFragmentWidgetRerunsOnlyTheFragment(t *testing.T) {
	var n counted
	app := sttest.Run(t, func(st *st.Ctx) {
		st.Text("app runs: " + itoa(int(n.app.Add(1))))
		st.Checkbox("Outside")
		st.Fragment("panel", func(st *ctx) {
			st.Text("fragment runs: " + itoa(int(n.frag.Add(1))))
			if st.Button("More") {
				st.Text("clicked")
			}
		})
		st.Text("after")
	})
	app.Click("More")
	if got := n.app.Load(); got != 1 {
		t.Errorf("App ran %d times, want 1: a widget in a fragment reruns only the fragment", got)
	}
	if app.FragmentRuns != 1 || !app.Contains("fragment runs: 2") || !app.Contains("clicked") {
		t.Errorf("fragment runs %d, page %v; want one fragment run showing its click", app.FragmentRuns, app)
	}
	if !app.Contains("app runs: 1") || !app.Contains("after") {
		t.Errorf("the page outside the fragment changed: %v", app)
	}
	// The ops touch only the fragment's subtree: main block [0], the
	// fragment third in it.
	var done struct {
		Ops []struct {
			P []int `json:"p"`
		} `json:"ops"`
	}
	json.Unmarshal(app.Last, &done)
	for _, op := range done.Ops {
		if len(op.P) < 3 || op.P[0] != 0 || op.P[1] != 2 {
			t.Errorf("a fragment run sent an op outside the fragment: %s", app.Last)
		}
	}
	// A widget outside the fragment still reruns the app, and its value
	// was not forgotten by the fragment run.
	app.Set("checkbox", "Outside", true)
	if got := n.app.Load(); got != 2 {
		t.Errorf("App ran %d times after a click outside the fragment, want 2", got)
	}
	if v := app.Widget("checkbox", "Outside").Value(); v != true {
		t.Errorf("Outside = %v after the app's rerun, want true", v)
	}
}

func TestEveryRerunsTheFragmentOnItsTimer(t *testing.T) {
	var n counted
	show := true
	app := sttest.Run(t, func(st *st.Ctx) {
		n.app.Add(1)
		show = st.Checkbox("Show", st.Value(true))
		if show {
			st.Fragment("clock", func(st *ctx) {
				st.Text("tick " + itoa(int(n.frag.Add(1))))
			}, st.Every(time.Second))
		}
	})
	app.Advance(3500 * time.Millisecond)
	if got := n.frag.Load(); got != 4 {
		t.Errorf("the fragment ran %d times in 3.5 s of a 1 s timer, want 4 (one with the app, three on the timer)", got)
	}
	if n.app.Load() != 1 || !app.Contains("tick 4") {
		t.Errorf("App ran %d times (want 1); page %v", n.app.Load(), app)
	}
	// Gone from the page, its timer stops.
	app.Set("checkbox", "Show", false)
	before := n.frag.Load()
	app.Advance(5 * time.Second)
	if got := n.frag.Load(); got != before {
		t.Errorf("a fragment no longer drawn ran %d more times on its timer", got-before)
	}
}

func TestSessionPushesCoalesce(t *testing.T) {
	var n counted
	hold := make(chan struct{})
	var h atomic.Pointer[st.Handle]
	app := sttest.Run(t, func(st *st.Ctx) {
		h.Store(st.Session())
		st.Fragment("feed", func(st *ctx) {
			if n.frag.Add(1) == 2 {
				<-hold // the first pushed run is going on
			}
			st.Text("feed " + itoa(int(n.frag.Load())))
		})
	})
	h.Load().RerunFragment("feed")
	for n.frag.Load() < 2 {
		time.Sleep(time.Millisecond)
	}
	for range 1000 {
		h.Load().RerunFragment("feed")
	}
	close(hold)
	app.Settle()
	if got := n.frag.Load(); got != 3 {
		t.Errorf("the fragment ran %d times; want 3: the first, the push, and one for the 1000 pushes made while it ran", got)
	}
	if !app.Contains("feed 3") {
		t.Errorf("page %v, want feed 3", app)
	}
	// A goroutine can rerun the whole app too.
	h.Load().Rerun()
	app.Until(func(a *sttest.App) bool { return n.frag.Load() == 4 })
}

func TestFragmentMistakes(t *testing.T) {
	app := sttest.Run(t, func(st *st.Ctx) {
		st.Fragment("a", func(st *ctx) { st.Sidebar().Text("QQQ") })
		st.Fragment("a", func(st *ctx) {})
		st.Fragment("b", func(st *ctx) {}, st.Every(-time.Second))
		st.Fragment("b2", func(st *ctx) {}, st.Every(time.Millisecond))
		st.Fragment("", func(st *ctx) {})
		st.Fragment("c", func(st *ctx) {}, st.Key("k"))
	})
	var msgs []string
	for _, e := range app.All("exception") {
		msgs = append(msgs, e.Text())
	}
	all := strings.Join(msgs, "\n")
	for _, want := range []string{"st.Sidebar: a fragment draws only into its own container",
		`two fragments with the key "a"`, "Every(-1s): want 10ms or more", "Every(1ms)", "a fragment needs a key", "option Key does not apply"} {
		if !strings.Contains(all, want) {
			t.Errorf("exceptions %q lack %q", msgs, want)
		}
	}
	if app.Contains("QQQ") {
		t.Error("a fragment drew into the sidebar")
	}
}

func TestFragmentPanicStaysInTheFragment(t *testing.T) {
	var n counted
	app := sttest.Run(t, func(st *st.Ctx) {
		n.app.Add(1)
		st.Text("outside")
		st.Fragment("bad", func(st *ctx) {
			if st.Button("Break") {
				panic("fragment broke")
			}
		})
	})
	app.Click("Break")
	if app.Status != "error" || !app.Contains("fragment broke") || !app.Contains("outside") || n.app.Load() != 1 {
		t.Errorf("status %q, page %v, app runs %d", app.Status, app, n.app.Load())
	}
	// The button still works: the panicked run kept the fragment's widgets.
	app.Click("Break")
	if app.Status != "error" {
		t.Errorf("status %q on the second click", app.Status)
	}
}

func TestNestedFragments(t *testing.T) {
	var outer, inner atomic.Int64
	app := sttest.Run(t, func(st *st.Ctx) {
		st.Fragment("outer", func(st *ctx) {
			outer.Add(1)
			st.Button("Outer")
			st.Fragment("inner", func(st *ctx) {
				inner.Add(1)
				st.Button("Inner")
			})
		})
	})
	app.Click("Inner")
	if outer.Load() != 1 || inner.Load() != 2 {
		t.Errorf("a click in the inner fragment ran outer %d, inner %d times; want 1, 2", outer.Load(), inner.Load())
	}
	app.Click("Outer")
	if outer.Load() != 2 || inner.Load() != 3 {
		t.Errorf("a click in the outer fragment ran outer %d, inner %d times; want 2, 3", outer.Load(), inner.Load())
	}
	app.Click("Inner") // the inner button, drawn again by the outer's run, still works
	if inner.Load() != 4 || app.FragmentRuns != 3 {
		t.Errorf("inner ran %d times, %d fragment runs; want 4, 3", inner.Load(), app.FragmentRuns)
	}
}

func TestRerunWithFragmentScope(t *testing.T) {
	var n counted
	app := sttest.Run(t, func(st *st.Ctx) {
		n.app.Add(1)
		st.Fragment("f", func(st *ctx) {
			runs := n.frag.Add(1)
			if st.Button("Again") && runs%2 == 0 {
				st.Rerun(st.Scope("fragment"))
			}
			st.Text("fragment runs: " + itoa(int(runs)))
		})
	})
	app.Click("Again")
	if n.app.Load() != 1 || n.frag.Load() != 3 || !app.Contains("fragment runs: 3") {
		t.Errorf("app ran %d, fragment %d times; page %v; want 1, 3: the click's run and the rerun it asked for", n.app.Load(), n.frag.Load(), app)
	}
	bad := sttest.Run(t, func(st *st.Ctx) {
		st.Rerun(st.Scope("fragment"))
		st.Rerun(st.Scope("page"))
		st.Text("went on")
	})
	var msgs []string
	for _, e := range bad.All("exception") {
		msgs = append(msgs, e.Text())
	}
	all := strings.Join(msgs, "\n")
	if !strings.Contains(all, `st.Rerun: Scope("fragment") is for a call inside a fragment`) ||
		!strings.Contains(all, `Scope("page"): want "app" or "fragment"`) || !bad.Contains("went on") {
		t.Errorf("exceptions %q, page %v", msgs, bad)
	}
}

// A fragment on a page of st.Navigation reruns as part of that page: its
// widgets keep the page in their identity, so a fragment run finds their
// values, and the page's widgets outside the fragment keep theirs.
func TestFragmentOnAPageKeepsItsWidgets(t *testing.T) {
	var n counted
	app := sttest.Run(t, func(st *st.Ctx) {
		st.Navigation(st.Page(fragmentPage(&n), st.URLPath("report"))).Run()
	})
	app.Set("text_input", "Name", "Ada")
	app.Set("checkbox", "Detail", true)
	if got := n.app.Load(); got != 2 || app.FragmentRuns != 1 {
		t.Fatalf("page runs %d, fragment runs %d; want 2 and 1: the input reruns the app, the checkbox the fragment", got, app.FragmentRuns)
	}
	app.Click("Refresh")
	if got := n.app.Load(); got != 2 || app.FragmentRuns != 2 {
		t.Errorf("page runs %d, fragment runs %d; want the click to rerun the fragment only", got, app.FragmentRuns)
	}
	if !app.Contains("detail=true") || !app.Contains("name=Ada") {
		t.Errorf("after a fragment run: %v; want the fragment's checkbox and the page's input as set", app)
	}
	app.Set("text_input", "Name", "Grace")
	if !app.Contains("detail=true") || !app.Contains("name=Grace") {
		t.Errorf("after the page's rerun: %v; want the fragment's checkbox kept", app)
	}
}

func fragmentPage(n *counted) func(st *st.Ctx) {
	return func(st *st.Ctx) {
		n.app.Add(1)
		st.Text("name=" + st.TextInput("Name"))
		st.Fragment("panel", func(st *ctx) {
			detail := st.Checkbox("Detail")
			st.Button("Refresh")
			st.Text("detail=" + strconvBool(detail))
		})
	}
}

func strconvBool(b bool) string {
	if b {
		return "true"
	}
	return "false"
}
