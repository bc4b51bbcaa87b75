package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gost-dev/gost/internal/syncbuf"
	"github.com/gost-dev/gost/runtime"
)

// TestWaitingPageHostCheck: the error page gost run serves while the app
// does not build answers only for the hosts the app would (runtime's Host
// check: IP literals, loopback names, the listen address's name,
// allowedHosts), health check included, since both show the error; any
// other host gets 421 and one log line naming it.
func TestWaitingPageHostCheck(t *testing.T) {
	t.Parallel()
	appDir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(appDir, ".gost"), 0o755); err != nil {
		t.Fatal(err)
	}
	config := "[server]\nallowedHosts = [\"app.example.com\"]\n"
	if err := os.WriteFile(filepath.Join(appDir, ".gost", "config.toml"), []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	const secret = "app.go:6:14: cannot use \"one\""
	for _, tc := range []struct {
		address string
		host    string
		allowed bool
	}{
		{"127.0.0.1", "127.0.0.1:8501", true},
		{"127.0.0.1", "[::1]:8501", true},
		{"127.0.0.1", "localhost:8501", true},
		{"127.0.0.1", "app.localhost:8501", true},
		{"127.0.0.1", "app.example.com", true}, // allowedHosts
		{"127.0.0.1", "evil.example:8501", false},
		{"127.0.0.1", "evil.example.", false},
		{"dev.internal", "dev.internal:8501", true}, // the listen address's name
		{"dev.internal", "other.internal:8501", false},
		{"0.0.0.0", "evil.example", false}, // a public bind, but allowedHosts says which names
	} {
		for _, path := range []string{"/", "/healthz"} {
			t.Run(tc.address+"/"+tc.host+path, func(t *testing.T) {
				t.Parallel()
				var log syncbuf.Buffer
				page := &waitingPage{app: "app", health: "/healthz", host: runtime.HostCheck(runtime.Options{Address: tc.address}, appDir), log: &log}
				page.setError(secret)
				srv := httptest.NewServer(page)
				defer srv.Close()
				for range 2 {
					req, _ := http.NewRequest("GET", srv.URL+path, nil)
					req.Host = tc.host
					resp, err := http.DefaultClient.Do(req)
					if err != nil {
						t.Fatal(err)
					}
					body, _ := io.ReadAll(resp.Body)
					resp.Body.Close()
					shown := strings.Contains(string(body), secret) || strings.Contains(string(body), "cannot use &#34;one&#34;")
					switch {
					case tc.allowed && (resp.StatusCode != http.StatusServiceUnavailable || !shown):
						t.Errorf("Host %s: %d %q, want 503 with the error", tc.host, resp.StatusCode, body)
					case !tc.allowed && (resp.StatusCode != http.StatusMisdirectedRequest || shown):
						t.Errorf("Host %s: %d %q, want 421 without the error", tc.host, resp.StatusCode, body)
					}
				}
				logged := strings.Count(log.String(), "refused a request for the host")
				if want := map[bool]int{true: 0, false: 1}[tc.allowed]; logged != want {
					t.Errorf("Host %s: %d log lines, want %d:\n%s", tc.host, logged, want, log.String())
				}
				if !tc.allowed && !strings.Contains(log.String(), `allowedHosts = ["`+strings.TrimSuffix(strings.Split(tc.host, ":")[0], ".")+`"]`) {
					t.Errorf("the log does not say how to allow the host:\n%s", log.String())
				}
			})
		}
	}
	t.Run("0.0.0.0 without allowedHosts", func(t *testing.T) {
		t.Parallel()
		page := &waitingPage{app: "app", health: "/healthz", host: runtime.HostCheck(runtime.Options{Address: "0.0.0.0"}, t.TempDir()), log: io.Discard}
		srv := httptest.NewServer(page)
		defer srv.Close()
		req, _ := http.NewRequest("GET", srv.URL+"/", nil)
		req.Host = "anything.example"
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusServiceUnavailable {
			t.Errorf("a public bind with no allowedHosts answers every host, as the app does; got %d", resp.StatusCode)
		}
	})
}
