package runtime

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/gost-dev/gost/st"
)

// testServer serves app on a loopback httptest server.
func testServer(t *testing.T, app func(*st.Ctx)) (*Server, *httptest.Server) {
	t.Helper()
	var out io.Writer = io.Discard
	if testing.Verbose() {
		out = os.Stderr
	}
	log := slog.New(slog.NewTextHandler(out, nil))
	srv := NewServer(app, Options{}, log)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return srv, ts
}

// browser is a websocket client speaking the protocol, like the frontend.
type browser struct {
	t  *testing.T
	ws *websocket.Conn
}

func dial(t *testing.T, ts *httptest.Server) *browser {
	t.Helper()
	h := http.Header{"Origin": {ts.URL}}
	ws, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(ts.URL, "http")+"/_gost/stream", h)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	t.Cleanup(func() { ws.Close() })
	return &browser{t, ws}
}

func (b *browser) send(v any) {
	b.t.Helper()
	if err := b.ws.WriteJSON(v); err != nil {
		b.t.Fatalf("send: %v", err)
	}
}

type msg struct {
	T   string            `json:"t"`
	ID  string            `json:"id"`
	N   int64             `json:"n"`
	Seq int64             `json:"seq"`
	S   string            `json:"s"`
	URL string            `json:"url"`
	Ops []json.RawMessage `json:"ops"`
	raw []byte
}

func (b *browser) read() msg {
	b.t.Helper()
	b.ws.SetReadDeadline(time.Now().Add(10 * time.Second))
	_, data, err := b.ws.ReadMessage()
	if err != nil {
		b.t.Fatalf("read: %v", err)
	}
	var m msg
	if err := json.Unmarshal(data, &m); err != nil {
		b.t.Fatalf("message is not JSON: %s", data)
	}
	if m.T == "done" && m.S == "" {
		m.S = "ok" // a done leaves out the usual status (docs/protocol.md)
	}
	m.raw = data
	return m
}

// until reads messages until one of type typ and returns it.
func (b *browser) until(typ string) msg {
	b.t.Helper()
	for {
		if m := b.read(); m.T == typ {
			return m
		}
	}
}

func (b *browser) hello(session string, widgets map[string]any) msg {
	b.t.Helper()
	b.send(map[string]any{"t": "hello", "v": 1, "session": session, "widgets": widgets, "query": ""})
	return b.until("session")
}

func counterApp(st *st.Ctx) {
	st.Title("Counter")
	n := st.SessionState()
	if st.Button("Add") {
		n.Set("n", n.Int("n")+1)
	}
	st.Text("count " + string(rune('0'+n.Int("n"))))
	st.TextInput("Name")
	st.Button("Nothing")
}

// mainBlock returns how many elements a first page's done sets in the main
// block, which is sent whole (one set at [0]) when it was empty; -1 for
// any other ops.
func mainBlock(done msg) int {
	if len(done.Ops) != 1 {
		return -1
	}
	var op struct {
		Op string `json:"op"`
		P  []int  `json:"p"`
		N  struct {
			K string            `json:"k"`
			C []json.RawMessage `json:"c"`
		} `json:"n"`
	}
	if json.Unmarshal(done.Ops[0], &op) != nil || op.Op != "set" || len(op.P) != 1 || op.P[0] != 0 || op.N.K != "block" {
		return -1
	}
	return len(op.N.C)
}

func TestHelloRunsTheAppAndStreamsThePage(t *testing.T) {
	_, ts := testServer(t, counterApp)
	b := dial(t, ts)
	s := b.hello("", nil)
	if len(s.ID) != 32 {
		t.Errorf("session id %q", s.ID)
	}
	done := b.until("done")
	if done.S != "ok" || mainBlock(done) != 5 {
		t.Fatalf("first run: status %q, want the main block set whole with 5 elements: %s", done.S, done.raw)
	}
	b.send(map[string]any{"t": "rerun", "trigger": "button:Add"})
	// A run faster than a moment (streamAfter) is one frame, its done.
	if done = b.read(); done.T != "done" {
		t.Errorf("a fast rerun starts with %s, want its done", done.raw)
	}
	if len(done.Ops) != 1 || !bytes.Contains(done.Ops[0], []byte(`count 1`)) {
		t.Errorf("after a click only the count should change: %s", done.raw)
	}
	b.send(map[string]any{"t": "rerun", "trigger": "button:Nothing"})
	done = b.until("done")
	if len(done.Ops) != 0 || len(done.raw) > 100 {
		t.Errorf("a rerun that changes nothing sent %d bytes: %s", len(done.raw), done.raw)
	}
}

