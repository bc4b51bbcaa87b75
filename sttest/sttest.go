// Package sttest runs a gost app in memory, the way one browser tab would,
// so its behaviour can be tested without a browser or a network: click its
// buttons, type into its inputs and read what the page shows, like
// Streamlit's AppTest.
//
//	func TestCounter(t *testing.T) {
//		app := sttest.Run(t, App)
//		app.Click("Add one")
//		if !app.Contains("1") { t.Error(app.Texts()) }
//	}
package sttest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/gost-dev/gost/frontend"
	"github.com/gost-dev/gost/runtime"
	"github.com/gost-dev/gost/st"
)

// Timeout bounds how long a helper waits for a run to finish.
var Timeout = 10 * time.Second

// TB is the part of testing.TB the harness uses.
type TB interface {
	Helper()
	Fatalf(format string, args ...any)
}

// panicTB stands in for a test where there is none, as in an Example: a
// failure panics.
type panicTB struct{}

func (panicTB) Helper()                           {}
func (panicTB) Fatalf(format string, args ...any) { panic(fmt.Sprintf(format, args...)) }

// App is a running app with one session.
type App struct {
	t     TB
	sess  *runtime.Session
	clock *fakeClock
	// defaults are the props the page fills in (frontend/defaults.js).
	defaults defaults

	mu     sync.Mutex
	inbox  []received
	notify chan struct{}

	// Page is the page as the browser would show it after the last run.
	Page *Node
	// Last is the "done" message of the last run, as sent.
	Last []byte
	// Redirects holds the URLs the app sent the browser to.
	Redirects []string
	// Query is the query string the page's address shows: the one it was
	// opened with, then the last one the app set with st.QueryParams.
	Query string
	// Path is the page's path the address shows, under the app's base path
	// ("" for the default page): the one it was opened at, then where
	// st.SwitchPage or [App.Navigate] went. Pushes counts the changes of
	// address that made a history entry.
	Path   string
	Pushes int
	// Config is the page config the app set (st.SetPageConfig), as sent.
	Config PageConfig
	// Status is the status of the last run: ok, stopped or error.
	Status string
	// Deltas counts the "delta" messages: elements streamed while a long
	// run was still going.
	Deltas int
	// Done holds the run numbers of the "done" messages, in the order they
	// came: a run superseded by a newer request never sends one.
	Done []int64
	// FragmentRuns counts the runs of fragments only (st.Fragment): the
	// rest of the page did not rerun.
	FragmentRuns int
	// Frames holds the page as the browser showed it after each "delta"
	// and each append ("+") message, with when it came: what a long run, a progress bar or a
	// streamed answer showed while it went on.
	Frames []Frame
}

// Frame is the page as it was shown at one moment of a run.
type Frame struct {
	At   time.Time
	Page *Node
}

// Texts returns the text of every element the frame shows, in page order.
func (f Frame) Texts() []string { return f.Page.Texts() }

// ShownAt returns the page as it was shown at moment t, while a run went
// on: the last frame that had come by then, or false if none had.
func (a *App) ShownAt(t time.Time) (Frame, bool) {
	var last Frame
	found := false
	for _, f := range a.Frames {
		if f.At.After(t) {
			break
		}
		last, found = f, true
	}
	return last, found
}

// received is a message as it came.
type received struct {
	at  time.Time
	msg []byte
}

// Send implements runtime.Client.
func (a *App) Send(msg []byte) {
	a.mu.Lock()
	a.inbox = append(a.inbox, received{time.Now(), msg})
	a.mu.Unlock()
	select {
	case a.notify <- struct{}{}:
	default:
	}
}

// Run starts app and waits for its first run. Failures are reported to t;
// with a nil t (in an Example) they panic.
func Run(t TB, app func(*st.Ctx)) *App {
	return RunAt(t, "", app)
}

// RunAt is [Run] for a page opened with the query string query ("a=1&b=2").
func RunAt(t TB, query string, app func(*st.Ctx)) *App {
	if t == nil {
		t = panicTB{}
	}
	t.Helper()
	return open(t, query, app, nil)
}

// open starts app in a new tab; setup, if not nil, prepares its session
// before the first run.
func open(t TB, query string, app func(*st.Ctx), setup func(*runtime.Session)) *App {
	t.Helper()
	a := &App{t: t, notify: make(chan struct{}, 1), Page: newPage(), Query: query, clock: &fakeClock{}}
	d, err := frontend.Defaults()
	if err != nil {
		t.Fatalf("sttest: %v", err)
	}
	a.defaults = d
	a.sess = runtime.NewSession(app, a)
	a.sess.SetClock(a.clock)
	if setup != nil {
		setup(a.sess)
	}
	if c, ok := t.(interface{ Cleanup(func()) }); ok {
		c.Cleanup(a.sess.Close) // the files uploaded to it
	}
	a.wait(a.sess.Start(query))
	return a
}

// PageConfig is how the app asked the browser to show it.
type PageConfig struct {
	Title   string `json:"title"`
	Icon    string `json:"icon"`
	Layout  string `json:"layout"`
	Sidebar string `json:"sidebar"`
}

