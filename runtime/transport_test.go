package runtime

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
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
