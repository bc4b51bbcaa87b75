//go:build unix

package main

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gost-dev/gost/internal/browsertest"
)

// TestAlwaysRerunInChromium is the edit loop as a user sees it, in headless
// Chromium: with a value typed into a widget, a save shows the prompt, and
// Always rerun (the A key) brings the new version into the tab without a
// reload and with the value kept; a syntax error shows the compiler's
// message while the old version keeps working; fixing it recovers.
func TestAlwaysRerunInChromium(t *testing.T) {
	t.Parallel()
	p, app := openVersionOne(t)

	writeFile(t, app, reloadApp("Version two"))
	p.WaitText("Source file changed.")
	p.WaitFor("the Rerun button", browsertest.Button("Rerun"))
	p.WaitFor("the Always rerun button", browsertest.Button("Always rerun"))
	p.Exec(`document.activeElement.blur()`) // keys count only outside inputs
	p.Keys("a")
	p.WaitText("Version two")
	p.WaitNoText("Source file changed")
	checkKept(t, p, "hello Ada, clicked 1")

	// A syntax error: the compiler's message, file:line:col, in the tab.
	broken := strings.Replace(reloadApp("Version three"), "func App(st *st.Ctx) {", "func App(st *st.Ctx) {{", 1)
	writeFile(t, app, broken)
	p.WaitFor("the build error", `document.querySelector(".build-error")?.innerText.match(/app\.go:\d+:\d+: .*(syntax error|expected)/)`)
	if !p.HasText("Version two") {
		t.Error("the old version's page is gone while the new one does not build")
	}
	p.Click("Add") // the old version keeps working
	p.WaitText("hello Ada, clicked 2")

	// Fixed: the error goes, the new version comes, by itself (Always rerun).
	writeFile(t, app, reloadApp("Version three"))
	p.WaitText("Version three")
	p.WaitFor("the build error to go", `!document.querySelector(".build-error")`)
	checkKept(t, p, "hello Ada, clicked 2")
}

// TestRerunInChromium drives the one-off switch: the R key, then the
// Rerun button. Unlike Always rerun, neither sticks: the next save waits
// for the user again.
func TestRerunInChromium(t *testing.T) {
	t.Parallel()
	p, app := openVersionOne(t)

	// R while typing in a text input is a letter, not a command.
	writeFile(t, app, reloadApp("Version two"))
	p.WaitText("Source file changed.")
	p.WaitFor("the new version", `__bt.recv.some((m) => m.t === "new_version")`)
	p.Exec(browsertest.Control("Name") + `.focus()`)
	p.Keys("r")
	if browsertest.Eval[bool](p, `__bt.sent.some((m) => m.t === "switch")`) {
		t.Error("R typed into the text input switched the version")
	}
	if got := browsertest.Eval[string](p, browsertest.Control("Name")+`.value`); got != "Adar" {
		t.Errorf("the text input holds %q after typing r, want Adar", got)
	}
	p.Keys("\b")
	p.Exec(`document.activeElement.blur()`)
	p.Keys("r")
	p.WaitText("Version two")
	p.WaitNoText("Source file changed")
	checkKept(t, p, "hello Ada, clicked 1")

	writeFile(t, app, reloadApp("Version three"))
	p.WaitText("Source file changed.")
	p.WaitFor("the new version", `__bt.recv.filter((m) => m.t === "new_version").length === 2`)
	if n := browsertest.Eval[int](p, `__bt.sent.filter((m) => m.t === "switch").length`); n != 1 {
		t.Errorf("the tab asked to switch %d times, want once: R is for one save only", n)
	}
	p.Click("Rerun")
	p.WaitText("Version three")
	p.WaitNoText("Source file changed")
	checkKept(t, p, "hello Ada, clicked 1")
}

