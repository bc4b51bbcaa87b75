package runtime

import (
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/gost-dev/gost/internal/nginxtest"
	"github.com/gost-dev/gost/internal/syncbuf"
)

// startNginx runs Debian's nginx on a free loopback port as a TLS
// terminating proxy in front of backend would be configured: the Host it
// sends is the backend's, and the public host, scheme and client address
// go in X-Forwarded-*. It returns nginx's address.
func startNginx(t *testing.T, backend string) string {
	t.Helper()
	return nginxtest.Start(t, `	access_log off;
	server {
		listen {listen};
		location / {
			proxy_pass http://`+backend+`;
			proxy_http_version 1.1;
			proxy_set_header Upgrade $http_upgrade;
			proxy_set_header Connection "upgrade";
			proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
			proxy_set_header X-Forwarded-Proto https;
			proxy_set_header X-Forwarded-Host $http_host;
		}
	}`)
}

// Behind a real nginx that sends the backend's own address as Host, a
// browser at the public name gets its websocket only when the proxy is
// trusted: then X-Forwarded-Host is the host the Origin check compares and
// the Host check allows, the client's address is the one logged, and
// X-Forwarded-Proto https makes the request HTTPS. Untrusted, the same
// handshake is refused, as the proxy's headers are not believed.
func TestBehindNginx(t *testing.T) {
	var logs syncbuf.Buffer
	srv := NewServer(counterApp, Options{}, slog.New(slog.NewTextHandler(&logs, nil)))
	var sawHTTPS atomic.Bool
	backend := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if srv.currentGuard().forwarded(r).URL.Scheme == "https" {
			sawHTTPS.Store(true)
		}
		srv.ServeHTTP(w, r)
	}))
	t.Cleanup(backend.Close)
	proxy := startNginx(t, strings.TrimPrefix(backend.URL, "http://"))
	_, port, _ := net.SplitHostPort(proxy)
	public := "app.example:" + port
	dial := func() (*http.Response, error) {
		ws, resp, err := websocket.DefaultDialer.Dial("ws://"+proxy+"/_gost/stream",
			http.Header{"Host": {public}, "Origin": {"https://" + public}, "X-Forwarded-For": {"203.0.113.9"}})
		if err == nil {
			ws.WriteJSON(map[string]any{"t": "hello", "v": 1})
			ws.WriteMessage(websocket.TextMessage, []byte("not json")) // logs a warning with the remote address
			ws.SetReadDeadline(time.Now().Add(5 * time.Second))
			for _, _, err := ws.ReadMessage(); err == nil; _, _, err = ws.ReadMessage() {
			}
			ws.Close()
		}
		return resp, err
	}

	srv.SetConfig(Config{AllowedHosts: []string{"app.example"}})
	if resp, err := dial(); err == nil || resp == nil || resp.StatusCode != http.StatusForbidden {
		t.Errorf("untrusted proxy: %v %v; want the handshake refused by the Origin check (403)", resp, err)
	}

	srv.SetConfig(Config{AllowedHosts: []string{"app.example"}, TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}})
	if _, err := dial(); err != nil {
		t.Fatalf("trusted proxy: %v; want the websocket open", err)
	}
	if !strings.Contains(logs.String(), "remote=203.0.113.9:0") {
		t.Errorf("the log does not show the client's address from X-Forwarded-For:\n%s", logs.String())
	}
	if !sawHTTPS.Load() {
		t.Error("X-Forwarded-Proto https from a trusted proxy did not make the request HTTPS")
	}

	srv.SetConfig(Config{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}})
	if resp, err := dial(); err == nil || resp == nil || resp.StatusCode != http.StatusMisdirectedRequest {
		t.Errorf("trusted proxy, public name not allowed: %v %v; want 421 from the Host check", resp, err)
	}
}
