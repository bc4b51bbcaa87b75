package main

// Behaviours Streamlit's own end-to-end tests assert (e2e_playwright in
// streamlit/streamlit), where gost differed.

import (
	"fmt"
	"testing"

	"github.com/gost-dev/gost/internal/browsertest"
	"github.com/gost-dev/gost/st"
)

// A field whose value is 0 shows 0, as Streamlit's does, on the first page
// and when the app sets it to 0 later (the number input of Streamlit's
// st_expander_test, test_expander_session_state_set).
func TestNumberInputShowsZero(t *testing.T) {
	t.Parallel()
	p, _ := open(t, func(st *st.Ctx) {
		st.NumberInput("Zero")
		st.NumberInput("From zero", st.Min(0), st.Max(10))
		st.NumberInput("Halves", st.Step(0.5))
		st.NumberInput("Keyed", st.Key("n"), st.Value(5))
		st.Button("Zero it", st.OnClick(func() { st.SessionState().Set("n", 0.0) }))
	})
	value := func(label string) string { return browsertest.Eval[string](p, browsertest.Control(label)+`.value`) }
	for label, want := range map[string]string{"Zero": "0", "From zero": "0", "Halves": "0.0", "Keyed": "5"} {
		if got := value(label); got != want {
			t.Errorf("%s shows %q, want %q", label, got, want)
		}
	}
	p.Click("Zero it")
	p.WaitIdle()
	if got := value("Keyed"); got != "0" {
		t.Errorf("after the app set it to 0, Keyed shows %q", got)
	}
}

// enterApp has a form whose first submit button is enabled, and one whose
// first is disabled.
func enterApp(st *st.Ctx) {
	f := st.Form("f")
	name := f.TextInput("Name")
	age := f.NumberInput("Age")
	note := f.TextArea("Note")
	if f.FormSubmitButton("Send") {
		st.Text(fmt.Sprintf("Sent %s %v %q", name, age, note))
	}
	g := st.Form("g")
	other := g.TextInput("Other")
	g.FormSubmitButton("Off", st.Disabled(true))
	if g.FormSubmitButton("Second") {
		st.Text("Sent other " + other)
	}
}

// Streamlit's st_form_test: test_form_submits_on_enter and
// test_form_disabled_submit_on_enter.
func TestEnterSubmitsForm(t *testing.T) {
	t.Parallel()
	p, _ := open(t, enterApp)
	p.Fill("Age", "42")
	p.Type("Name", "Ada\n")
	p.WaitText(`Sent Ada 42 ""`)
	p.Fill("Age", "7\n")
	p.WaitText(`Sent Ada 7 ""`)
	// In a text area Enter is a new line; Ctrl+Enter sends.
	p.Type("Note", "a\nb")
	p.WaitIdle()
	if p.HasText(`Sent Ada 7 "a`) {
		t.Fatalf("Enter in a text area sent the form")
	}
	p.Exec(browsertest.Control("Note") + `.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', ctrlKey: true, bubbles: true}))`)
	p.WaitText(`Sent Ada 7 "a\nb"`)

	// The first submit button is disabled: Enter sends nothing, and the
	// value waits in the field, as any value in a form does.
	before := len(p.Sent())
	p.Type("Other", "x\n")
	if n := len(p.Sent()); n != before {
		t.Errorf("Enter with a disabled first submit button sent %d messages: %v", n-before, p.Sent()[before:])
	}
	p.Click("Second")
	p.WaitText("Sent other x")
}

// Streamlit's st_expander_test (test_expander_collapses_and_expands,
// test_empty_expander_rendered), and an expander's identity: another one
// drawn in the same place starts from its own Expanded, not from the open
// state the user gave the one before.
func TestExpanderIdentityInTheBrowser(t *testing.T) {
	t.Parallel()
	p, _ := open(t, func(st *st.Ctx) {
		label := "First"
		if st.SessionState().Bool("swap") {
			label = "Second"
		}
		st.Expander(label).Text("in " + label)
		st.Expander("Empty", st.Expanded(true))
		st.Button("Rerun")
		if st.Button("Swap") {
			st.SessionState().Set("swap", true)
			st.Rerun()
		}
	})
	open := func(label string) string {
		return browsertest.Eval[string](p, `(() => {
			const d = [...document.querySelectorAll('details.expander')].find((d) => d.querySelector('summary').textContent === `+browsertest.Q(label)+`);
			return d ? String(d.open) : 'missing';
		})()`)
	}
	if open("First") != "false" || p.HasText("in First") {
		t.Fatalf("First is open=%s before any click, want closed", open("First"))
	}
	p.Click("First")
	p.WaitText("in First")
	p.Click("Rerun")
	p.WaitIdle()
	if open("First") != "true" {
		t.Errorf("after a rerun First is open=%s, want it left open as the user did", open("First"))
	}
	p.Click("Swap")
	p.WaitFor("the second expander", `__bt.button("Second")`)
	if got := open("Second"); got != "false" {
		t.Errorf("Second, drawn where the open First was, is open=%s, want closed, its own default", got)
	}
	// An empty expander is drawn, open, as Streamlit draws it.
	if got := open("Empty"); got != "true" {
		t.Errorf("the empty expander is open=%s, want true", got)
	}
}

// The app reads the address's parameters (Streamlit's st_query_params_test),
// and what it sets shows in the address bar, without a reload or a new
// history entry, as st.query_params documents; a reload then opens the same
// view.
func TestQueryParamsFollowTheAddress(t *testing.T) {
	t.Parallel()
	srv := browsertest.Serve(t, func(st *st.Ctx) {
		q := st.QueryParams()
		if st.Button("Costs") {
			q.Set("tab", "costs")
		}
		st.Text("tab is " + q.Get("tab"))
	})
	p := browsertest.New(t)
	p.Open(srv.URL + "?tab=sales&x=1")
	p.WaitText("tab is sales")
	history := browsertest.Eval[int](p, `history.length`)
	p.Exec(`window.__sameDocument = true`)
	p.Click("Costs")
	p.WaitText("tab is costs")
	p.WaitFor("the address to follow", `location.search === "?tab=costs&x=1"`)
	if n := browsertest.Eval[int](p, `history.length`); n != history {
		t.Errorf("history has %d entries after the set, want %d: the address is replaced, not pushed", n, history)
	}
	if !browsertest.Eval[bool](p, `window.__sameDocument === true`) {
		t.Errorf("the page reloaded")
	}
	p.Open(browsertest.Eval[string](p, `location.href`))
	p.WaitText("tab is costs")
}
