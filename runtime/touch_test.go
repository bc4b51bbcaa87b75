package runtime

import (
	"encoding/json"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gost-dev/gost/runtime/auth"
	"github.com/gost-dev/gost/runtime/auth/authtest"
)

// idleApp is tutorialApp with cookie_idle_timeout (the least it takes, a
// minute) on a clock the test moves, logged in through the test
// provider: the browser's cookies are in jar.
type idleApp struct {
	t      *testing.T
	srv    *Server
	ts     *httptest.Server
	jar    http.CookieJar
	offset atomic.Int64
}

func newIdleApp(t *testing.T, idle string) *idleApp {
	t.Helper()
	p := authtest.NewServer(t, authtest.Options{})
	srv, ts := testServer(t, tutorialApp)
	a := &idleApp{t: t, srv: srv, ts: ts}
	srv.authNow = func() time.Time { return time.Now().Add(time.Duration(a.offset.Load())) }
	cfg := map[string]any{
		"redirect_uri": ts.URL + "/oauth2callback", "cookie_secret": "0123456789abcdef0123456789abcdef",
		"client_id": p.ClientID, "client_secret": p.ClientSecret, "server_metadata_url": p.MetadataURL,
	}
	if idle != "" {
		cfg["cookie_idle_timeout"] = idle
	}
	srv.SetSecrets(auth.NewSecrets(map[string]any{"auth": cfg}, "test"), nil, 0)
	a.jar, _ = cookiejar.New(nil)
	tab := dialWithCookies(t, ts, a.jar)
	tab.hello("", nil)
	tab.until("done")
	tab.send(map[string]any{"t": "rerun", "trigger": "button:Log in with Microsoft"})
	resp, err := (&http.Client{Jar: a.jar}).Get(tab.until("redirect").URL) // the provider approves at once
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return a
}

func (a *idleApp) advance(d time.Duration) { a.offset.Add(int64(d)) }

// touch posts to the route the login message names, as the page does.
func (a *idleApp) touch(path string) int {
	a.t.Helper()
	req, _ := http.NewRequest("POST", a.ts.URL+path, nil)
	req.Header.Set("Origin", a.ts.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := (&http.Client{Jar: a.jar}).Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// loginMessage is what the server said in a login message.
type loginMessage struct {
	Touch string `json:"touch"`
	Every int64  `json:"every"`
}

// connect opens a tab, as a reconnect does, and returns its first page,
// its notices, and its login message (nil when it had none).
func (a *idleApp) connect() (page string, notices []string, login *loginMessage) {
	a.t.Helper()
	tab := dialWithCookies(a.t, a.ts, a.jar)
	tab.hello("", nil)
	for {
		m := tab.read()
		switch m.T {
		case "notice":
			notices = append(notices, string(m.raw))
		case "login":
			login = new(loginMessage)
			json.Unmarshal(m.raw, login)
		case "done":
			return string(m.raw), notices, login
		}
	}
}

// TestActivityKeepsTheLoginAlive: a tab whose user works past
// cookie_idle_timeout, touching as the login message says, is still
// logged in when it reconnects; a tab nobody uses is logged out at its
// reconnect and told why, and so is one whose touch comes too late.
func TestActivityKeepsTheLoginAlive(t *testing.T) {
	t.Parallel()
	t.Run("active", func(t *testing.T) {
		t.Parallel()
		a := newIdleApp(t, "1m")
		page, _, login := a.connect()
		if !strings.Contains(page, "Welcome") {
			t.Fatalf("not logged in after the login: %s", page)
		}
		if login == nil || login.Touch != "/auth/touch" || login.Every != 6000 {
			t.Fatalf("login message %+v, want the touch route every 6000 ms (a tenth of a minute)", login)
		}
		// Three bursts of work, 25 s apart: 75 s in all, past the timeout.
		for i := range 3 {
			a.advance(25 * time.Second)
			if code := a.touch(login.Touch); code != http.StatusNoContent {
				t.Fatalf("touch %d: %d, want 204", i+1, code)
			}
		}
		a.advance(25 * time.Second)
		if page, notices, _ := a.connect(); !strings.Contains(page, "Welcome") {
			t.Errorf("an active user was logged out at the reconnect, 100 s after login with a 1 minute timeout: %s %v", page, notices)
		}
	})
	t.Run("idle", func(t *testing.T) {
		t.Parallel()
		a := newIdleApp(t, "1m")
		if page, _, _ := a.connect(); !strings.Contains(page, "Welcome") {
			t.Fatalf("not logged in after the login: %s", page)
		}
		a.advance(61 * time.Second)
		page, notices, login := a.connect()
		if strings.Contains(page, "Welcome") || !strings.Contains(page, "This app is private.") {
			t.Errorf("still logged in after 61 idle seconds with a 1 minute timeout: %s", page)
		}
		if !strings.Contains(strings.Join(notices, " "), "inactivity") {
			t.Errorf("notices %v, want the one about inactivity", notices)
		}
		if login != nil {
			t.Errorf("a logged-out tab was told to touch: %+v", login)
		}
	})
	t.Run("touch too late", func(t *testing.T) {
		t.Parallel()
		a := newIdleApp(t, "1m")
		a.connect()
		a.advance(61 * time.Second)
		if code := a.touch("/auth/touch"); code != http.StatusUnauthorized {
			t.Fatalf("touch of an idle login: %d, want 401", code)
		}
		// The page reconnects on a 401: the handshake says why.
		page, notices, _ := a.connect()
		if strings.Contains(page, "Welcome") || !strings.Contains(strings.Join(notices, " "), "inactivity") {
			t.Errorf("after a refused touch the reconnect shows %s, notices %v; want logged out for inactivity", page, notices)
		}
	})
	t.Run("logged out by the server", func(t *testing.T) {
		t.Parallel()
		a := newIdleApp(t, "1m")
		tab := dialWithCookies(t, a.ts, a.jar)
		tab.hello("", nil)
		tab.until("login")
		tab.until("done")
		a.srv.mu.Lock()
		var key string
		for _, sess := range a.srv.sessions {
			if k := sess.userKey(); k != "" {
				key = k
			}
		}
		a.srv.mu.Unlock()
		a.srv.endLogin(key, auth.LoginFailure{Message: "Logged out on all your devices."})
		if m := tab.until("login"); string(m.raw) != `{"t":"login"}` {
			t.Errorf("a tab the server logged out got %s, want a login message that stops its touches", m.raw)
		}
	})
	t.Run("no idle timeout", func(t *testing.T) {
		t.Parallel()
		a := newIdleApp(t, "")
		page, _, login := a.connect()
		if !strings.Contains(page, "Welcome") || login != nil {
			t.Errorf("without cookie_idle_timeout: login message %+v (want none), page %s", login, page)
		}
	})
}
