package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"strings"
	"testing"

	"github.com/gorilla/websocket"
)

// The replicas scenario's nginx, run for real in front of three backends:
// plain requests go round robin with no stickiness, each response names the
// backend that answered, and a websocket upgrades through it.
func TestNginxRoundRobinAndUpgrade(t *testing.T) {
	t.Parallel()
	path, err := exec.LookPath("nginx")
	if err != nil {
		t.Fatal("nginx is needed (apt-get install nginx): ", err)
	}
	up := websocket.Upgrader{}
	var backends []string
	for _, name := range []string{"a", "b", "c"} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/ws" {
				ws, err := up.Upgrade(w, r, nil)
				if err != nil {
					return
				}
				defer ws.Close()
				ws.WriteMessage(websocket.TextMessage, []byte(name))
				return
			}
			io.WriteString(w, name)
		}))
		t.Cleanup(srv.Close)
		backends = append(backends, strings.TrimPrefix(srv.URL, "http://"))
	}
	n, err := startNginx(path, t.TempDir(), backends)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(n.Stop)

	// One client with keep-alive: a sticky proxy would send it to one
	// backend every time.
	counts := map[string]int{}
	for range 6 {
		resp, err := http.Get("http://" + n.Addr + "/")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if got, want := resp.Header.Get("X-Gost-Upstream"), backends[strings.Index("abc", string(b))]; got != want {
			t.Errorf("X-Gost-Upstream %q, want %q, the backend that answered %q", got, want, b)
		}
		counts[string(b)]++
	}
	if counts["a"] != 2 || counts["b"] != 2 || counts["c"] != 2 {
		t.Errorf("6 requests reached the backends %v; want 2 each (round robin, no stickiness)", counts)
	}

	ws, resp, err := websocket.DefaultDialer.Dial("ws://"+n.Addr+"/ws", nil)
	if err != nil {
		t.Fatalf("websocket through nginx: %v", err)
	}
	defer ws.Close()
	_, b, err := ws.ReadMessage()
	if err != nil {
		t.Fatalf("read through nginx: %v", err)
	}
	if got := resp.Header.Get("X-Gost-Upstream"); !strings.Contains("abc", string(b)) || got != backends[strings.Index("abc", string(b))] {
		t.Errorf("websocket answered %q with X-Gost-Upstream %q; want a backend's name and its address", b, got)
	}
}
