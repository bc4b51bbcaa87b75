package auth_test

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
	"sync/atomic"
	"testing"
	"time"

	"github.com/gost-dev/gost/runtime/auth"
	"github.com/gost-dev/gost/runtime/auth/authtest"
)

const (
	testCookieSecret = "cookie-secret-0123456789abcdef-do-not-leak"
	testClientSecret = "client-secret-must-not-leak-42"
)

// clock is a settable time source shared by the app's services.
type clock struct{ offset atomic.Int64 }

func (c *clock) Now() time.Time          { return time.Now().Add(time.Duration(c.offset.Load())) }
func (c *clock) Advance(d time.Duration) { c.offset.Add(int64(d)) }

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
	svcs    []*auth.Service // replicas; requests alternate between them
	svc     *auth.Service
	clock   *clock
	logs    *syncBuffer
	browser *http.Client
	hops    []*http.Response // every redirect response the browser followed
	next    atomic.Int64
}

// newApp starts an app whose secrets are made by secrets once the port is
// known. replicas > 1 serves alternate requests from separate Services.
func newApp(t *testing.T, secrets func(port int) *auth.Secrets, replicas int) *app {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	a := &app{t: t, clock: &clock{}, logs: &syncBuffer{}}
	s := secrets(port)
	for range max(replicas, 1) {
		svc, err := auth.New(s, auth.Options{Port: port, Now: a.clock.Now,
			Logger: slog.New(slog.NewTextHandler(a.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
		if err != nil {
			t.Fatalf("New: %v", err)
		}
		a.svcs = append(a.svcs, svc)
	}
	a.svc = a.svcs[0]
	mux := http.NewServeMux()
	for _, p := range a.svc.Paths() {
		mux.HandleFunc(p, func(w http.ResponseWriter, r *http.Request) {
			i := a.next.Add(1) % int64(len(a.svcs))
			a.svcs[i].Handler().ServeHTTP(w, r)
		})
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "app page "+r.URL.RequestURI())
	})
	a.srv = httptest.NewUnstartedServer(mux)
	a.srv.Listener.Close()
	a.srv.Listener = ln
	a.srv.Start()
	t.Cleanup(a.srv.Close)
	a.newBrowser()
	return a
}

// newBrowser replaces the browser with one that has no cookies.
func (a *app) newBrowser() {
	jar, _ := cookiejar.New(nil)
	a.hops = nil
	a.browser = &http.Client{Jar: jar, Timeout: 10 * time.Second,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			a.hops = append(a.hops, req.Response)
			if len(via) > 15 {
				return http.ErrUseLastResponse
			}
			return nil
		}}
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

// request is what the browser would send to the app's page now.
func (a *app) request() *http.Request {
	r := httptest.NewRequest("GET", a.srv.URL+"/", nil)
	for _, c := range a.browser.Jar.Cookies(r.URL) {
		r.AddCookie(c)
	}
	return r
}

func (a *app) user() auth.User { return a.svc.User(a.request()) }

// identify is the runtime's websocket-upgrade call.
func (a *app) identify() (auth.User, *auth.LoginFailure, http.Header) {
	h := http.Header{}
	u, f := a.svc.Identify(h, a.request())
	return u, f, h
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
	for _, s := range append(secrets, testCookieSecret, testClientSecret) {
		if s != "" && strings.Contains(logs, s) {
			a.t.Errorf("logs contain a secret %q:\n%s", s, logs)
		}
	}
}

// providerSecrets is an [auth] for the test provider p, with extra keys.
func providerSecrets(p *authtest.Server, extra map[string]any) func(int) *auth.Secrets {
	return func(int) *auth.Secrets {
		a := map[string]any{
			"redirect_uri":        "http://127.0.0.1:{port}/oauth2callback",
			"cookie_secret":       testCookieSecret,
			"client_id":           p.ClientID,
			"client_secret":       p.ClientSecret,
			"server_metadata_url": p.MetadataURL,
		}
		for k, v := range extra {
			a[k] = v
		}
		return auth.NewSecrets(map[string]any{"auth": a}, ".streamlit/secrets.toml")
	}
}

func newProvider(t *testing.T, opts authtest.Options) *authtest.Server {
	if opts.ClientSecret == "" {
		opts.ClientSecret = testClientSecret
	}
	return authtest.NewServer(t, opts)
}
