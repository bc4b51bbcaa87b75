package script_test

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"reflect"
	"strings"
	"testing"

	"github.com/gost-dev/gost/internal/markdown"
	"github.com/gost-dev/gost/internal/script"
	"github.com/gost-dev/gost/internal/syncbuf"
	"github.com/gost-dev/gost/internal/tree"
)

// session is one session of an app written straight against the engine,
// the way package st drives it, and run as package runtime runs it.
type session struct {
	t   *testing.T
	s   *script.State
	app script.App
	log *syncbuf.Buffer
}

func newSession(t *testing.T, app func(r *script.Run)) *session {
	t.Helper()
	log := &syncbuf.Buffer{}
	return &session{t: t, s: script.NewState(markdown.New(), slog.New(slog.NewTextHandler(log, nil))), app: app, log: log}
}

// run asks for a run with what the browser sent and runs it.
func (h *session) run(in script.Input) (script.Outcome, *script.Run) {
	r := h.s.Begin(h.s.Supersede(), in)
	return r.Execute(h.app), r
}

// send runs the app for widget values, and reports a run that did not end
// with Finished.
func (h *session) send(widgets map[string]any) *script.Run {
	h.t.Helper()
	out, r := h.run(script.Input{Widgets: widgets})
	if out != script.Finished {
		h.t.Fatalf("run ended with %v, want Finished", out)
	}
	return r
}

// click runs the app for a click on the button with id.
func (h *session) click(id string, widgets map[string]any) *script.Run {
	h.t.Helper()
	out, r := h.run(script.Input{Widgets: widgets, Trigger: id})
	if out != script.Finished {
		h.t.Fatalf("run ended with %v, want Finished", out)
	}
	return r
}

// Widgets as package st makes them.

func asBool(v any) (any, bool) { _, ok := v.(bool); return v, ok }

func asString(v any) (any, bool) { _, ok := v.(string); return v, ok }

func checkbox(label string) script.Widget {
	return script.Widget{Kind: "checkbox", Label: label, Default: false, Decode: asBool}
}

func textInput(label string) script.Widget {
	return script.Widget{Kind: "text_input", Label: label, Default: "", Decode: asString}
}

func button(label string) script.Widget {
	return script.Widget{Kind: "button", Label: label, Default: false, Button: true}
}

func keyed(w script.Widget, key string) script.Widget { w.Key = key; return w }

func inForm(w script.Widget, form string) script.Widget { w.Form = form; return w }

// draw draws w in r and returns its value; a duplicate's error is drawn.
func draw(r *script.Run, w script.Widget) any {
	_, v, _, err := r.Widget(&w)
	if err != nil {
		text(r, "error: "+err.Error())
	}
	return v
}

func text(r *script.Run, s string) {
	r.Add(r.Block(tree.Main), &tree.Node{Kind: "text", Props: script.Props(map[string]string{"text": s})})
}

// page returns the texts (or exception messages) of r's main block.
func page(r *script.Run) []string {
	var out []string
	for _, n := range r.Tree().Children[tree.Main].Children {
		var p map[string]any
		json.Unmarshal(n.Props, &p)
		switch n.Kind {
		case "text":
			out = append(out, p["text"].(string))
		case "exception":
			out = append(out, "exception: "+p["message"].(string))
		default:
			out = append(out, n.Kind)
		}
	}
	return out
}

func TestValuesAreKeptAcrossRuns(t *testing.T) {
	number := script.Widget{Kind: "number_input", Label: "N", Default: 0.0, Decode: func(v any) (any, bool) {
		f, ok := v.(float64)
		return v, ok && f >= 0 && f <= 10
	}}
	for _, tc := range []struct {
		name string
		w    script.Widget
		id   string
		sent any
	}{
		{"checkbox", checkbox("Shout"), "checkbox:Shout", true},
		{"text input", textInput("Name"), "text_input:Name", "Ada"},
		{"number input", number, "number_input:N", 7.0},
		{"keyed text input", keyed(textInput("Name"), "name"), "=name", "Ada"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []any
			h := newSession(t, func(r *script.Run) { got = append(got, draw(r, tc.w)) })
			h.send(nil)
			h.send(map[string]any{tc.id: tc.sent})
			h.send(nil)
			h.send(nil)
			def := tc.w.Default
			if want := []any{def, tc.sent, tc.sent, tc.sent}; !reflect.DeepEqual(got, want) {
				t.Errorf("runs read %v, want %v", got, want)
			}
		})
	}
}

