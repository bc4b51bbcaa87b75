package runtime

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"github.com/gorilla/websocket"
	"github.com/gost-dev/gost/internal/syncbuf"
	"github.com/gost-dev/gost/runtime/auth"
)

// A DNS rebinding page on evil.example, whose name now resolves to
// 127.0.0.1, opens the app's websocket: the browser sends Host and Origin
// evil.example, which agree, so only the host check can refuse it. Allowing
// the name in config lets the same handshake through, which shows it was
// the host check that refused it.
func TestDNSRebindingUpgradeIsRefused(t *testing.T) {
	var logs syncbuf.Buffer
	srv := NewServer(counterApp, Options{}, slog.New(slog.NewTextHandler(&logs, nil)))
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	url := "ws" + strings.TrimPrefix(ts.URL, "http") + "/_gost/stream"
	_, port, _ := strings.Cut(strings.TrimPrefix(ts.URL, "http://"), ":")
	evil := http.Header{"Host": {"evil.example:" + port}, "Origin": {"http://evil.example:" + port}}

	for range 2 {
		_, resp, err := websocket.DefaultDialer.Dial(url, evil)
		if err == nil || resp == nil || resp.StatusCode != http.StatusMisdirectedRequest {
			t.Fatalf("rebinding handshake: err %v, response %v; want 421", err, resp)
		}
	}
	if n := strings.Count(logs.String(), "refused a request"); n != 1 {
		t.Errorf("the refusal was logged %d times, want once with how to allow the name:\n%s", n, logs.String())
	}
	if !strings.Contains(logs.String(), "host=evil.example") {
		t.Errorf("the log does not name the host:\n%s", logs.String())
	}
	resp, err := http.Get(ts.URL + "/healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Errorf("health check: %v %v", resp, err)
	}

	srv.SetConfig(Config{AllowedHosts: []string{"evil.example"}})
	ws, _, err := websocket.DefaultDialer.Dial(url, evil)
	if err != nil {
		t.Fatalf("handshake for an allowed host: %v", err)
	}
	ws.Close()
}

func TestAllowedHost(t *testing.T) {
	login := auth.NewSecrets(map[string]any{"auth": map[string]any{
		"redirect_uri": "https://app.example.org/oauth2callback", "cookie_secret": "0123456789abcdef0123456789abcdef",
		"client_id": "x", "client_secret": "y", "server_metadata_url": "https://op.example/.well-known/openid-configuration",
	}}, "test")
	for _, test := range []struct {
		name    string
		address string
		cfg     Config
		login   bool
		host    string
		want    bool
	}{
		{"loopback name", "", Config{}, false, "localhost:8501", true},
		{"loopback subdomain", "", Config{}, false, "app.localhost:8501", true},
		{"IPv4 literal", "", Config{}, false, "127.0.0.1:8501", true},
		{"IPv6 literal", "", Config{}, false, "[::1]:8501", true},
		{"no port", "", Config{}, false, "localhost", true},
		{"trailing dot", "", Config{}, false, "localhost.:8501", true},
		{"other name", "", Config{}, false, "evil.example:8501", false},
		{"name that ends like localhost", "", Config{}, false, "evillocalhost:8501", false},
		{"listen name", "myhost", Config{}, false, "MyHost:8501", true},
		{"listen IP, other name", "192.0.2.7", Config{}, false, "evil.example", false},
		{"allowed name", "", Config{AllowedHosts: []string{"app.example.com"}}, false, "app.example.com", true},
		{"allowed subdomains", "", Config{AllowedHosts: []string{".example.com"}}, false, "a.b.example.com:443", true},
		{"allowed subdomains, the domain", "", Config{AllowedHosts: []string{".example.com"}}, false, "example.com", true},
		{"allowed subdomains, a lookalike", "", Config{AllowedHosts: []string{".example.com"}}, false, "evilexample.com", false},
		{"allowed star", "", Config{AllowedHosts: []string{"*"}}, false, "anything.example", true},
		{"redirect_uri host", "", Config{}, true, "app.example.org", true},
		{"redirect_uri, other host", "", Config{}, true, "evil.example", false},
		{"public bind, no list", "0.0.0.0", Config{}, false, "evil.example", true},
		{"public bind IPv6, no list", "::", Config{}, false, "evil.example", true},
		{"public bind with a list", "0.0.0.0", Config{AllowedHosts: []string{"app.example.com"}}, false, "evil.example", false},
		{"public bind with a list, listed", "0.0.0.0", Config{AllowedHosts: []string{"app.example.com"}}, false, "app.example.com", true},
	} {
		t.Run(test.name, func(t *testing.T) {
			srv := NewServer(counterApp, Options{Address: test.address}, slog.New(slog.DiscardHandler))
			if test.login {
				srv.SetSecrets(login, nil, 8501)
			}
			srv.SetConfig(test.cfg)
			if got := srv.allowedHost(srv.currentGuard(), test.host); got != test.want {
				t.Errorf("allowedHost(%q) = %v, want %v", test.host, got, test.want)
			}
		})
	}
}