func TestReconnectResumesTheSession(t *testing.T) {
	srv, ts := testServer(t, counterApp)
	b := dial(t, ts)
	id := b.hello("", nil).ID
	b.until("done")
	b.send(map[string]any{"t": "rerun", "trigger": "button:Add"})
	b.until("done")
	b.ws.Close()

	b2 := dial(t, ts)
	if got := b2.hello(id, nil).ID; got != id {
		t.Fatalf("resumed session %q, want %q", got, id)
	}
	if done := b2.until("done"); !bytes.Contains(done.raw, []byte("count 1")) || mainBlock(done) != 5 {
		t.Errorf("the resumed page should be sent whole with its state: %s", done.raw)
	}
	if srv.Sessions() != 1 {
		t.Errorf("server holds %d sessions, want 1", srv.Sessions())
	}
}

func TestNewSessionIsSeededWithThePagesValues(t *testing.T) {
	_, ts := testServer(t, counterApp)
	b := dial(t, ts)
	// As after a server restart: the old session id is unknown, the page
	// still holds what the user typed.
	b.hello("0123456789abcdef0123456789abcdef", map[string]any{"text_input:Name": "Ada"})
	if done := b.until("done"); !bytes.Contains(done.raw, []byte(`"value":"Ada"`)) {
		t.Errorf("the new session lost the page's value: %s", done.raw)
	}
}

func TestMalformedFramesCloseOnlyThatConnection(t *testing.T) {
	for _, test := range []struct {
		name  string
		frame string
		code  int
	}{
		{"not json", `{"t":"hello",`, websocket.CloseInvalidFramePayloadData},
		{"not an object", `[1,2]`, websocket.CloseInvalidFramePayloadData},
		{"no type", `{"v":1}`, websocket.CloseInvalidFramePayloadData},
		{"unknown type", `{"t":"format_disk"}`, websocket.ClosePolicyViolation},
		{"rerun before hello", `{"t":"rerun","trigger":"button:Add"}`, websocket.ClosePolicyViolation},
		{"wrong version", `{"t":"hello","v":99}`, websocket.ClosePolicyViolation},
		{"too large", `{"t":"hello","v":1,"query":"` + strings.Repeat("x", maxMessageSize) + `"}`, websocket.CloseMessageTooBig},
	} {
		t.Run(test.name, func(t *testing.T) {
			_, ts := testServer(t, counterApp)
			bad := dial(t, ts)
			good := dial(t, ts)
			good.hello("", nil)
			good.until("done")

			bad.ws.WriteMessage(websocket.TextMessage, []byte(test.frame))
			bad.ws.SetReadDeadline(time.Now().Add(5 * time.Second))
			_, _, err := bad.ws.ReadMessage()
			if !websocket.IsCloseError(err, test.code) {
				t.Errorf("bad frame: got %v, want close code %d", err, test.code)
			}
			good.send(map[string]any{"t": "rerun", "trigger": "button:Add"})
			if done := good.until("done"); !bytes.Contains(done.raw, []byte("count 1")) {
				t.Errorf("the other connection stopped working: %s", done.raw)
			}
		})
	}
}

func TestCrossOriginHandshakeIsRefused(t *testing.T) {
	_, ts := testServer(t, counterApp)
	url := "ws" + strings.TrimPrefix(ts.URL, "http") + "/_gost/stream"
	for _, origin := range []string{"https://evil.example", "http://localhost.evil.example"} {
		_, resp, err := websocket.DefaultDialer.Dial(url, http.Header{"Origin": {origin}})
		if err == nil || resp == nil || resp.StatusCode != http.StatusForbidden {
			t.Errorf("Origin %s: err %v, response %v; want 403", origin, err, resp)
		}
	}
}