// Navigate goes to the page at path with the query string query, as a
// link, back or forward do in the browser, and waits for the run.
func (a *App) Navigate(path, query string) {
	a.t.Helper()
	a.Path, a.Query = path, query
	a.wait(a.sess.Navigate(path, query))
}

// Rerun sends widget values (in the wire format of docs/protocol.md) and a
// clicked button id, and waits for the run.
func (a *App) Rerun(widgets map[string]any, trigger string) {
	a.t.Helper()
	a.wait(a.sess.Rerun(a.wire(widgets), trigger))
}

// Request sends widget values and a clicked button id like [App.Rerun], but
// returns at once with the run's number, for [App.Wait].
func (a *App) Request(widgets map[string]any, trigger string) int64 {
	return a.sess.Rerun(a.wire(widgets), trigger)
}

// wire returns widgets as the server gets them from a browser: through
// JSON, so a Go int arrives as a float64, as from a page.
func (a *App) wire(widgets map[string]any) map[string]any {
	a.t.Helper()
	if widgets == nil {
		return nil
	}
	b, err := json.Marshal(widgets)
	if err != nil {
		a.t.Fatalf("sttest: widget values cannot be sent: %v", err)
	}
	var out map[string]any
	json.Unmarshal(b, &out)
	return out
}

// Wait waits for the "done" of run n (or of a later run that superseded it)
// and applies what the runs sent.
func (a *App) Wait(n int64) {
	a.t.Helper()
	a.wait(n)
}

// wait reads messages until the "done" of run n or a later one.
func (a *App) wait(n int64) {
	a.t.Helper()
	deadline := time.After(Timeout)
	for {
		a.mu.Lock()
		msgs := a.inbox
		a.inbox = nil
		a.mu.Unlock()
		for i, m := range msgs {
			if a.handle(m) >= n {
				a.unread(msgs[i+1:])
				return
			}
		}
		select {
		case <-a.notify:
		case <-deadline:
			a.t.Fatalf("sttest: run %d did not finish within %s", n, Timeout)
		}
	}
}

// unread puts back messages that came after the one waited for.
func (a *App) unread(msgs []received) {
	if len(msgs) == 0 {
		return
	}
	a.mu.Lock()
	a.inbox = append(msgs, a.inbox...)
	a.mu.Unlock()
}

// WaitUntil applies what the session sends, while a run goes on, until
// cond reports true, as a test of a streamed answer waits for its first
// words; it fails the test after [Timeout].
func (a *App) WaitUntil(cond func() bool) {
	a.t.Helper()
	deadline := time.After(Timeout)
	for !cond() {
		a.mu.Lock()
		msgs := a.inbox
		a.inbox = nil
		a.mu.Unlock()
		for i, m := range msgs {
			a.handle(m)
			if cond() {
				a.unread(msgs[i+1:])
				return
			}
		}
		if len(msgs) > 0 {
			continue
		}
		select {
		case <-a.notify:
		case <-deadline:
			a.t.Fatalf("sttest: the page did not get there within %s; it shows %q", Timeout, a.Texts())
		}
	}
}

// handle applies one message and returns the run number of a "done", or -1.
func (a *App) handle(r received) int64 {
	m := r.msg
	var msg struct {
		T     string   `json:"t"`
		N     int64    `json:"n"`
		S     string   `json:"s"`
		URL   string   `json:"url"`
		Query string   `json:"query"`
		Path  string   `json:"path"`
		Push  bool     `json:"push"`
		Ops   []op     `json:"ops"`
		F     []string `json:"f"`
	}
	if err := json.Unmarshal(m, &msg); err != nil {
		a.t.Fatalf("sttest: message is not JSON: %v: %s", err, m)
	}
	switch msg.T {
	case "redirect":
		a.Redirects = append(a.Redirects, msg.URL)
	case "query":
		a.Query, a.Path = msg.Query, msg.Path
		if msg.Push {
			a.Pushes++
		}
	case "page_config":
		if err := json.Unmarshal(m, &a.Config); err != nil {
			a.t.Fatalf("sttest: page_config: %v: %s", err, m)
		}
	case "delta":
		a.Deltas++
		if err := a.Page.apply(msg.Ops, a.defaults); err != nil {
			a.t.Fatalf("sttest: applying ops: %v\n%s", err, m)
		}
		a.Frames = append(a.Frames, Frame{At: r.at, Page: a.Page.copyPage()})
	case "+":
		var s streamed
		if err := json.Unmarshal(m, &s); err != nil {
			a.t.Fatalf("sttest: append: %v: %s", err, m)
		}
		if err := a.Page.append(s); err != nil {
			a.t.Fatalf("sttest: applying an append: %v\n%s", err, m)
		}
		a.Frames = append(a.Frames, Frame{At: r.at, Page: a.Page.copyPage()})
	case "done":
		if err := a.Page.apply(msg.Ops, a.defaults); err != nil {
			a.t.Fatalf("sttest: applying ops: %v\n%s", err, m)
		}
		if msg.S == "" {
			msg.S = "ok" // a done leaves out the usual status (docs/protocol.md)
		}
		if len(msg.F) > 0 {
			a.FragmentRuns++ // a run message goes only for a slow run: count the done
		}
		a.Last, a.Status = m, msg.S
		a.Done = append(a.Done, msg.N)
		return msg.N
	}
	return -1
}

