//go:build unix

package main

import (
	"context"
	"encoding/json"
	"errors"
	"html"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/gost-dev/gost/internal/syncbuf"
)

// reloadApp is the source of a small app whose heading is heading: a text
// input (a widget value, carried by the page) and a click counter (session
// state, carried by the handoff).
func reloadApp(heading string) string {
	return `package main

import (
	"fmt"

	"github.com/gost-dev/gost/st"
)

func App(st *st.Ctx) {
	st.Title(` + "`" + heading + "`" + `)
	name := st.TextInput("Name")
	state := st.SessionState()
	if st.Button("Add") {
		state.Set("n", state.Int("n")+1)
	}
	st.Text(fmt.Sprintf("hello %s, clicked %d", name, state.Int("n")))
}
`
}

// serveVersionOne serves reloadApp("Version one"), in a module of its own,
// with gost run, and returns the path of its app.go, its URL and what gost
// prints on stdout.
func serveVersionOne(t *testing.T) (app, url string, stdout *syncbuf.Buffer) {
	t.Helper()
	dir := ownModule(t)
	app = filepath.Join(dir, "app.go")
	writeFile(t, app, reloadApp("Version one"))
	url, stdout = gostRun(t, dir)
	return app, url, stdout
}

// gostRun serves dir with gost run on a free port until the test ends, and
// returns its URL and what it prints on stdout, once the app serves. The
// test fails if gost does not exit cleanly.
func gostRun(t *testing.T, dir string, flags ...string) (string, *syncbuf.Buffer) {
	t.Helper()
	g := startGost(t, dir, flags...)
	g.waitHealth(t, http.StatusOK)
	return g.url, g.stdout
}

// gost is a gost run started by startGost.
type gost struct {
	url            string
	stdout, stderr *syncbuf.Buffer
	exited         chan int
	want           int // the exit code expected after Ctrl-C
}

// startGost starts gost run on dir on a free port and stops it when the
// test ends, expecting exit code g.want (0 unless the test changes it).
func startGost(t *testing.T, dir string, flags ...string) *gost {
	t.Helper()
	port := freePort(t)
	ctx, cancel := context.WithCancel(context.Background())
	g := &gost{url: "http://127.0.0.1:" + port, stdout: new(syncbuf.Buffer), stderr: new(syncbuf.Buffer), exited: make(chan int, 1)}
	args := append([]string{"gost", "run", dir, "--server.headless", "--server.address", "127.0.0.1", "--server.port", port}, flags...)
	go func() { g.exited <- run(ctx, args, g.stdout, g.stderr) }()
	t.Cleanup(func() {
		cancel() // as Ctrl-C: every process of the app is stopped
		select {
		case code := <-g.exited:
			if code != g.want {
				t.Errorf("gost exited with %d, want %d\nstderr:\n%s", code, g.want, g.stderr)
			}
		case <-time.After(3 * stopGrace):
			t.Errorf("gost did not exit after Ctrl-C\nstderr:\n%s", g.stderr)
		}
	})
	return g
}

// waitHealth waits until the health check answers status, and returns
// its body.
func (g *gost) waitHealth(t *testing.T, status int) string {
	t.Helper()
	for deadline := time.Now().Add(2 * time.Minute); ; time.Sleep(50 * time.Millisecond) {
		select {
		case code := <-g.exited:
			g.exited <- code
			t.Fatalf("gost exited with %d\nstderr:\n%s", code, g.stderr)
		default:
		}
		if resp, err := http.Get(g.url + "/healthz"); err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == status {
				return string(body)
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the health check did not answer %d in time\nstderr:\n%s", status, g.stderr)
		}
	}
}

// tab is a browser tab speaking the protocol over a websocket.
type tab struct {
	t   *testing.T
	url string
	ws  *websocket.Conn
	id  string
}

type wireMsg struct {
	T    string `json:"t"`
	ID   string `json:"id"`
	Text string `json:"text"`
	raw  string
}

