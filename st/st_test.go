package st_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gost-dev/gost/st"
	"github.com/gost-dev/gost/sttest"
)

func TestButtonIsTrueForOneRun(t *testing.T) {
	var clicks []bool
	app := sttest.Run(t, func(st *st.Ctx) {
		clicks = append(clicks, st.Button("Go"))
	})
	app.Click("Go")
	app.Rerun(nil, "")
	if want := []bool{false, true, false}; !equal(clicks, want) {
		t.Errorf("Button returned %v over three runs, want %v", clicks, want)
	}
}

func TestCallbackRunsBeforeTheRerun(t *testing.T) {
	var order []string
	add := func(n int) { order = append(order, "callback") }
	app := sttest.Run(t, func(st *st.Ctx) {
		order = append(order, "run")
		st.Button("Add", st.OnClick(add, 5))
	})
	app.Click("Add")
	if want := []string{"run", "callback", "run"}; !equal(order, want) {
		t.Errorf("order %v, want %v", order, want)
	}
}

func TestCallbackArguments(t *testing.T) {
	app := sttest.Run(t, func(st *st.Ctx) {
		state := st.SessionState()
		add := func(n int) { state.Set("n", state.Int("n")+n) }
		st.Button("Add five", st.OnClick(add, 5))
		st.Text("n=" + itoa(state.Int("n")))
	})
	app.Click("Add five")
	app.Click("Add five")
	if !app.Contains("n=10") {
		t.Errorf("after two clicks the page shows %s, want n=10", app)
	}
}

func TestBadCallbackIsShown(t *testing.T) {
	app := sttest.Run(t, func(st *st.Ctx) {
		st.Button("Go", st.OnClick(func(n int) {}, "five"))
	})
	ex := app.All("exception")
	if len(ex) != 1 || !strings.Contains(ex[0].Text(), "argument 1 is string, not int") {
		t.Errorf("exceptions %v; want one about the argument type", app)
	}
}

func TestOnChange(t *testing.T) {
	var changes []string
	app := sttest.Run(t, func(st *st.Ctx) {
		st.TextInput("Name", st.OnChange(func() { changes = append(changes, "changed") }))
	})
	app.Set("text_input", "Name", "Ada")
	app.Set("text_input", "Name", "Ada") // the same value again is no change
	if len(changes) != 1 {
		t.Errorf("OnChange ran %d times, want 1", len(changes))
	}
}

func TestWidgetsKeepTheirValues(t *testing.T) {
	var got []string
	app := sttest.Run(t, func(st *st.Ctx) {
		name := st.TextInput("Name", st.Value("?"))
		on := st.Checkbox("Shout")
		if on {
			name = strings.ToUpper(name)
		}
		got = append(got, name)
		st.Button("Again")
	})
	app.Set("text_input", "Name", "ada")
	app.Set("checkbox", "Shout", true)
	app.Click("Again")
	if want := []string{"?", "ada", "ADA", "ADA"}; !equal(got, want) {
		t.Errorf("values over runs %v, want %v", got, want)
	}
	if v := app.Widget("text_input", "Name").Value(); v != "ada" {
		t.Errorf("the page's text input shows %v, want ada", v)
	}
}

func TestWidgetValues(t *testing.T) {
	var (
		n     float64
		pick  string
		radio string
		multi []string
		tog   bool
	)
	app := sttest.Run(t, func(st *st.Ctx) {
		n = st.NumberInput("N", st.Value(3), st.Min(0), st.Max(10))
		st.Slider("S", 0, 100, st.Value(50))
		pick = st.Selectbox("Pick", []string{"a", "b", "c"}, st.Index(1))
		radio = st.Radio("Radio", []string{"x", "y"})
		multi = st.Multiselect("Multi", []string{"p", "q", "r"}, st.Value([]string{"r"}))
		tog = st.Toggle("Tog")
	})
	if n != 3 || pick != "b" || radio != "x" || !equal(multi, []string{"r"}) || tog {
		t.Fatalf("defaults: n=%v pick=%q radio=%q multi=%v tog=%v", n, pick, radio, multi, tog)
	}
	app.Set("number_input", "N", 42) // past Max: clamped
	app.Choose("selectbox", "Pick", "c")
	app.Choose("radio", "Radio", "y")
	app.Set("multiselect", "Multi", []any{2, 0})
	app.Set("toggle", "Tog", true)
	if n != 10 || pick != "c" || radio != "y" || !equal(multi, []string{"p", "r"}) || !tog {
		t.Errorf("after input: n=%v pick=%q radio=%q multi=%v tog=%v", n, pick, radio, multi, tog)
	}
	app.Set("selectbox", "Pick", 99) // out of range: the default comes back
	if pick != "b" {
		t.Errorf("after an out-of-range index the selectbox holds %q, want the default b", pick)
	}
}