// All returns the elements of the given kinds ("" for every kind), in page
// order.
func (a *App) All(kinds ...string) []*Node {
	var out []*Node
	a.Page.walk(func(n *Node) {
		if len(kinds) == 0 || slices.Contains(kinds, n.Kind) {
			out = append(out, n)
		}
	})
	return out
}

// Texts returns the text of every element, in page order.
func (a *App) Texts() []string { return a.Page.Texts() }

// Contains reports whether some element shows text containing s.
func (a *App) Contains(s string) bool {
	return slices.ContainsFunc(a.Texts(), func(t string) bool { return strings.Contains(t, s) })
}

// Widget returns the widget of the given kind with the given label. It
// fails the test if there is none.
func (a *App) Widget(kind, label string) *Node {
	a.t.Helper()
	for _, n := range a.All(kind) {
		if n.Props["label"] == label {
			return n
		}
	}
	a.t.Fatalf("sttest: no %s %q on the page; it shows %q", kind, label, a.Texts())
	return nil
}

// Click clicks the button (or form submit or download button) labelled
// label.
func (a *App) Click(label string) {
	a.t.Helper()
	for _, n := range a.All("button", "form_submit_button", "download_button") {
		if n.Props["label"] == label {
			a.Rerun(nil, n.ID)
			return
		}
	}
	a.t.Fatalf("sttest: no button %q on the page; it shows %q", label, a.Texts())
}

// Set gives the widget of the given kind and label a new value, in the wire
// format of docs/protocol.md (a bool, a string, a number, an index), and
// waits for the run.
func (a *App) Set(kind, label string, value any) {
	a.t.Helper()
	a.Rerun(map[string]any{a.Widget(kind, label).ID: value}, "")
}

// Chat sends text from the page's chat input, as typing it and pressing
// Enter does, and waits for the run.
func (a *App) Chat(text string) {
	a.t.Helper()
	a.Rerun(map[string]any{a.chatInput().ID: text}, "")
}

// RequestChat sends text from the chat input like [App.Chat], but returns
// at once with the run's number, for [App.Wait]: to read a streamed answer
// while it arrives, or to move on in the middle of it.
func (a *App) RequestChat(text string) int64 {
	a.t.Helper()
	return a.Request(map[string]any{a.chatInput().ID: text}, "")
}

func (a *App) chatInput() *Node {
	a.t.Helper()
	inputs := a.All("chat_input")
	if len(inputs) != 1 {
		a.t.Fatalf("sttest: the page has %d chat inputs, not one; it shows %q", len(inputs), a.Texts())
	}
	return inputs[0]
}

// Choose picks option in the selectbox or radio labelled label.
func (a *App) Choose(kind, label, option string) {
	a.t.Helper()
	n := a.Widget(kind, label)
	opts, _ := n.Props["options"].([]any)
	for i, o := range opts {
		if o == option {
			a.Rerun(map[string]any{n.ID: i}, "")
			return
		}
	}
	a.t.Fatalf("sttest: %s %q has no option %q (it has %v)", kind, label, option, opts)
}

// String describes the page, for test failures.
func (a *App) String() string { return fmt.Sprintf("%q", a.Texts()) }

// Upload uploads a file named name with data to the file uploader
// labelled label, as a user picking it does: the bytes go to the session
// the way the page's HTTP upload sends them, then the app reruns with the
// uploader holding the new file (after those it held, if it takes
// several). A refusal (too large, wrong type) fails the test; see
// [App.PutFile] to test one.
func (a *App) Upload(label, name string, data []byte) {
	a.t.Helper()
	n := a.Widget("file_uploader", label)
	id, err := a.PutFile(label, name, data)
	if err != nil {
		a.t.Fatalf("sttest: upload %s to %q: %v", name, label, err)
	}
	ids := []any{}
	if n.Props["multiple"] == true {
		files, _ := n.Props["files"].([]any)
		for _, f := range files {
			ids = append(ids, f.(map[string]any)["id"])
		}
	}
	a.Rerun(map[string]any{n.ID: append(ids, id)}, "")
}

// PutFile sends a file's bytes to the file uploader labelled label, as
// the page's HTTP upload does, and returns the upload's id or the
// server's refusal, without a rerun: the id is the uploader's value to
// send, as in a form with its submit button:
//
//	id, _ := app.PutFile("Data", "a.csv", data)
//	app.Rerun(map[string]any{app.Widget("file_uploader", "Data").ID: []string{id}}, submitID)
func (a *App) PutFile(label, name string, data []byte) (string, error) {
	a.t.Helper()
	return a.sess.Upload(a.Widget("file_uploader", label).ID, name, bytes.NewReader(data))
}
