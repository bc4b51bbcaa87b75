package runtime

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"math"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/gost-dev/gost/internal/devloop"
	"github.com/gost-dev/gost/internal/syncbuf"
	"github.com/gost-dev/gost/st"
)

type celsius float64

func TestHandoffRoundTrip(t *testing.T) {
	values := map[string]any{
		"int": 3, "int8": int8(-8), "int64": int64(1 << 40), "uint": uint(7), "uint8": uint8(255),
		"float32": float32(1.5), "float64": 2.25, "string": "Ada", "bool": true,
		"ints": []int{1, 2}, "strings": []string{"a"}, "bytes": []byte("raw"),
		"byName": map[string]int{"a": 1}, "byNumber": map[int]string{2: "b"}, "empty": []float64{},
	}
	dropped := map[string]any{
		"struct": struct{ A int }{1}, "pointer": new(int), "func": func() {}, "chan": make(chan int),
		"named": celsius(20), "anys": []any{1}, "nested": [][]int{{1}}, "nan": math.NaN(),
		"nil": nil, "boolKeys": map[bool]int{true: 1},
	}
	all := map[string]any{}
	for k, v := range values {
		all[k] = v
	}
	for k, v := range dropped {
		all[k] = v
	}
	h, gone := newHandoff("user-1", all)
	if want := slices.Sorted(maps.Keys(dropped)); !slices.Equal(gone, want) {
		t.Errorf("dropped %v, want %v", gone, want)
	}
	dir := t.TempDir()
	id := newID()
	if err := h.write(dir, id); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(filepath.Join(dir, id+".json"))
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("handoff file mode %v, want 0600", fi.Mode().Perm())
	}
	back, err := readHandoff(dir, id)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, id+".json")); !os.IsNotExist(err) {
		t.Errorf("the handoff file is still there after it was read")
	}
	got, undecoded := back.values()
	if len(undecoded) > 0 {
		t.Errorf("could not decode %v", undecoded)
	}
	if back.User != "user-1" {
		t.Errorf("user %q, want user-1", back.User)
	}
	for k, want := range values {
		if g := got[k]; !reflect.DeepEqual(g, want) || reflect.TypeOf(g) != reflect.TypeOf(want) {
			t.Errorf("%s: got %#v (%T), want %#v (%T)", k, g, g, want, want)
		}
	}
	if len(got) != len(values) {
		t.Errorf("got %d values, want %d", len(got), len(values))
	}
}

// supervised is a Server as runtime.Serve runs it under gost run: on a
// real listener, with a control channel whose other end the test holds.
type supervised struct {
	srv    *Server
	url    string
	ctl    *devloop.Control // the supervisor's end
	exited chan struct{}
	logs   *syncbuf.Buffer // what the server logged
}

func serveSupervised(t *testing.T, app func(*st.Ctx), handoffDir string) *supervised {
	t.Helper()
	logs := &syncbuf.Buffer{}
	srv := NewServer(app, Options{}, slog.New(slog.NewTextHandler(logs, nil)))
	srv.setReloadConfig(handoffDir, false)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := &http.Server{Handler: srv}
	go hs.Serve(l)
	t.Cleanup(func() { hs.Close() })
	app1, sup := net.Pipe()
	ctl := devloop.NewControl(app1)
	s := &supervised{srv: srv, url: "http://" + l.Addr().String(), ctl: devloop.NewControl(sup), exited: make(chan struct{}), logs: logs}
	var once sync.Once
	go srv.followControl(ctl, controlHooks{listener: l, http: hs, reload: func() {},
		exit: func() { once.Do(func() { close(s.exited) }) }})
	t.Cleanup(func() { s.ctl.Close() })
	return s
}

func (s *supervised) send(t *testing.T, m devloop.Msg) {
	t.Helper()
	if err := s.ctl.Send(m); err != nil {
		t.Fatal(err)
	}
}

func (s *supervised) dial(t *testing.T) *browser {
	t.Helper()
	ws, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(s.url, "http")+"/_gost/stream", http.Header{"Origin": {s.url}})
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	t.Cleanup(func() { ws.Close() })
	return &browser{t, ws}
}

func TestControlMessagesReachEveryTab(t *testing.T) {
	s := serveSupervised(t, counterApp, t.TempDir())
	a, b := s.dial(t), s.dial(t)
	a.hello("", nil)
	a.until("done")
	b.hello("", nil)
	b.until("done")

	s.send(t, devloop.Msg{T: devloop.CtlSourceChanged})
	for _, tab := range []*browser{a, b} {
		if m := tab.until("source_changed"); !bytes.Contains(m.raw, []byte(`"run_on_save":false`)) {
			t.Errorf("source_changed without the default: %s", m.raw)
		}
	}
	s.send(t, devloop.Msg{T: devloop.CtlBuildError, Text: "app.go:3:1: syntax error"})
	for _, tab := range []*browser{a, b} {
		if m := tab.until("build_error"); !bytes.Contains(m.raw, []byte(`app.go:3:1: syntax error`)) {
			t.Errorf("build_error without the compiler's text: %s", m.raw)
		}
	}
	// A tab that connects now learns of the error too.
	c := s.dial(t)
	c.hello("", nil)
	c.until("build_error")
	s.send(t, devloop.Msg{T: devloop.CtlBuildOK})
	for _, tab := range []*browser{a, b, c} {
		tab.until("build_ok")
	}
	// The old version still works.
	a.send(map[string]any{"t": "rerun", "trigger": "button:Add"})
	if done := a.until("done"); !bytes.Contains(done.raw, []byte("count 1")) {
		t.Errorf("the old version stopped working: %s", done.raw)
	}
}