func openTab(t *testing.T, url string) *tab {
	t.Helper()
	tb := &tab{t: t, url: url}
	tb.connect(nil)
	return tb
}

// connect opens the websocket and says hello with the page's widgets.
func (tb *tab) connect(widgets map[string]any) {
	tb.t.Helper()
	ws, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(tb.url, "http")+"/_gost/stream", http.Header{"Origin": {tb.url}})
	if err != nil {
		tb.t.Fatalf("dial: %v", err)
	}
	tb.t.Cleanup(func() { ws.Close() })
	tb.ws = ws
	tb.send(map[string]any{"t": "hello", "v": 1, "session": tb.id, "widgets": widgets, "query": ""})
	tb.id = tb.until("session").ID
}

func (tb *tab) send(v any) {
	tb.t.Helper()
	if err := tb.ws.WriteJSON(v); err != nil {
		tb.t.Fatalf("send: %v", err)
	}
}

// until reads until a message of type typ (whose text contains want, if
// given) and returns it.
func (tb *tab) until(typ string, want ...string) wireMsg {
	tb.t.Helper()
	for {
		tb.ws.SetReadDeadline(time.Now().Add(2 * time.Minute)) // a build on a busy machine
		_, data, err := tb.ws.ReadMessage()
		if err != nil {
			tb.t.Fatalf("waiting for %s %q: %v", typ, want, err)
		}
		var m wireMsg
		json.Unmarshal(data, &m)
		m.raw = string(data)
		if m.T != typ {
			continue
		}
		ok := true
		for _, w := range want {
			ok = ok && strings.Contains(m.raw, w)
		}
		if ok {
			return m
		}
	}
}

// TestSaveSwitchesTheTabToTheNewVersion is the edit loop at the protocol's
// level: a save starts a new process on the same socket, the open tab
// switches to it keeping its widget value and session state, and a broken
// save is shown while the old version works on.
func TestSaveSwitchesTheTabToTheNewVersion(t *testing.T) {
	t.Parallel()
	app, url, _ := serveVersionOne(t)
	tb := openTab(t, url)
	tb.until("done", "Version one")
	widgets := map[string]any{"text_input:Name": "Ada"}
	tb.send(map[string]any{"t": "rerun", "widgets": widgets, "trigger": "button:Add"})
	tb.until("done", "hello Ada, clicked 1")

	writeFile(t, app, reloadApp("Version two"))
	tb.until("source_changed")
	tb.until("new_version")
	tb.send(map[string]any{"t": "switch"})
	tb.until("reconnect")
	tb.ws.Close()
	tb.connect(widgets)
	tb.until("done", "Version two", "hello Ada, clicked 1")

	// A syntax error: shown with file:line:col, the running version goes on.
	writeFile(t, app, strings.Replace(reloadApp("Version three"), "func App(st *st.Ctx) {", "func App(st *st.Ctx) {{", 1))
	tb.until("source_changed")
	tb.until("build_error", "app.go:")
	tb.send(map[string]any{"t": "rerun", "trigger": "button:Add"})
	tb.until("done", "hello Ada, clicked 2")
}