func TestHealthz(t *testing.T) {
	_, ts := testServer(t, counterApp)
	for _, path := range []string{"/healthz", "/_stcore/health"} {
		resp, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("GET %s: %d", path, resp.StatusCode)
		}
	}
}

func TestBasePath(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	ts := httptest.NewServer(NewServer(counterApp, Options{BaseURLPath: "tools/counter"}, log))
	defer ts.Close()
	for path, want := range map[string]int{
		"/tools/counter/healthz": 200,
		"/tools/counter/":        200,
		"/healthz":               404,
	} {
		resp, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("GET %s: %d, want %d", path, resp.StatusCode, want)
		}
	}
}

func TestPanicInAppDoesNotStopTheServer(t *testing.T) {
	_, ts := testServer(t, func(st *st.Ctx) {
		st.Text("before")
		if st.Button("Boom") {
			var m map[string]int
			m["x"] = 1 // a nil-map panic from the Go runtime
		}
	})
	b := dial(t, ts)
	b.hello("", nil)
	b.until("done")
	b.send(map[string]any{"t": "rerun", "trigger": "button:Boom"})
	done := b.until("done")
	if done.S != "error" || !bytes.Contains(done.raw, []byte("assignment to entry in nil map")) {
		t.Errorf("the panic is not on the page: %s", done.raw)
	}
	b.send(map[string]any{"t": "rerun"})
	if done := b.until("done"); done.S != "ok" {
		t.Errorf("the session did not go on after the panic: %s", done.raw)
	}
}

// TestBigPageIsNotASlowBrowser: a page larger than the bound on what waits
// for a browser reaches a browser that reads, rather than dropping its
// connection again and again.
func TestBigPageIsNotASlowBrowser(t *testing.T) {
	big := strings.Repeat("y", 256<<10)
	srv, ts := testServer(t, func(st *st.Ctx) {
		st.Button("Again")
		st.Text(big)
	})
	srv.maxQueued = 64 << 10
	b := dial(t, ts)
	b.hello("", nil)
	if done := b.until("done"); !bytes.Contains(done.raw, []byte(big)) {
		t.Fatal("the big page did not arrive")
	}
	b.send(map[string]any{"t": "rerun", "trigger": "button:Again"})
	if done := b.until("done"); done.S != "ok" {
		t.Errorf("after the big page the connection gave %s", done.raw)
	}
}

func TestSlowBrowserNeverBlocksItsSession(t *testing.T) {
	var finished atomic.Int64
	big := strings.Repeat("x", 64<<10)
	srv, ts := testServer(t, func(st *st.Ctx) {
		st.Button("Again")
		st.Text(fmt.Sprint(finished.Load()) + big) // every run changes 64 KiB of page
		finished.Add(1)
	})
	srv.maxQueued = 1 << 20
	b := dial(t, ts)
	id := b.hello("", nil).ID
	b.until("done")
	srv.mu.Lock()
	sess := srv.sessions[id]
	srv.mu.Unlock()
	// The browser stops reading. Each run still finishes: the session never
	// waits on the browser. Its 64 KiB messages back up into the TCP
	// buffers, then into the connection's queue, past its bound.
	const runs = 400
	for i := range int64(runs) {
		sess.Rerun(nil, "button:Again")
		deadline := time.Now().Add(10 * time.Second)
		for finished.Load() <= i+1 && time.Now().Before(deadline) {
			time.Sleep(100 * time.Microsecond)
		}
		if finished.Load() <= i+1 {
			t.Fatalf("run %d did not finish: the session is stuck behind a browser that does not read", i+2)
		}
	}
	// The server gave up on this browser: after what was in flight, the
	// connection ends.
	b.ws.SetReadDeadline(time.Now().Add(10 * time.Second))
	var err error
	for err == nil {
		_, _, err = b.ws.ReadMessage()
	}
	if !websocket.IsCloseError(err, websocket.CloseAbnormalClosure, websocket.CloseGoingAway) && !strings.Contains(err.Error(), "reset") {
		t.Errorf("the backed-up connection ended with %v, want the server to close it", err)
	}
	// Other browsers are still served.
	other := dial(t, ts)
	other.hello("", nil)
	if done := other.until("done"); done.S != "ok" {
		t.Errorf("another browser got %s", done.raw)
	}
}
