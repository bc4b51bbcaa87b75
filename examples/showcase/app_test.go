package main

// End-to-end tests: the showcase App (and a few small apps of their own)
// served over HTTP on 127.0.0.1 and driven in a headless chromium, so the
// server, the wire protocol and the frontend are tested together, as a user
// meets them. Every test has its own server and its own browser tab (on one
// chromium for the package: starting one takes seconds), so they run in
// parallel.

import (
	"errors"
	"fmt"
	"os"
	goruntime "runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp/kb"
	"github.com/gost-dev/gost/internal/browsertest"
	"github.com/gost-dev/gost/st"
)

func TestMain(m *testing.M) { os.Exit(browsertest.Main(m)) }

// open serves app and loads it in a fresh browser.
func open(t *testing.T, app func(*st.Ctx)) (*browsertest.Page, *browsertest.Server) {
	t.Helper()
	srv := browsertest.Serve(t, app)
	p := browsertest.New(t)
	p.Open(srv.URL)
	return p, srv
}

func TestTextInputSendsOnEnter(t *testing.T) {
	t.Parallel()
	p, _ := open(t, App)
	p.Type("Your name", "Ada")
	// A text input sends on Enter or blur only, not on every key. Key
	// events are handled by the time they are acknowledged, so a send
	// would be in the page's record already.
	if sent := p.Sent(); len(sent) != 1 {
		t.Fatalf("typing sent messages before Enter: %v", sent[1:])
	}
	p.Keys(kb.Enter)
	p.WaitText("Hello, Ada!")
}

func TestButtonCountsClicks(t *testing.T) {
	t.Parallel()
	p, _ := open(t, App)
	p.WaitText("Clicked 0 times.")
	// Each click waits for the page to answer, as a user would: a second
	// click on a page that is about to be redrawn is dropped by design
	// (runtime/session.go, request).
	p.Click("Click me")
	p.WaitText("Clicked 1 times.")
	p.Click("Click me")
	p.WaitText("Clicked 2 times.")
}

func TestWidgetsChangeTheSummary(t *testing.T) {
	t.Parallel()
	p, _ := open(t, App)
	summary := func(want string) {
		t.Helper()
		p.WaitFor("the summary to read "+want,
			`[...document.querySelectorAll("#main .markdown")].some((m) => m.innerText.trim() === `+browsertest.Q(want)+`)`)
	}
	summary("3 × red at level 40 with cheese")

	if p.HasText("Details are shown.") {
		t.Fatal("the info box shows before Show details is ticked")
	}
	p.Check("Show details")
	p.WaitTextIn(".alert.info", "Details are shown.")

	p.Check("Loud")
	summary("3 × RED AT LEVEL 40 WITH CHEESE")
	p.Check("Loud")
	summary("3 × red at level 40 with cheese")

	p.Select("Color", "blue")
	summary("3 × blue at level 40 with cheese")

	p.Fill("How many", "5\n")
	summary("5 × blue at level 40 with cheese")
	p.Click("+")
	summary("6 × blue at level 40 with cheese")

	p.Toggle("Toppings", "ham")
	summary("6 × blue at level 40 with cheese, ham")
	p.WaitTextIn(".multiselect .chips", "ham")

	// The info box stayed through all of it: the checkbox kept its value.
	p.WaitTextIn(".alert.info", "Details are shown.")
}