func TestButtonIsTrueForOneRun(t *testing.T) {
	var got []any
	h := newSession(t, func(r *script.Run) {
		got = append(got, draw(r, button("Go")))
		draw(r, checkbox("Other"))
	})
	h.send(nil)
	h.click("button:Go", nil)
	h.send(map[string]any{"checkbox:Other": true})
	h.click("button:Go", nil)
	h.send(nil)
	if want := []any{false, true, false, true, false}; !reflect.DeepEqual(got, want) {
		t.Errorf("the button read %v, want %v", got, want)
	}
}

func TestCallbacksRunBeforeTheRunWithTheirArguments(t *testing.T) {
	var events []string
	note := func(what string, n int) { events = append(events, fmt.Sprintf("%s %d", what, n)) }
	onChange, err := script.NewCallback(note, "changed", 1)
	if err != nil {
		t.Fatal(err)
	}
	onClick, err := script.NewCallback(note, "clicked", 2)
	if err != nil {
		t.Fatal(err)
	}
	h := newSession(t, func(r *script.Run) {
		events = append(events, "run")
		w := textInput("Name")
		w.OnChange = &onChange
		draw(r, w)
		b := button("Save")
		b.OnClick = &onClick
		draw(r, b)
	})
	h.send(nil)
	h.click("button:Save", map[string]any{"text_input:Name": "Ada"})
	h.send(map[string]any{"text_input:Name": "Ada"}) // unchanged: no callback
	want := []string{"run", "changed 1", "clicked 2", "run", "run"}
	if !reflect.DeepEqual(events, want) {
		t.Errorf("events %q, want %q", events, want)
	}
}

func TestDuplicateIdentityIsAnError(t *testing.T) {
	for _, tc := range []struct {
		name string
		a, b script.Widget
		want string // "" for no error
	}{
		{"same kind and label", checkbox("A"), checkbox("A"), `there are two checkbox widgets with the label "A"`},
		{"same key", keyed(checkbox("A"), "k"), keyed(textInput("B"), "k"), `there are two widgets with the key "k"`},
		{"same label, other kind", checkbox("A"), textInput("A"), ""},
		{"same label, one keyed", checkbox("A"), keyed(checkbox("A"), "a"), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var errs []error
			h := newSession(t, func(r *script.Run) {
				for _, w := range []script.Widget{tc.a, tc.b} {
					if _, _, _, err := r.Widget(&w); err != nil {
						errs = append(errs, err)
					}
				}
			})
			h.send(nil)
			h.send(nil) // a widget drawn again in the next run is no duplicate
			switch {
			case tc.want == "" && len(errs) > 0:
				t.Errorf("errors %v, want none", errs)
			case tc.want != "" && (len(errs) != 2 || !strings.Contains(errs[0].Error(), tc.want)):
				t.Errorf("errors %v, want one per run containing %q", errs, tc.want)
			}
		})
	}
}

func TestKeyedWidgetLivesInSessionState(t *testing.T) {
	reset := false
	var got []any
	h := newSession(t, func(r *script.Run) {
		if reset {
			r.Set("name", "reset")
		}
		got = append(got, draw(r, keyed(textInput("Name"), "name")))
		v, _ := r.Get("name")
		got = append(got, v)
	})
	h.send(nil)
	h.send(map[string]any{"=name": "Ada"})
	reset = true
	h.send(nil)
	if want := []any{"", "", "Ada", "Ada", "reset", "reset"}; !reflect.DeepEqual(got, want) {
		t.Errorf("widget and session state read %v, want %v", got, want)
	}
}