// TestFirstVersionErrorsInChromium: when the app does not build at first,
// or panics while it starts, the browser shows why, and the page becomes
// the app by itself once a save fixes it.
func TestFirstVersionErrorsInChromium(t *testing.T) {
	t.Parallel()
	dir := ownModule(t)
	app := filepath.Join(dir, "app.go")
	writeFile(t, app, strings.Replace(reloadApp("Version one"), "func App(st *st.Ctx) {", "func App(st *st.Ctx) {{", 1))
	g := startGost(t, dir)
	g.waitHealth(t, http.StatusServiceUnavailable)

	p := browsertest.New(t)
	p.OpenPage(g.url + "/")
	p.WaitText("The app does not run yet")
	p.WaitFor("the compiler's message", `document.getElementById("error")?.innerText.match(/app\.go:\d+:\d+: /)`)

	// Compiles, but panics before it serves: its panic replaces the
	// compiler's message, without a reload.
	p.Exec(`window.__marker = 1`)
	writeFile(t, app, reloadApp("Version one")+"\nvar _ = func() int { panic(\"boom while starting\") }()\n")
	p.WaitText("boom while starting")
	p.WaitText("exited before it served")

	writeFile(t, app, reloadApp("Version one"))
	p.WaitText("Version one")
	p.Fill("Name", "Ada\n")
	p.WaitText("hello Ada, clicked 0")
}

// openVersionOne serves reloadApp("Version one") with gost run and opens
// it in Chromium, types Ada into its text input and clicks Add once. It
// returns the page and the path of the app's app.go.
func openVersionOne(t *testing.T) (*browsertest.Page, string) {
	t.Helper()
	app, url, _ := serveVersionOne(t)
	p := browsertest.New(t)
	p.Open(url + "/")
	p.WaitText("Version one")
	p.Fill("Name", "Ada\n")
	p.WaitText("hello Ada, clicked 0")
	p.Click("Add")
	p.WaitText("hello Ada, clicked 1")
	p.Exec(`window.__marker = 1`) // a reload of the tab would lose this; checkKept looks
	return p, app
}

// checkKept checks that the tab was not reloaded and kept its state.
func checkKept(t *testing.T, p *browsertest.Page, text string) {
	t.Helper()
	if !browsertest.Eval[bool](p, `window.__marker === 1`) {
		t.Error("the tab was reloaded")
	}
	if got := browsertest.Eval[string](p, browsertest.Control("Name")+`.value`); got != "Ada" {
		t.Errorf("the text input holds %q, want Ada", got)
	}
	p.WaitText(text) // session state came along
}

// TestSwitchKeepsTheLogin runs the auth example with the development login:
// a logged-in tab stays logged in across versions, and runOnSave in a
// .gost/config.toml written while gost runs takes effect without a
// restart.
func TestSwitchKeepsTheLogin(t *testing.T) {
	t.Parallel()
	dir := ownModule(t)
	src, err := os.ReadFile("../../examples/auth/app.go")
	if err != nil {
		t.Fatal(err)
	}
	app := filepath.Join(dir, "app.go")
	writeFile(t, app, string(src))
	url, _ := gostRun(t, dir, "--dev-auth")
	// The development provider sends the browser back to localhost.
	url = strings.Replace(url, "127.0.0.1", "localhost", 1)

	p := browsertest.New(t)
	p.Open(url + "/")
	p.Click("Log in with Microsoft")
	p.WaitFor("the development login page", browsertest.Control("Email"))
	p.Fill("Name", "Ada")
	p.Fill("Email", "ada@example.com")
	p.Click("Log in")
	p.WaitText("Welcome, Ada!")
	p.Exec(`window.__marker = 1`)

	// runOnSave, without a restart: the tab switches without being asked.
	if err := os.Mkdir(filepath.Join(dir, ".gost"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, ".gost", "config.toml"), "[server]\nrunOnSave = true\n")
	// The watcher reports the config before the save below (one inotify
	// queue), and gost run passes both on in that order.
	writeFile(t, app, strings.Replace(string(src), "Welcome, %s!", "Hello again, %s!", 1))
	p.WaitText("Hello again, Ada!")
	if !browsertest.Eval[bool](p, `window.__marker === 1`) {
		t.Error("the tab was reloaded")
	}
	if n := browsertest.Eval[int](p, `document.querySelectorAll("#notices .banner").length`); n != 1 {
		t.Errorf("%d notices after the switch, want the development login's once", n)
	}
}