// TestSwitchCarriesTheSession is a tab going from one version of the app
// to the next: its widget values come back in its hello, its session state
// through the handoff file, with types kept; what cannot be carried is
// dropped.
func TestSwitchCarriesTheSession(t *testing.T) {
	dir := t.TempDir()
	app := func(version string) func(*st.Ctx) {
		return func(st *st.Ctx) {
			st.Title("Version " + version)
			state := st.SessionState()
			if st.Button("Add") {
				state.Set("n", state.Int("n")+1)
				state.Set("point", struct{ X int }{1})
			}
			name := st.TextInput("Name", st.Key("name"))
			nick := st.TextInput("Nick")
			n, _ := state.Get("n")
			_, hasPoint := state.Get("point")
			st.Text(fmt.Sprintf("n=%v (%T) name=%s nick=%s point=%v", n, n, name, nick, hasPoint))
		}
	}
	old := serveSupervised(t, app("1"), dir)
	tab := old.dial(t)
	id := tab.hello("", nil).ID
	tab.until("done")
	tab.send(map[string]any{"t": "rerun", "widgets": map[string]any{"=name": "Ada", "text_input:Nick": "ada"}, "trigger": "button:Add"})
	if done := tab.until("done"); !bytes.Contains(done.raw, []byte("n=1 (int) name=Ada nick=ada point=true")) {
		t.Fatalf("before the switch: %s", done.raw)
	}

	// Before a new version serves, "switch" has nothing to switch to. The
	// control channel is another connection than the tab's: the rerun
	// after the switch, answered, says the server has read the switch
	// before it hears of the new version.
	tab.send(map[string]any{"t": "switch"})
	tab.send(map[string]any{"t": "rerun"})
	for m := tab.read(); m.T != "done"; m = tab.read() {
		if m.T == "reconnect" {
			t.Fatal("a switch before a new version serves sent the tab away")
		}
	}
	s2 := serveSupervised(t, app("2"), dir)
	old.send(t, devloop.Msg{T: devloop.CtlNewVersion})
	tab.until("new_version")
	tab.send(map[string]any{"t": "switch"})
	tab.until("reconnect")
	tab.ws.Close()
	select {
	case <-old.exited:
	case <-time.After(10 * time.Second):
		t.Fatal("the old version did not end after its last tab left")
	}

	// The page reconnects, to the new version, with what it holds.
	next := s2.dial(t)
	if got := next.hello(id, map[string]any{"=name": "Ada", "text_input:Nick": "ada"}).ID; got != id {
		t.Errorf("the new version gave the session id %q, want %q (the same)", got, id)
	}
	done := next.until("done")
	for _, want := range []string{"Version 2", "n=1 (int) name=Ada nick=ada point=false"} {
		if !bytes.Contains(done.raw, []byte(want)) {
			t.Errorf("after the switch the page lacks %q: %s", want, done.raw)
		}
	}
}

// TestSecondSwitchOnlyRepeatsTheReconnect is a tab that asks to switch
// twice before it goes (a click just as new_version arrives, or the
// drain's own switch at drainTimeout): the session is handed over once,
// and the second answer comes at once. It used to claim the run loop the
// first switch holds for good, wait all of idleWait, and log that a run
// was still going.
func TestSecondSwitchOnlyRepeatsTheReconnect(t *testing.T) {
	dir := t.TempDir()
	old := serveSupervised(t, counterApp, dir)
	tab := old.dial(t)
	id := tab.hello("", nil).ID
	tab.until("done")
	tab.send(map[string]any{"t": "rerun", "trigger": "button:Add"})
	tab.until("done")
	old.send(t, devloop.Msg{T: devloop.CtlNewVersion})
	tab.until("new_version")
	start := time.Now()
	tab.send(map[string]any{"t": "switch"})
	tab.send(map[string]any{"t": "switch"})
	tab.until("reconnect")
	tab.until("reconnect")
	if took := time.Since(start); took >= idleWait {
		t.Errorf("the second switch was answered after %v, the whole idleWait", took)
	}
	if logs := old.logs.String(); strings.Contains(logs, "not carried over") {
		t.Errorf("the second switch logged a lost session:\n%s", logs)
	}
	h, err := readHandoff(dir, id)
	if err != nil {
		t.Fatalf("the first switch left no handoff: %v", err)
	}
	if values, _ := h.values(); values["n"] != 1 {
		t.Errorf("handed over n=%v, want 1", values["n"])
	}
}

func TestHandoffOfAnotherLoginIsNotAdopted(t *testing.T) {
	dir := t.TempDir()
	srv := NewServer(counterApp, Options{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	srv.setReloadConfig(dir, false)
	id := newID()
	h, _ := newHandoff("alice", map[string]any{"n": 1})
	if err := h.write(dir, id); err != nil {
		t.Fatal(err)
	}
	if got := srv.adopt(id, "bob"); got != nil {
		t.Errorf("bob adopted alice's state: %v", got)
	}
	if got := srv.adopt("../"+id, ""); got != nil {
		t.Errorf("adopted a path: %v", got)
	}
}

func TestDrainedProcessWithoutTabsEndsAtOnce(t *testing.T) {
	s := serveSupervised(t, counterApp, t.TempDir())
	s.send(t, devloop.Msg{T: devloop.CtlNewVersion})
	select {
	case <-s.exited:
	case <-time.After(10 * time.Second):
		t.Fatal("a replaced process with no tabs did not end")
	}
	if _, err := http.Get(s.url + "/healthz"); err == nil {
		t.Error("the replaced process still accepts connections")
	}
}

func TestControlChannelClosedEndsTheProcess(t *testing.T) {
	s := serveSupervised(t, counterApp, "")
	s.ctl.Close()
	select {
	case <-s.exited:
	case <-time.After(10 * time.Second):
		t.Fatal("the app did not end when gost went away")
	}
}