func TestFormSendsItsValuesInOneRun(t *testing.T) {
	var got []string
	h := newSession(t, func(r *script.Run) {
		name := draw(r, inForm(textInput("Name"), "f"))
		shout := draw(r, inForm(checkbox("Shout"), "f"))
		sent := draw(r, script.Widget{Kind: "form_submit_button", Label: "Send", Form: "f", Button: true, Submit: true})
		got = append(got, fmt.Sprintf("%v %v %v", name, shout, sent))
	})
	h.send(nil)
	h.send(map[string]any{"text_input:Name": "Eve"}) // not without its submit button
	h.click("form_submit_button:f/Send", map[string]any{"text_input:Name": "Ada", "checkbox:Shout": true})
	h.send(nil)
	if want := []string{" false false", " false false", "Ada true true", "Ada true false"}; !reflect.DeepEqual(got, want) {
		t.Errorf("runs read %q, want %q", got, want)
	}
}

func TestFormThatClearsOnSubmit(t *testing.T) {
	var got []string
	h := newSession(t, func(r *script.Run) {
		w := inForm(textInput("Name"), "f")
		w.ClearOnSubmit = true
		_, v, shown, _ := r.Widget(&w)
		draw(r, script.Widget{Kind: "form_submit_button", Label: "Send", Form: "f", ClearOnSubmit: true, Button: true, Submit: true})
		got = append(got, fmt.Sprintf("%v/%v", v, shown))
	})
	h.send(nil)
	h.click("form_submit_button:f/Send", map[string]any{"text_input:Name": "Ada"})
	h.send(nil)
	// The run the submit starts gets the value; the page, and the runs
	// after it, the default.
	if want := []string{"/", "Ada/", "/"}; !reflect.DeepEqual(got, want) {
		t.Errorf("value/shown per run %q, want %q", got, want)
	}
}

func TestWidgetsNotDrawnAreForgotten(t *testing.T) {
	for _, tc := range []struct {
		name   string
		w      script.Widget
		id     string
		hidden func(r *script.Run) // what the run that does not draw it does
		want   []any               // what the widget reads, and the key "k" holds
	}{
		{"without a key", checkbox("Shout"), "checkbox:Shout", nil, []any{
			false, nil, true, nil, false, nil}},
		{"with a key", keyed(checkbox("Shout"), "k"), "=k", nil, []any{
			false, false, true, true, false, false}},
		{"with a key the app sets while it is gone", keyed(checkbox("Shout"), "k"), "=k", func(r *script.Run) { r.Set("k", true) }, []any{
			false, false, true, true, true, true}},
		{"with a key the app deletes while it is gone", keyed(checkbox("Shout"), "k"), "=k", func(r *script.Run) { r.Set("k", true); r.Delete("k") }, []any{
			false, false, true, true, false, false}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			show := true
			var got []any
			h := newSession(t, func(r *script.Run) {
				if !show {
					if tc.hidden != nil {
						tc.hidden(r)
					}
					return
				}
				got = append(got, draw(r, tc.w))
				k, _ := r.Get("k")
				got = append(got, k)
			})
			h.send(nil)
			h.send(map[string]any{tc.id: true})
			show = false
			h.send(nil)
			show = true
			h.send(nil)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("the widget and the key read %v, want %v", got, tc.want)
			}
		})
	}
}

func TestStaleRunIsAborted(t *testing.T) {
	for _, tc := range []struct {
		name     string
		app      func(r *script.Run, supersede func())
		finished bool // the app got to its end
	}{
		{"at its next call", func(r *script.Run, supersede func()) {
			text(r, "before")
			supersede() // a newer interaction arrives
			text(r, "after")
		}, false},
		{"with no call left", func(r *script.Run, supersede func()) {
			text(r, "before")
			supersede() // it arrives while the app sleeps, and the app returns
		}, true},
		{"when it stops", func(r *script.Run, supersede func()) {
			supersede()
			panic(script.StopRun{})
		}, false},
		{"when it panics", func(r *script.Run, supersede func()) {
			supersede()
			panic("late")
		}, false},
		{"when the app recovered the abort", func(r *script.Run, supersede func()) {
			supersede()
			defer func() { recover() }()
			text(r, "after")
		}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var h *session
			finished, stale := false, false
			h = newSession(t, func(r *script.Run) {
				v := draw(r, checkbox("Tick"))
				if stale {
					tc.app(r, func() { h.s.Supersede() })
					finished = true
				}
				text(r, fmt.Sprint(v))
			})
			h.send(nil)
			stale = true
			out, r := h.run(script.Input{Widgets: map[string]any{"checkbox:Tick": true}})
			if out != script.Aborted || finished != tc.finished {
				t.Errorf("outcome %v, finished %v; want Aborted, %v", out, finished, tc.finished)
			}
			if r.Peek(func(*tree.Node) {}) {
				t.Error("the stale run's tree can still be peeked at")
			}
			// The next run starts from the newest values, not the stale
			// run's; and an aborted run keeps its widgets.
			stale = false
			r = h.send(map[string]any{"checkbox:Tick": false})
			if got := page(r); !reflect.DeepEqual(got, []string{"false"}) {
				t.Errorf("the next run shows %q, want [false]", got)
			}
		})
	}
}

