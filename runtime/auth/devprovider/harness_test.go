package devprovider_test

import (
	"bytes"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gost-dev/gost/runtime/auth"
)

// This is the part of runtime/auth's test harness (harness_test.go there)
// that the login against the development provider uses. It is a copy
// because this package is its own module, so that the provider's OpenID
// library stays out of the module graph of apps that import gost, and a
// test package cannot import another directory's _test.go files.

const testClientSecret = "client-secret-must-not-leak-42"

// syncBuffer collects log output from handlers running concurrently.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// app is a gost app server on 127.0.0.1 with the login layer mounted, and
// a browser (cookie jar) to drive it.
type app struct {
	t       *testing.T
	srv     *httptest.Server
	svc     *auth.Service
	logs    *syncBuffer
	browser *http.Client
	hops    []*http.Response // every redirect response the browser followed
}

// newApp starts an app whose secrets are made by secrets once the port is
// known.
func newApp(t *testing.T, secrets func(port int) *auth.Secrets) *app {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	a := &app{t: t, logs: &syncBuffer{}}
	a.svc, err = auth.New(secrets(port), auth.Options{Port: port,
		Logger: slog.New(slog.NewTextHandler(a.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	mux := http.NewServeMux()
	for _, p := range a.svc.Paths() {
		mux.Handle(p, a.svc.Handler())
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "app page "+r.URL.RequestURI())
	})
	a.srv = httptest.NewUnstartedServer(mux)
	a.srv.Listener.Close()
	a.srv.Listener = ln
	a.srv.Start()
	t.Cleanup(a.srv.Close)
	jar, _ := cookiejar.New(nil)
	a.browser = &http.Client{Jar: jar, Timeout: 10 * time.Second,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			a.hops = append(a.hops, req.Response)
			if len(via) > 15 {
				return http.ErrUseLastResponse
			}
			return nil
		}}
	return a
}

// get fetches u with the browser, following redirects, and returns the
// final URL and body.
func (a *app) get(u string, header ...string) (*url.URL, string) {
	a.t.Helper()
	req, err := http.NewRequest("GET", u, nil)
	if err != nil {
		a.t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := a.browser.Do(req)
	if err != nil {
		a.t.Fatalf("GET %s: %v", u, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.Request.URL, string(body)
}

// login runs st.Login for provider through to the end.
func (a *app) login(provider string, opts ...auth.LoginOption) (*url.URL, string) {
	a.t.Helper()
	u, err := a.svc.LoginURL(provider, opts...)
	if err != nil {
		a.t.Fatalf("LoginURL(%q): %v", provider, err)
	}
	return a.get(u)
}

// user is who the app's page sees with the browser's cookies now.
func (a *app) user() auth.User {
	r := httptest.NewRequest("GET", a.srv.URL+"/", nil)
	for _, c := range a.browser.Jar.Cookies(r.URL) {
		r.AddCookie(c)
	}
	return a.svc.User(r)
}

// setCookies returns every Set-Cookie of the redirects followed so far.
func (a *app) setCookies() []*http.Cookie {
	var out []*http.Cookie
	for _, r := range a.hops {
		out = append(out, r.Cookies()...)
	}
	return out
}

// assertNoSecrets fails if a secret shows up in the logs.
func (a *app) assertNoSecrets(secrets ...string) {
	a.t.Helper()
	logs := a.logs.String()
	for _, s := range append(secrets, testClientSecret) {
		if s != "" && strings.Contains(logs, s) {
			a.t.Errorf("logs contain a secret %q:\n%s", s, logs)
		}
	}
}
