package browsertest

import (
	"fmt"
	"os"
	goruntime "runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp/kb"
	"github.com/gost-dev/gost/st"
)

func TestMain(m *testing.M) { os.Exit(Main(m)) }

// TestOwnBrowserWithoutMain is the way New works in a package without Main:
// a chromium of the test's own. It is not parallel, so it runs before the
// parallel tests, which use the shared browser.
func TestOwnBrowserWithoutMain(t *testing.T) {
	shared.enabled = false
	defer func() { shared.enabled = true }()
	srv := Serve(t, demo)
	p := New(t)
	p.Open(srv.URL)
	p.Type("Name", "Ada\n")
	p.WaitText("Name: Ada")
}

// demo uses one widget of each kind the helpers find by label.
func demo(st *st.Ctx) {
	name := st.TextInput("Name")
	st.Write("Name: " + name)
	if st.Button("Go") {
		st.Write("Went.")
	}
	st.Write(fmt.Sprintf("Ticked: %v", st.Checkbox("Tick")))
	st.Write("Size: " + st.Radio("Size", []string{"S", "M"}))
	st.Write("Pick: " + st.Selectbox("Pick", []string{"a", "b"}))
	st.Write(fmt.Sprintf("Many: %v", st.Multiselect("Many", []string{"x", "y"})))
}

func TestHelpersDriveTheWidgets(t *testing.T) {
	t.Parallel()
	srv := Serve(t, demo)
	p := New(t)
	p.Open(srv.URL)
	p.Type("Name", "Ada"+kb.Enter)
	p.WaitText("Name: Ada")
	p.Fill("Name", "Bo\n")
	p.WaitText("Name: Bo")
	p.Click("Go")
	p.WaitText("Went.")
	p.Check("Tick")
	p.WaitText("Ticked: true")
	p.Choose("Size", "M")
	p.WaitText("Size: M")
	p.Select("Pick", "b")
	p.WaitText("Pick: b")
	p.Toggle("Many", "y")
	p.WaitText("Many: [y]")
	p.WaitIdle()
	if got := p.Received("done"); got != 8 {
		t.Errorf("got %d done messages, want one for the hello and each of 7 changes", got)
	}
	if sent := p.Sent(); len(sent) != 8 || sent[0]["t"] != "hello" {
		t.Errorf("sent: %v", sent)
	}
}

// fakeTB records failures instead of failing, so a test can check that the
// helpers fail when they should. Fatal ends the goroutine, as testing's does.
type fakeTB struct {
	testing.TB
	mu     sync.Mutex
	failed []string
}

func (f *fakeTB) fail(msg string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failed = append(f.failed, msg)
}

func (f *fakeTB) Errorf(format string, args ...any) { f.fail(fmt.Sprintf(format, args...)) }
func (f *fakeTB) Error(args ...any)                 { f.fail(fmt.Sprint(args...)) }
func (f *fakeTB) Fatalf(format string, args ...any) {
	f.fail(fmt.Sprintf(format, args...))
	goruntime.Goexit()
}
func (f *fakeTB) Fatal(args ...any) { f.fail(fmt.Sprint(args...)); goruntime.Goexit() }
func (f *fakeTB) FailNow()          { f.fail("FailNow"); goruntime.Goexit() }

func (f *fakeTB) Failed() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.failed) > 0
}

func (f *fakeTB) messages() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return strings.Join(f.failed, "\n")
}

// run calls body with a fakeTB on a goroutine of its own, since Fatal ends
// the goroutine it is called on, and returns what failed.
func run(t *testing.T, body func(tb testing.TB)) string {
	f := &fakeTB{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		body(f)
	}()
	<-done
	return f.messages()
}

func TestPageErrorsFailTheTest(t *testing.T) {
	t.Parallel()
	srv := Serve(t, demo)
	for _, tc := range []struct{ name, js, want string }{
		{"uncaught exception", `setTimeout(() => { throw new Error("boom from the page") })`, "uncaught exception"},
		{"rejected promise", `Promise.reject(new Error("rejected in the page"))`, "rejected in the page"},
		{"console.error", `console.error("logged as an error")`, "console.error: logged as an error"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := run(t, func(tb testing.TB) {
				p := New(tb)
				p.Open(srv.URL)
				p.Exec(`void (` + tc.js + `)`)
				p.WaitText("this text never shows")
			})
			if !strings.Contains(got, tc.want) || strings.Contains(got, "waited") {
				t.Errorf("got failure %q, want one that reports %q at once", got, tc.want)
			}
		})
	}
}

func TestWaitTimesOutWithThePage(t *testing.T) {
	t.Parallel()
	srv := Serve(t, demo)
	got := run(t, func(tb testing.TB) {
		p := New(tb)
		p.Open(srv.URL)
		p.SetTimeout(time.Second)
		p.WaitText("this text never shows")
	})
	for _, want := range []string{`waited 1s for "this text never shows" to show`, "--- page text ---", "Ticked: false"} {
		if !strings.Contains(got, want) {
			t.Errorf("the failure lacks %q:\n%s", want, got)
		}
	}
}

func TestMissingChromiumFails(t *testing.T) {
	t.Setenv("GOST_CHROMIUM", "/nonexistent/chromium")
	got := run(t, func(tb testing.TB) { New(tb) })
	if !strings.Contains(got, "chromium not found") || !strings.Contains(got, "apt-get install -y chromium") {
		t.Errorf("got %q, want a failure that says how to install chromium", got)
	}
	t.Setenv("GOST_CHROMIUM", "")
	t.Setenv("PATH", t.TempDir())
	got = run(t, func(tb testing.TB) { New(tb) })
	if !strings.Contains(got, "chromium not found: install it with apt-get install -y chromium") {
		t.Errorf("got %q with chromium off $PATH", got)
	}
}