// boom is the app's code that panics: its frame must be on the page.
func boom(what string) { panic(what) }

func TestPanicsShowTheAppsFrames(t *testing.T) {
	for _, tc := range []struct {
		name string
		app  func(cb *script.Callback) func(r *script.Run)
		in   script.Input
	}{
		{"in App", func(*script.Callback) func(r *script.Run) {
			runs := 0
			return func(r *script.Run) {
				text(r, "first")
				if runs++; runs > 1 {
					boom("kaboom")
				}
			}
		}, script.Input{}},
		{"in a callback", func(cb *script.Callback) func(r *script.Run) {
			return func(r *script.Run) {
				b := button("Go")
				b.OnClick = cb
				draw(r, b)
			}
		}, script.Input{Trigger: "button:Go"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cb, _ := script.NewCallback(boom, "kaboom")
			h := newSession(t, tc.app(&cb))
			h.send(nil)
			out, r := h.run(tc.in)
			var ex *tree.Node
			for _, n := range r.Tree().Children[tree.Main].Children {
				if n.Kind == "exception" {
					ex = n
				}
			}
			if ex == nil {
				t.Fatalf("no exception drawn (outcome %v): %q", out, page(r))
			}
			var p struct {
				Message string
				Stack   []script.Frame
			}
			json.Unmarshal(ex.Props, &p)
			if p.Message != "kaboom" || len(p.Stack) == 0 {
				t.Fatalf("exception %s", ex.Props)
			}
			if top := p.Stack[0]; !strings.HasSuffix(top.Func, "script_test.boom") || !strings.HasSuffix(top.File, "script_test.go") {
				t.Errorf("the stack starts at %+v, want the app's boom", top)
			}
			for _, f := range p.Stack {
				if strings.Contains(f.Func, "internal/script.") || strings.HasPrefix(f.Func, "reflect.") || strings.HasPrefix(f.Func, "runtime.") {
					t.Errorf("gost's or Go's own frame %s shown", f.Func)
				}
			}
		})
	}
}

func TestCallbacksDrawAtTheTopOfTheirRun(t *testing.T) {
	h := newSession(t, func(r *script.Run) {
		// The callback draws through the run that drew its button, as a
		// method value of st's Ctx does: that run is over when it is called.
		say := func() { text(r, "from the callback") }
		cb, _ := script.NewCallback(say)
		b := button("Go")
		b.OnClick = &cb
		draw(r, b)
		text(r, "app")
	})
	h.send(nil)
	r := h.click("button:Go", nil)
	if got, want := page(r), []string{"from the callback", "app"}; !reflect.DeepEqual(got, want) {
		t.Errorf("page %q, want %q", got, want)
	}
	r = h.send(nil)
	if got, want := page(r), []string{"app"}; !reflect.DeepEqual(got, want) {
		t.Errorf("the run after shows %q, want %q", got, want)
	}
}