func TestDuplicateWidgetsAreNamed(t *testing.T) {
	app := sttest.Run(t, func(st *st.Ctx) {
		st.Button("Save")
		st.Button("Save")
		st.TextInput("A", st.Key("k"))
		st.TextInput("B", st.Key("k"))
	})
	ex := app.All("exception")
	if len(ex) != 2 {
		t.Fatalf("got %d exceptions, want 2: %s", len(ex), app)
	}
	if !strings.Contains(ex[0].Text(), `two button widgets with the label "Save"`) {
		t.Errorf("first exception %q does not name the buttons", ex[0].Text())
	}
	if !strings.Contains(ex[1].Text(), `two widgets with the key "k"`) {
		t.Errorf("second exception %q does not name the key", ex[1].Text())
	}
}

func TestKeyedWidgetLivesInSessionState(t *testing.T) {
	var seen string
	app := sttest.Run(t, func(st *st.Ctx) {
		if st.Button("Reset") {
			st.SessionState().Set("name", "reset")
		}
		st.TextInput("Name", st.Key("name"))
		seen = st.SessionState().String("name")
	})
	app.Set("text_input", "Name", "Ada")
	if seen != "Ada" {
		t.Errorf("session state holds %q, want Ada", seen)
	}
	app.Click("Reset")
	if v := app.Widget("text_input", "Name").Value(); v != "reset" {
		t.Errorf("after setting the key the input shows %v, want reset", v)
	}
}

// TestKeyedWidgetNotDrawnForgetsItsValue is Streamlit's widget clean-up:
// a widget not drawn in a run loses its state, its key in session state
// too, and comes back with its default; a key the app sets itself (the
// documented "shadow key" way to keep a value) stays.
func TestKeyedWidgetNotDrawnForgetsItsValue(t *testing.T) {
	var text, shadow string
	app := sttest.Run(t, func(st *st.Ctx) {
		state := st.SessionState()
		if st.Radio("View", []string{"view1", "view2"}) == "view1" {
			if text = st.TextInput("Text", st.Key("text")); text != "" {
				state.Set("_text", text)
			}
		}
		shadow = state.String("_text")
	})
	app.Set("text_input", "Text", "Ada")
	app.Choose("radio", "View", "view2")
	if text != "Ada" || shadow != "Ada" {
		t.Fatalf("before the switch: text %q, shadow %q", text, shadow)
	}
	app.Choose("radio", "View", "view1")
	if text != "" || app.Widget("text_input", "Text").Value() != "" {
		t.Errorf("the text input came back with %q, want its default: it was not drawn for a run", text)
	}
	if shadow != "Ada" {
		t.Errorf("the app's own key holds %q, want Ada", shadow)
	}
}

func TestTypedKey(t *testing.T) {
	const count st.StateKey[int] = "count"
	app := sttest.Run(t, func(st *st.Ctx) {
		if st.Button("+1") {
			count.Set(st, count.Get(st)+1)
		}
		st.Text("count " + itoa(count.Get(st)))
	})
	app.Click("+1")
	app.Click("+1")
	if !app.Contains("count 2") {
		t.Errorf("page %s, want count 2", app)
	}
}