// TestFocusSurvivesReruns types into a field, moves the caret back, lets
// something else on the page cause a rerun, and checks the user's field
// still has the focus, the text and the caret, and that typing goes on
// where it was.
func TestFocusSurvivesReruns(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		field   string
		typed   string // typed without sending: no Enter in a text input, no blur
		left    int    // ArrowLeft presses after typing
		trigger string // JavaScript that causes a rerun without moving the focus
		after   string // visible once that rerun is done
		more    string // typed after the rerun
		want    string // the field's value at the end
	}{{
		name:  "text area, rerun by a button",
		field: "Notes",
		typed: "Dear diary,\nit rained",
		left:  6,
		// click() on an element fires its click handler but, unlike a
		// mouse, leaves the focus where it is: like a rerun that comes
		// from elsewhere while the user types.
		trigger: browsertest.Button("Click me") + `.click()`,
		after:   "Clicked 1 times.",
		more:    "never ",
		want:    "Dear diary,\nit never rained",
	}, {
		name:    "text input, rerun by the sidebar radio",
		field:   "Your name",
		typed:   "Ada Lovelace",
		left:    8,
		trigger: `__bt.option("Mood", "busy").control.click()`,
		after:   "Mood: busy",
		more:    "King ",
		want:    "Ada King Lovelace",
	}} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p, _ := open(t, App)
			p.Type(tc.field, tc.typed)
			for range tc.left {
				p.Keys(kb.ArrowLeft)
			}
			type caret struct {
				Focused bool   `json:"focused"`
				Value   string `json:"value"`
				Start   int    `json:"start"`
				End     int    `json:"end"`
			}
			// The field is marked so that "the same element" means the
			// same DOM node, not just one with the same label.
			p.Exec(browsertest.Control(tc.field) + `.__btMark = true`)
			read := func() caret {
				t.Helper()
				return browsertest.Eval[caret](p, `(() => {
					const a = document.activeElement;
					return { focused: !!a?.__btMark, value: a?.value ?? "", start: a?.selectionStart ?? -1, end: a?.selectionEnd ?? -1 };
				})()`)
			}
			before := read()
			wantStart := len([]rune(tc.typed)) - tc.left
			if !before.Focused || before.Value != tc.typed || before.Start != wantStart || before.End != wantStart {
				t.Fatalf("before the rerun: got %+v, want the focus in %q with %q and the caret at %d", before, tc.field, tc.typed, wantStart)
			}
			runs := p.Received("done")
			p.Exec(tc.trigger)
			p.WaitText(tc.after)
			p.WaitIdle()
			if got := p.Received("done"); got <= runs {
				t.Fatalf("no rerun happened (done messages: %d before, %d after)", runs, got)
			}
			if after := read(); after != before {
				t.Fatalf("the rerun disturbed the field: before %+v, after %+v", before, after)
			}
			p.Keys(tc.more)
			if got := browsertest.Eval[string](p, browsertest.Control(tc.field)+`.value`); got != tc.want {
				t.Fatalf("typing after the rerun: got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestFormSendsOnlyOnSubmit(t *testing.T) {
	t.Parallel()
	p, _ := open(t, App)
	sentBefore := len(p.Sent())
	runsBefore := p.Received("done")

	p.Type("Email", "ada@example.com")
	p.Check("I agree") // also blurs Email, which outside a form would send it

	// A negative needs a barrier: click a button outside the form and wait
	// for its run. Had the form's widgets sent anything, it went out before
	// the click, so the messages since sentBefore must be the click alone.
	p.Click("Click me")
	p.WaitText("Clicked 1 times.")
	p.WaitIdle()
	sent := p.Sent()[sentBefore:]
	if len(sent) != 1 || sent[0]["trigger"] != "button:Click me" || !noWidgets(sent[0]) {
		t.Fatalf("the form's widgets sent on change: messages since the page loaded: %v", sent)
	}
	if runs := p.Received("done") - runsBefore; runs != 1 {
		t.Fatalf("got %d reruns, want 1 (the click's)", runs)
	}
	if p.HasText("Signed up") {
		t.Fatal("the form was submitted without its button")
	}
	// The click's rerun left the unsent values in the form alone.
	if got := browsertest.Eval[string](p, browsertest.Control("Email")+`.value`); got != "ada@example.com" {
		t.Fatalf("Email after an unrelated rerun: %q", got)
	}
	if !browsertest.Eval[bool](p, browsertest.Control("I agree")+`.checked`) {
		t.Fatal("I agree was unticked by an unrelated rerun")
	}

	p.Click("Sign up")
	p.WaitText("Signed up ada@example.com (agreed: true)")
}

func TestSidebarTabsAndExpander(t *testing.T) {
	t.Parallel()
	p, _ := open(t, App)

	t.Run("sidebar radio", func(t *testing.T) {
		p := p.In(t)
		p.WaitTextIn("#sidebar", "Mood: calm")
		p.Choose("Mood", "busy")
		p.WaitTextIn("#sidebar", "Mood: busy")
	})

	t.Run("tabs", func(t *testing.T) {
		p := p.In(t)
		p.WaitText("In the first tab.")
		if p.HasText("In the second tab.") {
			t.Fatal("the second tab's content shows before its tab is chosen")
		}
		p.Click("Second")
		p.WaitText("In the second tab.")
		p.WaitNoText("In the first tab.")
		if !browsertest.Eval[bool](p, browsertest.Button("Second")+`.getAttribute("aria-selected") === "true"`) {
			t.Fatal(`the chosen tab is not aria-selected="true"`)
		}
	})

	t.Run("expander", func(t *testing.T) {
		p := p.In(t)
		if p.HasText("Folded away.") {
			t.Fatal("the expander starts open")
		}
		p.Click("More")
		p.WaitTextIn(".expander", "Folded away.")
		// The JSON tree inside is open: its keys and values show.
		for _, s := range []string{"clicks:", "name:", "toppings:", `"cheese"`} {
			p.WaitTextIn(".expander .json", s)
		}
	})
}

// panicApp panics on a button click. panicLine is the line of the panic,
// which the exception box must point at. It is atomic: the app's goroutine
// sets it and the test reads it after the browser shows the panic, an
// order the race detector cannot see.
var panicLine atomic.Int64

func panicApp(st *st.Ctx) {
	n := st.SessionState()
	if st.Button("Count") {
		n.Set("n", n.Int("n")+1)
	}
	st.Write(fmt.Sprintf("Counted %d.", n.Int("n")))
	if st.Button("Explode") {
		_, _, line, _ := goruntime.Caller(0)
		panicLine.Store(int64(line + 2))
		panic("kaboom <b>not bold</b>")
	}
}

func TestPanicShowsExceptionAndSessionSurvives(t *testing.T) {
	t.Parallel()
	p, _ := open(t, panicApp)
	p.Click("Explode")
	p.WaitTextIn(".exception .exc-msg", "kaboom <b>not bold</b>")
	if typ := p.Text(".exception .exc-head strong"); typ != "panic" {
		t.Errorf("exception type: got %q, want panic", typ)
	}
	frames := browsertest.Eval[[]string](p, `[...document.querySelectorAll(".exception .stack .loc")].map((e) => e.textContent)`)
	want := fmt.Sprintf("app_test.go:%d", panicLine.Load())
	found := false
	for _, f := range frames {
		found = found || strings.HasSuffix(f, want)
	}
	if !found {
		t.Errorf("no stack frame ends in %s: %q", want, frames)
	}

	p.Click("Count")
	p.WaitText("Counted 1.")
	p.WaitFor("the exception box to go", `!document.querySelector(".exception")`)
}

func TestReconnectsAfterServerRestart(t *testing.T) {
	t.Parallel()
	p, srv := open(t, App)
	p.Type("Your name", "Grace\n")
	p.WaitText("Hello, Grace!")
	p.WaitIdle()

	srv.Stop()
	p.WaitTextIn("#conn", "Connection lost")

	// A fresh server on the same address knows no session: the page's
	// hello carries the values it holds, and the new session starts from
	// them. The page reconnects by itself, with backoff.
	srv.Restart()
	p.WaitFor("the connection banner to go", `document.querySelector("#conn").textContent === ""`)
	p.WaitText("Hello, Grace!")
	if got := browsertest.Eval[string](p, browsertest.Control("Your name")+`.value`); got != "Grace" {
		t.Fatalf("Your name after the reconnect: %q", got)
	}
	// And it works: the new session takes interactions.
	p.Click("Click me")
	p.WaitText("Clicked 1 times.")
}

// TestRunningIndicatorAndFade holds a run open so the test can look at the
// page in the middle of it. The run waits for the test rather than for a
// fixed time, so a slow machine cannot make the test miss the moment.
func TestRunningIndicatorAndFade(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	slowApp := func(st *st.Ctx) {
		runs := st.SessionState()
		runs.Set("n", runs.Int("n")+1)
		slow := st.Button("Slow run")
		st.Markdown(fmt.Sprintf("Run %d drew this before the wait.", runs.Int("n")))
		if slow {
			select {
			case <-release:
			case <-time.After(browsertest.Timeout): // never hold a broken test's server
			}
		}
		st.Markdown("Drawn at the end.")
	}
	p, _ := open(t, slowApp)
	const indicatorShown = `(() => { const r = document.querySelector("#running"); return r.textContent !== "" && r.checkVisibility(); })()`
	// markdown finds the paragraph that says text.
	markdown := func(text string) string {
		return `[...document.querySelectorAll("#main .markdown")].find((m) => m.innerText.includes(` + browsertest.Q(text) + `))`
	}
	opacity := func(text string) string { return `Number(getComputedStyle(` + markdown(text) + `).opacity)` }
	if browsertest.Eval[bool](p, indicatorShown) {
		t.Fatal("the running indicator shows while nothing runs")
	}

	p.Click("Slow run")
	p.WaitFor("the running indicator", indicatorShown)
	// The fade is a CSS transition: wait for it to take effect.
	p.WaitFor("the previous run's last paragraph to fade", opacity("Drawn at the end.")+` < 0.75`)
	if !browsertest.Eval[bool](p, markdown("Drawn at the end.")+`.classList.contains("stale")`) {
		t.Error("the previous run's last paragraph is not marked stale")
	}
	// A run that takes long streams what it has drawn (a delta): the
	// paragraph drawn before the wait is fresh while the run goes on.
	p.WaitText("Run 2 drew this before the wait.")
	p.WaitFor("the streamed paragraph to be fresh", `!`+markdown("Run 2 drew")+`.classList.contains("stale")`)
	// The button was drawn again unchanged before the wait: it is fresh too,
	// while what the run has not reached yet stays faded.
	p.WaitFor("the unchanged button to be fresh", `!document.querySelector("#main .stale button, #main button.stale")`)
	if !browsertest.Eval[bool](p, markdown("Drawn at the end.")+`.classList.contains("stale")`) {
		t.Error("the paragraph the run has not reached yet is no longer faded")
	}
	if !browsertest.Eval[bool](p, indicatorShown) {
		t.Fatal("the running indicator went away while the run still goes on")
	}

	close(release)
	p.WaitIdle()
	p.WaitFor("the running indicator to go", `!`+indicatorShown)
	p.WaitFor("no element to be marked stale", `!document.querySelector(".stale")`)
	p.WaitFor("the elements to be opaque again", opacity("Drawn at the end.")+` === 1`)
}

// TestUserTextIsNeverHTML draws the same hostile string with every element
// that shows text. None may run it or turn it into markup; each shows it as
// text.
func TestUserTextIsNeverHTML(t *testing.T) {
	t.Parallel()
	payload := func(where string) string { return `<img src=x onerror="window.__pwned='` + where + `'">` }
	cases := []struct {
		name string
		draw func(c *st.Ctx, s string)
		want func(s string) string // the visible text; nil: s itself
	}{
		{"Markdown", func(c *st.Ctx, s string) { c.Markdown(s) }, nil},
		{"Markdown paragraph", func(c *st.Ctx, s string) { c.Markdown("Look: " + s + " **done**") }, nil},
		{"Title", func(c *st.Ctx, s string) { c.Title(s) }, nil},
		{"Header", func(c *st.Ctx, s string) { c.Header(s) }, nil},
		{"Caption", func(c *st.Ctx, s string) { c.Caption(s) }, nil},
		{"Write", func(c *st.Ctx, s string) { c.Write(s) }, nil},
		{"Info", func(c *st.Ctx, s string) { c.Info(s) }, nil},
		{"Text", func(c *st.Ctx, s string) { c.Text(s) }, nil},
		{"Code", func(c *st.Ctx, s string) { c.Code(s, c.Language("html")) }, nil},
		{"Button", func(c *st.Ctx, s string) { c.Button(s) }, nil},
		{"TextInput", func(c *st.Ctx, s string) { c.TextInput(s, c.Help(s), c.Placeholder(s)) }, nil},
		{"Selectbox", func(c *st.Ctx, s string) { c.Selectbox("Pick "+s, []string{s}) }, nil},
		{"JSON", func(c *st.Ctx, s string) { c.JSON(map[string]string{"v": s}) },
			func(s string) string { return `window.__pwned='JSON'` }},
		{"Exception", func(c *st.Ctx, s string) { c.Exception(errors.New(s)) }, nil},
	}
	app := func(c *st.Ctx) {
		for _, tc := range cases {
			tc.draw(c, payload(tc.name))
		}
		c.Markdown("[a link](javascript:window.__pwned='link')")
		c.Markdown("All drawn.")
	}
	p, _ := open(t, app)
	p.WaitText("All drawn.")
	// An <img> that does not exist cannot fire onerror; the check is
	// exact without waiting for image loads.
	if n := browsertest.Eval[int](p, `document.querySelectorAll("#root img").length`); n != 0 {
		t.Errorf("user text made %d <img> elements", n)
	}
	if href := browsertest.Eval[string](p, `[...document.querySelectorAll("#main a")].find((a) => a.textContent === "a link")?.getAttribute("href") ?? "(no link)"`); strings.HasPrefix(strings.ToLower(href), "javascript:") {
		t.Errorf("a javascript: link kept its href %q", href)
	}
	for _, tc := range cases {
		want := payload(tc.name)
		if tc.want != nil {
			want = tc.want(want)
		}
		if !p.HasText(want) {
			t.Errorf("%s: %q does not show as text", tc.name, want)
		}
	}
	if pwned := browsertest.Eval[string](p, `String(window.__pwned)`); pwned != "undefined" {
		t.Errorf("user text ran as script, from %s", pwned)
	}
}

// noWidgets reports whether a rerun message carries no widget values.
func noWidgets(m map[string]any) bool {
	w, _ := m["widgets"].(map[string]any)
	return len(w) == 0
}
