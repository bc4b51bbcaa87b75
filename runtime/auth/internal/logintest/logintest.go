// Package logintest is the harness of the tests that log in through gost's
// login ([auth.Service]) against a real OpenID Provider on loopback: an app
// server with the login routes mounted, and a browser (an HTTP client with
// a cookie jar) to drive it. The tests against the development provider
// (runtime/auth/devprovider) and against the second provider library
// (runtime/auth/fositeprovider) share it; they are modules of their own, so
// that their providers' libraries stay out of the module graph of apps that
// import gost, and a test cannot import another directory's _test.go files.
// Not for use outside those tests.
package logintest

import (
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gost-dev/gost/internal/syncbuf"
	"github.com/gost-dev/gost/runtime/auth"
)

// ClientSecret is a client secret for tests to give their provider;
// [App.AssertNoSecrets] always looks for it in the logs.
const ClientSecret = "client-secret-must-not-leak-42"

// App is a gost app server on 127.0.0.1 with the login layer mounted, and
// a browser (cookie jar) to drive it.
type App struct {
	T       *testing.T
	Srv     *httptest.Server
	Svcs    []*auth.Service  // replicas; the login routes alternate between them
	Svc     *auth.Service    // the first replica, the one the app's page asks
	Logs    *syncbuf.Buffer  // the login's log, debug level
	Browser *http.Client     // follows redirects, recording them in Hops
	Hops    []*http.Response // every redirect response the browser followed
	next    atomic.Int64
}

// Options are the choices of [NewAppWith]. The zero value is one replica
// on the real clock.
type Options struct {
	Replicas int              // > 1 serves alternate login requests from separate Services
	Now      func() time.Time // the services' clock; nil is time.Now
}

// NewApp starts an app whose secrets are made by secrets once the port is
// known.
func NewApp(t *testing.T, secrets func(port int) *auth.Secrets) *App {
	t.Helper()
	return NewAppWith(t, secrets, Options{})
}

// NewAppWith is [NewApp] with replicas or a clock of the test's.
func NewAppWith(t *testing.T, secrets func(port int) *auth.Secrets, o Options) *App {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	a := &App{T: t, Logs: &syncbuf.Buffer{}}
	s := secrets(port)
	for range max(o.Replicas, 1) {
		svc, err := auth.New(s, auth.Options{Port: port, Now: o.Now,
			Logger: slog.New(slog.NewTextHandler(a.Logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
		if err != nil {
			t.Fatalf("New: %v", err)
		}
		a.Svcs = append(a.Svcs, svc)
	}
	a.Svc = a.Svcs[0]
	mux := http.NewServeMux()
	for _, p := range a.Svc.Paths() {
		// a.Svcs is read per request: a test may swap the replicas.
		mux.HandleFunc(p, func(w http.ResponseWriter, r *http.Request) {
			i := a.next.Add(1) % int64(len(a.Svcs))
			a.Svcs[i].Handler().ServeHTTP(w, r)
		})
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "app page "+r.URL.RequestURI())
	})
	a.Srv = httptest.NewUnstartedServer(mux)
	a.Srv.Listener.Close()
	a.Srv.Listener = ln
	a.Srv.Start()
	t.Cleanup(a.Srv.Close)
	a.NewBrowser()
	return a
}

// NewBrowser replaces the browser with a new one, without cookies: another
// person at another computer.
func (a *App) NewBrowser() {
	jar, _ := cookiejar.New(nil)
	a.Hops = nil
	a.Browser = &http.Client{Jar: jar, Timeout: 10 * time.Second,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			a.Hops = append(a.Hops, req.Response)
			if len(via) > 15 {
				return http.ErrUseLastResponse
			}
			return nil
		}}
}

// Get fetches u with the browser, following redirects, and returns the
// final URL and body. header is name, value pairs.
func (a *App) Get(u string, header ...string) (*url.URL, string) {
	a.T.Helper()
	req, err := http.NewRequest("GET", u, nil)
	if err != nil {
		a.T.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := a.Browser.Do(req)
	if err != nil {
		a.T.Fatalf("GET %s: %v", u, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.Request.URL, string(body)
}

// Login runs st.Login for provider up to wherever the redirects end (the
// provider's login page, or the app again).
func (a *App) Login(provider string, opts ...auth.LoginOption) (*url.URL, string) {
	a.T.Helper()
	u, err := a.Svc.LoginURL(provider, opts...)
	if err != nil {
		a.T.Fatalf("LoginURL(%q): %v", provider, err)
	}
	return a.Get(u)
}

// Request is what the browser would send to the app's page now.
func (a *App) Request() *http.Request {
	r := httptest.NewRequest("GET", a.Srv.URL+"/", nil)
	for _, c := range a.Browser.Jar.Cookies(r.URL) {
		r.AddCookie(c)
	}
	return r
}

// User is who the app's page sees with the browser's cookies now.
func (a *App) User() auth.User { return a.Svc.User(a.Request()) }

// Identify is what a websocket handshake of the browser learns now: the
// user, why the last login failed, if it did, and the headers the
// handshake's response would set.
func (a *App) Identify() (auth.User, *auth.LoginFailure, http.Header) {
	h := http.Header{}
	u, f := a.Svc.Identify(h, a.Request())
	return u, f, h
}

// SetCookies returns every Set-Cookie of the redirects followed so far.
func (a *App) SetCookies() []*http.Cookie {
	var out []*http.Cookie
	for _, r := range a.Hops {
		out = append(out, r.Cookies()...)
	}
	return out
}

// AssertNoSecrets fails if a secret, or [ClientSecret], shows up in the logs.
func (a *App) AssertNoSecrets(secrets ...string) {
	a.T.Helper()
	logs := a.Logs.String()
	for _, s := range append(secrets, ClientSecret) {
		if s != "" && strings.Contains(logs, s) {
			a.T.Errorf("logs contain a secret %q:\n%s", s, logs)
		}
	}
}

// Accepts reports whether the provider's userinfo endpoint at userinfo
// accepts token as a bearer token: the check an API of the provider's
// realm makes of an access token.
func Accepts(t testing.TB, userinfo, token string) bool {
	t.Helper()
	req, err := http.NewRequest("GET", userinfo, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var info map[string]any
	json.NewDecoder(resp.Body).Decode(&info)
	return resp.StatusCode == 200 && info["sub"] != nil
}

// Offline edits an app's [auth] table a to ask the provider for a refresh
// token (the offline_access scope) and to expose the access token: the
// [auth] of the tests that watch st.User's token renewed.
func Offline(a map[string]any) {
	a["expose_tokens"] = []any{"access"}
	a["client_kwargs"] = map[string]any{"scope": "openid email profile offline_access"}
}