func TestPanicIsShownAndTheSessionGoesOn(t *testing.T) {
	boom := true
	app := sttest.Run(t, func(st *st.Ctx) {
		st.Title("Before")
		if st.Button("Go") && boom {
			panic(errors.New("kaboom"))
		}
		st.Text("after")
	})
	app.Click("Go")
	ex := app.All("exception")
	if len(ex) != 1 || ex[0].Props["message"] != "kaboom" || app.Status != "error" {
		t.Fatalf("after the panic: status %q, page %s", app.Status, app)
	}
	stack, _ := ex[0].Props["stack"].([]any)
	if len(stack) == 0 || !strings.Contains(stack[0].(map[string]any)["file"].(string), "st_test.go") {
		t.Errorf("stack %v does not start in the app's file", stack)
	}
	boom = false
	app.Click("Go")
	if len(app.All("exception")) != 0 || !app.Contains("after") {
		t.Errorf("the session did not recover: %s", app)
	}
}

func TestStop(t *testing.T) {
	app := sttest.Run(t, func(st *st.Ctx) {
		st.Text("one")
		st.Stop()
		st.Text("two")
	})
	if !app.Contains("one") || app.Contains("two") || app.Status != "stopped" {
		t.Errorf("status %q page %s; want only one", app.Status, app)
	}
}

func TestRerunStartsAgain(t *testing.T) {
	runs := 0
	app := sttest.Run(t, func(st *st.Ctx) {
		runs++
		state := st.SessionState()
		if state.Int("n") < 3 {
			state.Set("n", state.Int("n")+1)
			st.Rerun()
		}
		st.Text("n=" + itoa(state.Int("n")))
	})
	if runs != 4 || !app.Contains("n=3") {
		t.Errorf("runs=%d page %s; want 4 runs ending at n=3", runs, app)
	}
}

func TestStaleRunStopsAtItsNextCall(t *testing.T) {
	release := make(chan struct{})
	var finished, started atomic.Int32
	app := sttest.Run(t, func(st *st.Ctx) {
		if st.Button("Slow") {
			started.Add(1)
			<-release
			st.Text("slow done") // the stale run ends here
			finished.Add(1)
		}
		st.Text("end")
	})
	n := app.Request(nil, app.Widget("button", "Slow").ID) // clicks without waiting
	for started.Load() == 0 {
		runtimeGosched()
	}
	m := app.Request(map[string]any{}, "") // supersedes the slow run
	close(release)
	app.Wait(m)
	if n >= m {
		t.Fatalf("run numbers %d, %d", n, m)
	}
	// The click was not lost: the fresh run sees the button true and does
	// not block. Had the stale run gone on, it would have finished too.
	if started.Load() != 2 || finished.Load() != 1 {
		t.Errorf("started %d runs and finished %d in the slow branch, want 2 and 1: the stale run went on", started.Load(), finished.Load())
	}
}

// TestStaleRunThatReturnsNeverReachesThePage is a run superseded while it
// sleeps with no st call left: it returns, but its page and the values it
// read must not reach the browser, where they would overwrite what the user
// set meanwhile (issue 8.6: forty quick clicks ended at 20-35).
func TestStaleRunThatReturnsNeverReachesThePage(t *testing.T) {
	release := make(chan struct{})
	var started atomic.Int32
	app := sttest.Run(t, func(st *st.Ctx) {
		n := st.NumberInput("N")
		st.Text(fmt.Sprintf("n=%v", n))
		if n == 1 {
			started.Add(1)
			<-release // sleeps; no st call follows
		}
	})
	id := app.Widget("number_input", "N").ID
	stale := app.Request(map[string]any{id: 1}, "")
	for started.Load() == 0 {
		runtimeGosched()
	}
	fresh := app.Request(map[string]any{id: 2}, "")
	close(release)
	app.Wait(fresh)
	if slices.Contains(app.Done, stale) {
		t.Errorf("the stale run %d sent its done (done messages: %v)", stale, app.Done)
	}
	if v := app.Widget("number_input", "N").Value(); v != 2.0 || !app.Contains("n=2") {
		t.Errorf("the page shows %v and %s, want 2", v, app)
	}
}