func writeFile(t *testing.T, name, content string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestNewerSaveCancelsTheBuild saves twice in quick succession: the first
// save's build is cancelled, so the tab never sees that version, and only
// the second one is started.
func TestNewerSaveCancelsTheBuild(t *testing.T) {
	t.Parallel()
	app, url, stdout := serveVersionOne(t)
	tb := openTab(t, url)
	tb.until("done", "Version one")

	writeFile(t, app, reloadApp("Version two"))
	tb.until("source_changed")
	writeFile(t, app, reloadApp("Version three"))
	tb.until("new_version")
	tb.send(map[string]any{"t": "switch"})
	tb.until("reconnect")
	tb.ws.Close()
	tb.connect(nil)
	tb.until("done", "Version three")
	if n := strings.Count(stdout.String(), "new version serving"); n != 1 {
		t.Errorf("%d new versions started, want 1: the superseded save was started too\n%s", n, stdout)
	}
}

// TestBuildStopsWhenCancelled checks that cancelling a build, as a newer
// save does, stops the go command rather than waiting for it.
func TestBuildStopsWhenCancelled(t *testing.T) {
	dir := ownModule(t)
	writeFile(t, filepath.Join(dir, "app.go"), reloadApp("Version one"))
	p, err := findApp(dir)
	if err != nil {
		t.Fatal(err)
	}
	a := &app{pkg: p, tmp: t.TempDir()}
	// An empty build cache: the build would take many seconds. The
	// compilers the go command started may still write to it for a moment
	// after it is stopped, so it is removed without checking.
	cache, err := os.MkdirTemp("", "gost-cache-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(cache) })
	t.Setenv("GOCACHE", cache)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, _, _, err := a.build(ctx)
		done <- err
	}()
	time.Sleep(200 * time.Millisecond) // the go command is running
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("a cancelled build returned %v, want context.Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the build went on after it was cancelled")
	}
}

// TestCancelStopsTheToolAndItsChildren: a cancelled build stops the go
// command and the compilers it started, not just the go command.
func TestCancelStopsTheToolAndItsChildren(t *testing.T) {
	t.Parallel()
	pidFile := filepath.Join(t.TempDir(), "pid")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := runTool(ctx, t.TempDir(), nil, "/bin/sh", "-c", "sleep 60 & echo $! > "+pidFile+"; wait")
		done <- err
	}()
	var child int
	for deadline := time.Now().Add(10 * time.Second); child == 0; time.Sleep(10 * time.Millisecond) {
		if b, err := os.ReadFile(pidFile); err == nil && strings.HasSuffix(string(b), "\n") {
			child = mustAtoi(strings.TrimSpace(string(b)))
		}
		if time.Now().After(deadline) {
			t.Fatal("the tool did not start its child")
		}
	}
	cancel()
	if err := <-done; err == nil {
		t.Error("a cancelled tool reported success")
	}
	waitDead(t, child)
}

// TestRunBuildError: an app that does not build at first is not the end
// of gost run. The compiler's message, file:line:col relative to where
// gost runs, is on the console and on a page at the app's URL, and gost
// waits for a fix; Ctrl-C then exits with 1.
func TestRunBuildError(t *testing.T) {
	t.Parallel()
	g := startGost(t, "testdata/builderr/app.go")
	g.want = 1
	const want = "testdata/builderr/app.go:6:14: cannot use \"one\""
	if health := g.waitHealth(t, http.StatusServiceUnavailable); !strings.Contains(health, want) {
		t.Errorf("health check while the app does not build:\n%s\nwant the compiler's message", health)
	}
	if !strings.HasPrefix(g.stderr.String(), "gost: build testdata/builderr failed:\n") || !strings.Contains(g.stderr.String(), "\n"+want) {
		t.Errorf("stderr:\n%s\nwant gost: build testdata/builderr failed: and %s", g.stderr, want)
	}
	resp, err := http.Get(g.url + "/")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if escaped := html.EscapeString(want); !strings.Contains(string(page), escaped) {
		t.Errorf("the page does not show %s:\n%s", escaped, page)
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("Content-Security-Policy %q, want default-src 'none'", csp)
	}
	if strings.Contains(g.stdout.String(), "You can now view") {
		t.Errorf("stdout:\n%s\nwant no You can now view for an app that did not build", g.stdout)
	}
	// The page has the app's Host check (waiting_test.go has the rules).
	req, _ := http.NewRequest("GET", g.url+"/", nil)
	req.Host = "rebound.example"
	if resp, err = http.DefaultClient.Do(req); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMisdirectedRequest || !strings.Contains(g.stderr.String(), `refused a request for the host "rebound.example"`) {
		t.Errorf("a request for another host: %d, stderr:\n%s\nwant 421 and the host told", resp.StatusCode, g.stderr)
	}
}