// TestOnlyWhatWasDrawnIsTaken: the browser's values and clicks reach the
// session only for widgets drawn, of a type they take; the rest is dropped
// and logged, and a hello's values for a new session wait for their widget.
func TestOnlyWhatWasDrawnIsTaken(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   script.Input
		want string // the app's reading after: tick, the button, the key "admin"
	}{
		{"a value for a drawn widget", script.Input{Widgets: map[string]any{"=tick": true}}, "true false <nil>"},
		{"a key no widget has", script.Input{Widgets: map[string]any{"=admin": true}}, "false false <nil>"},
		{"a hello's key no widget has", script.Input{Widgets: map[string]any{"=admin": true}, Hello: true}, "false false <nil>"},
		{"the wrong type", script.Input{Widgets: map[string]any{"=tick": "yes"}}, "false false <nil>"},
		{"a value for a button", script.Input{Widgets: map[string]any{"button:Go": true}}, "false false <nil>"},
		{"a click on a button drawn", script.Input{Trigger: "button:Go"}, "false true <nil>"},
		{"a click on no button", script.Input{Trigger: "button:Admin"}, "false false <nil>"},
		{"a click on a checkbox", script.Input{Trigger: "=tick"}, "false false <nil>"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got string
			h := newSession(t, func(r *script.Run) {
				tick := draw(r, keyed(checkbox("Tick"), "tick"))
				clicked := draw(r, button("Go"))
				admin, _ := r.Get("admin")
				got = fmt.Sprint(tick, clicked, admin)
			})
			h.send(nil)
			h.run(tc.in)
			if got != tc.want {
				t.Errorf("the app read %s, want %s", got, tc.want)
			}
			logged := strings.Contains(h.log.String(), "values from the browser dropped")
			if dropped := tc.want == "false false <nil>" && !tc.in.Hello; logged != dropped {
				t.Errorf("logged %v, want %v:\n%s", logged, dropped, h.log)
			}
		})
	}
}

func TestAHellosValuesWaitForTheirWidgets(t *testing.T) {
	var got []any
	h := newSession(t, func(r *script.Run) {
		got = append(got, draw(r, textInput("Name")), draw(r, keyed(checkbox("Tick"), "tick")))
	})
	// A new session (after a restart): nothing drawn yet. A bad value is
	// checked when its widget is drawn, like any other.
	h.run(script.Input{Widgets: map[string]any{"text_input:Name": "Ada", "=tick": "yes"}, Hello: true})
	h.send(nil)
	if want := []any{"Ada", false, "Ada", false}; !reflect.DeepEqual(got, want) {
		t.Errorf("runs read %v, want %v", got, want)
	}
}

func TestStopRerunAndSentinels(t *testing.T) {
	for _, tc := range []struct {
		name string
		app  func(r *script.Run)
		want script.Outcome
	}{
		{"returns", func(r *script.Run) { text(r, "x") }, script.Finished},
		{"stops", func(r *script.Run) { panic(script.StopRun{}) }, script.Stopped},
		{"reruns", func(r *script.Run) { panic(script.RerunNow{}) }, script.Rerun},
		{"panics", func(r *script.Run) { panic("x") }, script.Panicked},
		{"panics with an error", func(r *script.Run) { panic(fmt.Errorf("wrapped: %w", errBad)) }, script.Panicked},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newSession(t, tc.app)
			if out, _ := h.run(script.Input{}); out != tc.want {
				t.Errorf("outcome %v, want %v", out, tc.want)
			}
		})
	}
}

var errBad = fmt.Errorf("bad")

type celsius float64

