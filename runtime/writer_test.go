package runtime

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/gost-dev/gost/st"
)

// TestFramesStayWholeWhenTheSocketFills: pages far larger than the
// socket's buffer go out partly by the run's own write and partly by the
// writer goroutine, while pings are due every millisecond; each page
// reaches the browser whole, in order, and no ping lands inside one of
// them (gorilla's reader, as strict as a browser's, would fail).
func TestFramesStayWholeWhenTheSocketFills(t *testing.T) {
	t.Parallel()
	var runs atomic.Int64
	srv, ts := testServer(t, func(st *st.Ctx) {
		n := runs.Add(1)
		st.Button("Again")
		st.Text(fmt.Sprintf("run %d ", n) + strings.Repeat(fmt.Sprint(n%10), 256<<10))
	})
	srv.pingEvery = time.Millisecond
	b := dial(t, ts)
	id := b.hello("", nil).ID
	b.until("done")
	c := connOf(srv, id)
	// A small send buffer: the run's non-blocking write takes a few KiB
	// of each page, and the writer the rest.
	tc, _ := tcpConn(c.sock)
	if err := tc.SetWriteBuffer(4 << 10); err != nil {
		t.Fatal(err)
	}
	var pings atomic.Int64
	b.ws.SetPingHandler(func(string) error { pings.Add(1); return nil })
	for i := range 20 {
		b.send(map[string]any{"t": "rerun", "trigger": "button:Again"})
		time.Sleep(5 * time.Millisecond) // the browser reads late: the socket fills
		done := b.until("done")
		var m struct{ Ops []json.RawMessage }
		if err := json.Unmarshal(done.raw, &m); err != nil {
			t.Fatalf("click %d: the done is not JSON: %v", i+1, err)
		}
		want := fmt.Sprintf("run %d ", i+2)
		if !strings.Contains(string(done.raw), want+strings.Repeat(fmt.Sprint((i+2)%10), 256<<10)) {
			t.Fatalf("click %d: the done does not hold %q and its page whole", i+1, want)
		}
	}
	if pings.Load() == 0 {
		t.Error("no ping reached the browser: the test did not mix pings with pages")
	}
}

// connPair returns a conn, as the server side of a websocket, and the
// client's end of it, over loopback; both close with the test.
func connPair(t *testing.T) (*conn, *websocket.Conn) {
	t.Helper()
	conns := make(chan *conn, 1)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ws, err := (&websocket.Upgrader{}).Upgrade(w, r, nil)
		if err != nil {
			t.Error(err)
			return
		}
		conns <- newConn(ws, slog.Default(), 1<<20)
	}))
	t.Cleanup(ts.Close)
	ws, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(ts.URL, "http"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	c := <-conns
	t.Cleanup(c.close)
	return c, ws
}

// connOf returns the connection of the tab of session id.
func connOf(srv *Server, id string) *conn {
	srv.mu.Lock()
	sess := srv.sessions[id]
	srv.mu.Unlock()
	sess.mu.Lock()
	defer sess.mu.Unlock()
	return sess.client.(*conn)
}
