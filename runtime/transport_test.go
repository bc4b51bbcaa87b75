package runtime

import (
	"bytes"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/gost-dev/gost/internal/tree"
)

// TestStreamHandlerReturnsOnceUpgraded checks that the websocket's HTTP
// handler returns once the connection is upgraded and the tab is still
// served: while a handler runs, net/http keeps its connection (4 KiB read
// and 4 KiB write buffers) and the request on the heap, 9 KiB of every
// idle session (BENCHMARKS.md, "Where idle memory goes").
func TestStreamHandlerReturnsOnceUpgraded(t *testing.T) {
	t.Parallel()
	srv, _ := testServer(t, counterApp)
	var inside atomic.Int32
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		inside.Add(1)
		defer inside.Add(-1)
		srv.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)

	b := dial(t, ts)
	b.hello("", nil)
	b.until("done")
	for deadline := time.Now().Add(5 * time.Second); inside.Load() != 0; {
		if time.Now().After(deadline) {
			t.Fatalf("%d stream handlers still running after the first page: net/http keeps their connections", inside.Load())
		}
		time.Sleep(5 * time.Millisecond)
	}
	// The tab is served by the goroutines the handler started.
	b.send(map[string]any{"t": "rerun", "trigger": "button:Add"})
	done := b.until("done")
	if len(done.Ops) != 1 || !bytes.Contains(done.Ops[0], []byte(`count 1`)) {
		t.Errorf("a click after the handler returned: %s", done.raw)
	}
	if n := srv.Sessions(); n != 1 {
		t.Errorf("server holds %d sessions, want 1", n)
	}
}

// TestIdleTabIsPinged: with no writer goroutine waiting, a timer still
// pings an idle tab (proxies drop silent connections; a browser gone
// without a word is found by its missing pongs), and the tab is served
// after the pings as before.
func TestIdleTabIsPinged(t *testing.T) {
	t.Parallel()
	srv, ts := testServer(t, counterApp)
	srv.pingEvery = 20 * time.Millisecond
	b := dial(t, ts)
	b.hello("", nil)
	b.until("done")
	pings := make(chan struct{}, 100)
	b.ws.SetPingHandler(func(string) error {
		pings <- struct{}{}
		return nil
	})
	msgs := make(chan []byte, 10)
	go func() {
		defer close(msgs)
		b.ws.SetReadDeadline(time.Now().Add(10 * time.Second))
		for {
			_, data, err := b.ws.ReadMessage()
			if err != nil {
				return
			}
			msgs <- data
		}
	}()
	for i := range 3 {
		select {
		case <-pings:
		case <-time.After(5 * time.Second):
			t.Fatalf("ping %d never came", i+1)
		}
	}
	b.send(map[string]any{"t": "rerun", "trigger": "button:Add"})
	for data := range msgs {
		if bytes.HasPrefix(data, []byte(`{"t":"done"`)) {
			if !bytes.Contains(data, []byte(`count 1`)) {
				t.Errorf("a click after the pings: %s", data)
			}
			return
		}
	}
	t.Fatal("no done after the pings")
}

// batchConn holds what is written to it until flush, so two websocket
// frames reach the server in one TCP segment, as a browser's can.
type batchConn struct {
	net.Conn
	hold bool
	buf  []byte
}

func (c *batchConn) Write(p []byte) (int, error) {
	if c.hold {
		c.buf = append(c.buf, p...)
		return len(p), nil
	}
	return c.Conn.Write(p)
}

func (c *batchConn) flush() error {
	c.hold = false
	_, err := c.Conn.Write(c.buf)
	return err
}

// TestMessagesInOneSegmentAreAllRead: the reader of an idle tab waits for
// its socket to become readable (idle.go); a message that came in the same
// segment as the one before is already in the read buffer, and must be
// handled without waiting for more.
func TestMessagesInOneSegmentAreAllRead(t *testing.T) {
	t.Parallel()
	_, ts := testServer(t, counterApp)
	var bc *batchConn
	dialer := websocket.Dialer{NetDial: func(network, addr string) (net.Conn, error) {
		c, err := net.Dial(network, addr)
		bc = &batchConn{Conn: c}
		return bc, err
	}}
	ws, _, err := dialer.Dial("ws"+strings.TrimPrefix(ts.URL, "http")+"/_gost/stream", http.Header{"Origin": {ts.URL}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	b := &browser{t, ws}
	b.hello("", nil)
	b.until("done")
	bc.hold = true
	b.send(map[string]any{"t": "rerun", "trigger": "button:Add"})
	b.send(map[string]any{"t": "rerun", "widgets": map[string]any{"text_input:Name": "ship-it"}})
	if err := bc.flush(); err != nil {
		t.Fatal(err)
	}
	for {
		done := b.until("done") // fails after 10 s without one
		if bytes.Contains(done.raw, []byte("ship-it")) {
			break
		}
	}
}

// TestTabsShareTheirPagesElements: tabs of an app showing the same title
// hold one node for it (tree.Pool; from the second tab on, as an element
// enters the pool when it is seen again), and each still gets its page
// and its own changes.
func TestTabsShareTheirPagesElements(t *testing.T) {
	t.Parallel()
	srv, ts := testServer(t, counterApp)
	var pages [3][]*tree.Node
	var tabs [3]*browser
	for i := range tabs {
		tabs[i] = dial(t, ts)
		id := tabs[i].hello("", nil).ID
		tabs[i].until("done")
		if i == 1 {
			tabs[i].send(map[string]any{"t": "rerun", "trigger": "button:Add"})
			if done := tabs[i].until("done"); len(done.Ops) != 1 || !bytes.Contains(done.Ops[0], []byte(`count 1`)) {
				t.Errorf("a click in tab %d: %s", i, done.raw)
			}
		}
		srv.mu.Lock()
		sess := srv.sessions[id]
		srv.mu.Unlock()
		sess.mu.Lock()
		pages[i] = sess.page.Children[tree.Main].Children
		sess.mu.Unlock()
		if len(pages[i]) != 5 {
			t.Fatalf("tab %d: a page of %d elements, want 5", i, len(pages[i]))
		}
	}
	if pages[1][0] != pages[2][0] {
		t.Error("the second and third tabs hold a title each")
	}
	if !bytes.Contains(pages[1][2].Props, []byte("count 1")) || !bytes.Contains(pages[2][2].Props, []byte("count 0")) {
		t.Errorf("the counts: tab 1 %s, tab 2 %s", pages[1][2].Props, pages[2][2].Props)
	}
}