func TestNewCallbackConvertsArguments(t *testing.T) {
	var got []any
	record := func(args ...any) { got = append(got, args...) }
	for _, tc := range []struct {
		name string
		fn   any
		args []any
		want []any  // what fn was called with
		err  string // "" for none
	}{
		{"exact", func(n int) { record(n) }, []any{5}, []any{5}, ""},
		{"int to float64", func(f float64) { record(f) }, []any{5}, []any{5.0}, ""},
		{"int to int64", func(n int64) { record(n) }, []any{5}, []any{int64(5)}, ""},
		{"float to a named float", func(c celsius) { record(c) }, []any{21.5}, []any{celsius(21.5)}, ""},
		{"nil to zero", func(n int, err error) { record(n, err) }, []any{nil, nil}, []any{0, nil}, ""},
		{"to an interface", func(v any) { record(v) }, []any{"x"}, []any{"x"}, ""},
		{"variadic", func(s string, ns ...int) { record(s, ns) }, []any{"a", 1, 2}, []any{"a", []int{1, 2}}, ""},
		{"variadic, none", func(s string, ns ...int) { record(s, len(ns)) }, []any{"a"}, []any{"a", 0}, ""},
		{"string for int", func(n int) {}, []any{"5"}, nil, "argument 1 is string, not int"},
		{"int for string", func(s string) {}, []any{65}, nil, "argument 1 is int, not string"},
		{"too many", func(n int) {}, []any{1, 2}, nil, "needs 1 arguments, got 2"},
		{"too few", func(a, b int) {}, []any{1}, nil, "needs 2 arguments, got 1"},
		{"too few for variadic", func(s string, ns ...int) {}, nil, nil, "needs at least 1 arguments, got 0"},
		{"not a function", 42, nil, nil, "callback must be a function, not int"},
		{"nil function", (func())(nil), nil, nil, "callback must be a function"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got = nil
			cb, err := script.NewCallback(tc.fn, tc.args...)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Errorf("error %v, want one containing %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			cb.Call()
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("called with %#v, want %#v", got, tc.want)
			}
		})
	}
}

// TestFilesOutliveTheirButtonByOneRun: a download's bytes stay while the
// page offers them and one run longer (the click that reruns the app may no
// longer draw the button as the browser fetches the file); the same bytes
// keep their id, so an unchanged rerun changes no props.
func TestFilesOutliveTheirButtonByOneRun(t *testing.T) {
	offer := true
	var ids []string
	h := newSession(t, func(r *script.Run) {
		if offer {
			ids = append(ids, r.Media().Put("a.csv", "text/csv", []byte("x,y")))
			r.Media().PutInline("text/csv", []byte("x,y"))
		}
	})
	media := h.s.Media()
	for _, step := range []struct {
		offer bool
		there bool // the first run's file is still served after this run
	}{
		{true, true},
		{true, true},  // drawn again: the same id
		{false, true}, // not drawn: one run more
		{false, false},
	} {
		offer = step.offer
		h.send(nil)
		if _, ok := media.Get(ids[0]); ok != step.there {
			t.Errorf("after a run that offered it %v, the file is served: %v, want %v", step.offer, ok, step.there)
		}
	}
	if len(ids) != 2 || ids[0] != ids[1] {
		t.Errorf("the same bytes got ids %q, want one id", ids)
	}
}

// TestSetValueIsKeptWithoutItsCallback: a value st sets for a drawn widget
// (a dialog opened by the app) is the widget's in the runs that follow, a
// keyed one's in the session state too; it calls no OnChange, and sets
// nothing for a widget not drawn or a button.
func TestSetValueIsKeptWithoutItsCallback(t *testing.T) {
	for _, tc := range []struct {
		name string
		w    script.Widget
		id   string
	}{
		{"unkeyed", checkbox("Open"), "checkbox:Open"},
		{"keyed", keyed(checkbox("Open"), "open"), "=open"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			calls := 0
			cb, _ := script.NewCallback(func() { calls++ })
			w := tc.w
			w.OnChange = &cb
			var got []any
			set := false
			h := newSession(t, func(r *script.Run) {
				got = append(got, draw(r, w))
				if set {
					set = false
					if !r.SetValue(tc.id, true) {
						t.Error("SetValue found no widget drawn")
					}
					if r.SetValue("checkbox:Never", true) || r.SetValue("button:Go", true) {
						t.Error("SetValue set a widget not drawn")
					}
				}
				draw(r, button("Go"))
			})
			h.send(nil)
			set = true
			h.send(nil)
			h.send(nil)
			if want := []any{false, false, true}; !reflect.DeepEqual(got, want) || calls != 0 {
				t.Errorf("runs read %v with %d callbacks, want %v and none", got, calls, want)
			}
			if v, ok := h.s.Values()["open"]; tc.w.Key != "" && (!ok || v != true) {
				t.Errorf("the session state holds %v, want true", v)
			}
		})
	}
}