func TestForwardedHeadersOnlyFromTrustedProxies(t *testing.T) {
	trusted := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("::1/128")}
	for _, test := range []struct {
		name                   string
		remote                 string
		headers                map[string]string
		wantRemote, wantScheme string
		wantHost               string
	}{
		{"untrusted peer: ignored", "192.0.2.1:5000",
			map[string]string{"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https", "X-Forwarded-Host": "app.example.com"},
			"192.0.2.1:5000", "", "127.0.0.1:8501"},
		{"trusted proxy: honoured", "10.1.2.3:5000",
			map[string]string{"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https", "X-Forwarded-Host": "app.example.com"},
			"203.0.113.9:0", "https", "app.example.com"},
		{"trusted IPv6 proxy", "[::1]:5000",
			map[string]string{"X-Forwarded-For": "2001:db8::7", "X-Forwarded-Proto": "http"},
			"[2001:db8::7]:0", "http", "127.0.0.1:8501"},
		{"client-written hops on the left are skipped", "10.1.2.3:5000",
			map[string]string{"X-Forwarded-For": "1.2.3.4, 203.0.113.9, 10.9.9.9"},
			"203.0.113.9:0", "", "127.0.0.1:8501"},
		{"garbage hop stops the walk", "10.1.2.3:5000",
			map[string]string{"X-Forwarded-For": "not-an-ip, 10.9.9.9"},
			"10.9.9.9:0", "", "127.0.0.1:8501"},
		{"unknown proto ignored", "10.1.2.3:5000",
			map[string]string{"X-Forwarded-Proto": "gopher"},
			"10.1.2.3:5000", "", "127.0.0.1:8501"},
		{"first proto of a chain", "10.1.2.3:5000",
			map[string]string{"X-Forwarded-Proto": "https, http"},
			"10.1.2.3:5000", "https", "127.0.0.1:8501"},
		{"host with a path ignored", "10.1.2.3:5000",
			map[string]string{"X-Forwarded-Host": "evil.example/x"},
			"10.1.2.3:5000", "", "127.0.0.1:8501"},
	} {
		t.Run(test.name, func(t *testing.T) {
			g := &guard{cfg: Config{TrustedProxies: trusted}}
			r := httptest.NewRequest("GET", "/", nil)
			r.Host = "127.0.0.1:8501"
			r.RemoteAddr = test.remote
			for k, v := range test.headers {
				r.Header.Set(k, v)
			}
			got := g.forwarded(r)
			if got.RemoteAddr != test.wantRemote || got.URL.Scheme != test.wantScheme || got.Host != test.wantHost {
				t.Errorf("got remote %q scheme %q host %q, want %q %q %q", got.RemoteAddr, got.URL.Scheme, got.Host, test.wantRemote, test.wantScheme, test.wantHost)
			}
			if strings.HasPrefix(test.name, "untrusted") && got.Header.Get("X-Forwarded-For")+got.Header.Get("X-Forwarded-Proto")+got.Header.Get("X-Forwarded-Host") != "" {
				t.Errorf("an untrusted peer's X-Forwarded headers reached the app: %v", got.Header)
			}
			if r.RemoteAddr != test.remote || r.Host != "127.0.0.1:8501" {
				t.Errorf("the caller's request was changed")
			}
		})
	}
}

// An absolute request line sets URL.Scheme, which the login layer reads as
// "came over HTTPS"; only a trusted proxy may say that.
func TestAbsoluteRequestLineDoesNotClaimHTTPS(t *testing.T) {
	g := &guard{}
	r := httptest.NewRequest("GET", "https://127.0.0.1:8501/", nil)
	if got := g.forwarded(r); got.URL.Scheme != "" {
		t.Errorf("URL.Scheme = %q from an untrusted client", got.URL.Scheme)
	}
}

func TestPageFramingAndContentPolicy(t *testing.T) {
	srv, ts := testServer(t, counterApp)
	for _, test := range []struct {
		cfg      Config
		wantFA   string
		wantXFO  string
		wantPath string
	}{
		{Config{}, "frame-ancestors 'self'", "SAMEORIGIN", "/"},
		{Config{}, "frame-ancestors 'self'", "SAMEORIGIN", "/app.js"},
		{Config{FrameAncestors: []string{"https://intranet.example.com"}}, "frame-ancestors 'self' https://intranet.example.com", "", "/"},
	} {
		srv.SetConfig(test.cfg)
		resp, err := http.Get(ts.URL + test.wantPath)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		csp := resp.Header.Get("Content-Security-Policy")
		if !strings.HasSuffix(csp, test.wantFA) || !strings.Contains(csp, "script-src 'self';") {
			t.Errorf("GET %s with %+v: Content-Security-Policy %q, want script-src 'self' and %s", test.wantPath, test.cfg, csp, test.wantFA)
		}
		if got := resp.Header.Get("X-Frame-Options"); got != test.wantXFO {
			t.Errorf("GET %s with %+v: X-Frame-Options %q, want %q", test.wantPath, test.cfg, got, test.wantXFO)
		}
	}
}

// TestProbesAnswerAnyHost: an orchestrator or balancer probes with a name
// as Host that no allowedHosts lists; liveness and readiness answer it,
// and the rest of the app does not.
func TestProbesAnswerAnyHost(t *testing.T) {
	t.Parallel()
	srv := NewServer(counterApp, Options{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	for _, tt := range []struct {
		path string
		want int
	}{
		{"/healthz", 200},
		{"/readyz", 200},
		{"/_stcore/health", 200},
		{"/", http.StatusMisdirectedRequest},
		{"/app.js", http.StatusMisdirectedRequest},
	} {
		req := httptest.NewRequest("GET", tt.path, nil)
		req.Host = "probe.internal:8501"
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code != tt.want {
			t.Errorf("GET %s with Host probe.internal:8501: %d, want %d", tt.path, rec.Code, tt.want)
		}
	}
}