func TestMarkdownEscapesHTML(t *testing.T) {
	app := sttest.Run(t, func(st *st.Ctx) {
		st.Markdown("<img src=x onerror=alert(1)> **bold**")
		st.Markdown("<b>mine</b>", st.UnsafeAllowHTML(true))
	})
	md := app.All("markdown")
	if html := md[0].Props["html"].(string); strings.Contains(html, "<img") || !strings.Contains(html, "<strong>bold</strong>") {
		t.Errorf("user HTML was not escaped: %s", html)
	}
	if html := md[1].Props["html"].(string); !strings.Contains(html, "<b>mine</b>") {
		t.Errorf("opted-in HTML was escaped: %s", html)
	}
}

func TestWrite(t *testing.T) {
	app := sttest.Run(t, func(st *st.Ctx) {
		st.Write("**hi**", errors.New("bad"), 42, map[string]int{"a": 1}, struct{ X int }{2}, []string{"s"})
	})
	var kinds []string
	for _, n := range app.All() {
		if n.Kind != "block" {
			kinds = append(kinds, n.Kind)
		}
	}
	if want := []string{"markdown", "alert", "markdown", "json", "json", "json"}; !equal(kinds, want) {
		t.Errorf("Write drew %v, want %v", kinds, want)
	}
}

func TestLayout(t *testing.T) {
	app := sttest.Run(t, func(st *st.Ctx) {
		st.Sidebar().Text("side")
		cols := st.Columns(1, 2)
		cols[1].Text("right")
		cols[0].Text("left")
		tabs := st.Tabs("A", "B")
		tabs[1].Text("in b")
		st.Expander("More").Text("hidden")
		c := st.Container(st.Border(true))
		st.Text("after container")
		c.Text("inside container")
		f := st.Form("f")
		f.TextInput("Field")
		f.FormSubmitButton("Send")
	})
	main, side := app.Page.Children[0], app.Page.Children[1]
	if side.Children[0].Text() != "side" {
		t.Errorf("sidebar %v", side.Children)
	}
	kinds := []string{}
	for _, n := range main.Children {
		kinds = append(kinds, n.Kind)
	}
	if want := []string{"columns", "tabs", "expander", "container", "text", "form"}; !equal(kinds, want) {
		t.Errorf("main holds %v, want %v", kinds, want)
	}
	if got := main.Children[0].Children[0].Children[0].Text(); got != "left" {
		t.Errorf("first column holds %q", got)
	}
	if got := main.Children[3].Children[0].Text(); got != "inside container" {
		t.Errorf("container holds %q", got)
	}
}

func TestUnchangedRerunSendsNoOps(t *testing.T) {
	app := sttest.Run(t, func(st *st.Ctx) {
		st.Title("Same")
		st.Button("Again")
		for i := range 30 {
			st.Text("line " + itoa(i))
		}
	})
	app.Click("Again")
	if strings.Contains(string(app.Last), `"ops"`) || len(app.Last) > 100 {
		t.Errorf("an unchanged rerun sent %d bytes: %s", len(app.Last), app.Last)
	}
}

func equal[T comparable](a, b []T) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestLongRunStreamsWhatItDrew(t *testing.T) {
	app := sttest.Run(t, func(st *st.Ctx) {
		st.Title("first")
		if st.Button("Slow") {
			st.Text("working")
			time.Sleep(400 * time.Millisecond)
			st.Text("done")
		}
		st.Text("last")
	})
	app.Click("Slow")
	if app.Deltas == 0 {
		t.Errorf("a 400 ms run sent no delta while it slept")
	}
	if got, want := app.Texts(), []string{"first", "Slow", "working", "done", "last"}; !equal(got, want) {
		t.Errorf("after streaming the page is %q, want %q", got, want)
	}
	app.Rerun(nil, "")
	if got, want := app.Texts(), []string{"first", "Slow", "last"}; !equal(got, want) {
		t.Errorf("the next run shows %q, want %q", got, want)
	}
}
