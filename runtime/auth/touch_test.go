package auth_test

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/gost-dev/gost/runtime/auth"
	"github.com/gost-dev/gost/runtime/auth/authtest"
)

// touch posts to the touch route as the app's page does (with the app's
// Origin unless header says otherwise), with the browser's cookies, and
// keeps what the answer sets, as the browser would.
func (a *app) touch(method string, header ...string) *http.Response {
	a.T.Helper()
	req, err := http.NewRequest(method, a.Srv.URL+"/auth/touch", nil)
	if err != nil {
		a.T.Fatal(err)
	}
	req.Header.Set("Origin", a.Srv.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	for i := 0; i+1 < len(header); i += 2 {
		if header[i+1] == "" {
			req.Header.Del(header[i])
		} else {
			req.Header.Set(header[i], header[i+1])
		}
	}
	resp, err := a.Browser.Do(req)
	if err != nil {
		a.T.Fatalf("%s /auth/touch: %v", method, err)
	}
	resp.Body.Close()
	return resp
}

// idleHour is an [auth] with cookie_idle_timeout = 1h: the touch is due
// every 6 minutes.
func idleHour(m map[string]any) { m["cookie_idle_timeout"] = "1h" }

// TestTouchKeepsAnActiveLoginAlive: a tab's activity, posted to the touch
// route, moves the identity cookie's last-seen on, so a user who works in
// one tab past the idle timeout is still logged in at the next reconnect;
// the cookie from before the touch, which the browser no longer holds,
// would have been logged out by then.
func TestTouchKeepsAnActiveLoginAlive(t *testing.T) {
	p := newProvider(t, authtest.Options{})
	a := newApp(t, secretsFor(p, idleHour), 1)
	a.loginAs(p, "Ada Lovelace", "ada@example.com")
	if got := a.Svc.TouchEvery(); got != 6*time.Minute {
		t.Fatalf("TouchEvery = %v, want a tenth of the idle timeout, 6m", got)
	}
	before := identityCookie(t, a)

	a.clock.Advance(7 * time.Minute)
	resp := a.touch("POST")
	c := identityCookieOf(resp.Cookies())
	if resp.StatusCode != http.StatusNoContent || c == nil || c.Value == "" || c.Value == before.Value {
		t.Fatalf("touch after 7 minutes: %d, Set-Cookie %v; want 204 and a new identity cookie", resp.StatusCode, resp.Cookies())
	}
	if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.MaxAge <= 0 {
		t.Errorf("the renewed cookie lost its attributes: %+v", c)
	}

	// An hour after the login, 54 minutes after the touch.
	a.clock.Advance(54 * time.Minute)
	if u, f, _ := a.Identify(); !u.LoggedIn {
		t.Fatalf("logged out (%+v) 54 minutes after a touch, with cookie_idle_timeout = 1h", f)
	}
	old := a.Request()
	old.Header.Del("Cookie")
	old.AddCookie(before)
	if a.Svc.User(old).LoggedIn {
		t.Error("the cookie from before the touch is still accepted 61 minutes later: the touch did not move last-seen")
	}

	// The touch grants nothing new: the same user and login.
	if u := a.User(); u.Claim("email") != "ada@example.com" || u.SessionKey == "" {
		t.Errorf("after the touch: %+v", u)
	}
}

// TestTouchIsCheap: a touch sooner than a tenth of the timeout after the
// last renewal answers 204 without rewriting the cookie, and without an
// idle timeout there is nothing to touch for.
func TestTouchIsCheap(t *testing.T) {
	p := newProvider(t, authtest.Options{})
	a := newApp(t, secretsFor(p, idleHour), 1)
	a.loginAs(p, "Ada Lovelace", "ada@example.com")
	a.clock.Advance(time.Minute)
	if resp := a.touch("POST"); resp.StatusCode != http.StatusNoContent || len(resp.Cookies()) != 0 {
		t.Errorf("touch a minute after login: %d, Set-Cookie %v; want 204 and nothing set", resp.StatusCode, resp.Cookies())
	}
	none := newApp(t, secretsFor(p, nil), 1)
	if got := none.Svc.TouchEvery(); got != 0 {
		t.Errorf("TouchEvery without cookie_idle_timeout = %v, want 0", got)
	}
}

// TestTouchPathUnderBasePath: the touch route lives under the base path,
// beside login and logout, where the identity cookie is sent.
func TestTouchPathUnderBasePath(t *testing.T) {
	p := newProvider(t, authtest.Options{})
	svc, err := auth.New(secretsFor(p, idleHour)(0), auth.Options{BasePath: "/myapp"})
	if err != nil {
		t.Fatal(err)
	}
	if got := svc.TouchPath(); got != "/myapp/auth/touch" {
		t.Errorf("TouchPath() = %q, want /myapp/auth/touch", got)
	}
}

// TestTouchRefusesUnusableCookies: a cookie that would not log the browser
// in is not renewed: 401, and no cookie set (the page reconnects, and the
// handshake clears the cookie and says why).
func TestTouchRefusesUnusableCookies(t *testing.T) {
	p := newProvider(t, authtest.Options{})
	for _, test := range []struct {
		name  string
		edit  func(map[string]any)
		spoil func(t *testing.T, a *app)
	}{
		{"no cookie", idleHour, func(t *testing.T, a *app) { a.NewBrowser() }},
		{"tampered", idleHour, func(t *testing.T, a *app) {
			c := identityCookie(t, a)
			b := []byte(c.Value)
			b[len(b)/2] ^= 1
			setIdentity(a, string(b))
		}},
		{"idle", idleHour, func(t *testing.T, a *app) { a.clock.Advance(61 * time.Minute) }},
		{"expired (cookie_max_age)", func(m map[string]any) { m["cookie_max_age"] = "1h" }, func(t *testing.T, a *app) {
			a.clock.Advance(61 * time.Minute)
		}},
		{"revoked (logged out everywhere)", idleHour, func(t *testing.T, a *app) {
			a.clock.Advance(7 * time.Minute)
			if err := a.Svc.LogoutEverywhere(t.Context(), a.User()); err != nil {
				t.Fatal(err)
			}
		}},
		{"other cookie_secret", idleHour, func(t *testing.T, a *app) {
			a.clock.Advance(7 * time.Minute)
			a.Svc = a.service(secretsFor(p, func(m map[string]any) {
				idleHour(m)
				m["cookie_secret"] = "another-secret-entirely-0123456789"
			})(a.port()), auth.Options{})
			a.Svcs = []*auth.Service{a.Svc}
		}},
	} {
		t.Run(test.name, func(t *testing.T) {
			a := newApp(t, secretsFor(p, test.edit), 1)
			a.loginAs(p, "Ada Lovelace", "ada@example.com")
			test.spoil(t, a)
			resp := a.touch("POST")
			if resp.StatusCode != http.StatusUnauthorized {
				t.Errorf("touch: %d, want 401", resp.StatusCode)
			}
			if len(resp.Cookies()) != 0 {
				t.Errorf("touch of an unusable cookie set %v, want nothing", resp.Cookies())
			}
		})
	}
}

// setIdentity replaces the browser's identity cookie.
func setIdentity(a *app, value string) {
	u, _ := url.Parse(a.Srv.URL + "/")
	a.Browser.Jar.SetCookies(u, []*http.Cookie{{Name: "gost_auth", Value: value, Path: "/"}})
}

// TestTouchOnlyFromTheApp: only a POST from the app's own page renews
// the cookie. Other methods, a request without Origin or from another
// origin or site, get no cookie even when one is due.
func TestTouchOnlyFromTheApp(t *testing.T) {
	p := newProvider(t, authtest.Options{})
	a := newApp(t, secretsFor(p, idleHour), 1)
	a.loginAs(p, "Ada Lovelace", "ada@example.com")
	a.clock.Advance(7 * time.Minute) // a renewal is due
	for _, test := range []struct {
		name   string
		method string
		header []string
		want   int
	}{
		{"GET", "GET", nil, http.StatusMethodNotAllowed},
		{"PUT", "PUT", nil, http.StatusMethodNotAllowed},
		{"no Origin", "POST", []string{"Origin", "", "Sec-Fetch-Site", ""}, http.StatusForbidden},
		{"foreign Origin", "POST", []string{"Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site"}, http.StatusForbidden},
		{"foreign Origin without Sec-Fetch-Site", "POST", []string{"Origin", "https://evil.example", "Sec-Fetch-Site", ""}, http.StatusForbidden},
		{"same-site sibling", "POST", []string{"Sec-Fetch-Site", "same-site"}, http.StatusForbidden},
		{"null Origin", "POST", []string{"Origin", "null"}, http.StatusForbidden},
	} {
		t.Run(test.name, func(t *testing.T) {
			resp := a.touch(test.method, test.header...)
			if resp.StatusCode != test.want || len(resp.Cookies()) != 0 {
				t.Errorf("%d, Set-Cookie %v; want %d and nothing set", resp.StatusCode, resp.Cookies(), test.want)
			}
			if test.want == http.StatusMethodNotAllowed && resp.Header.Get("Allow") != "POST" {
				t.Errorf("Allow: %q, want POST", resp.Header.Get("Allow"))
			}
		})
	}
	if resp := a.touch("POST"); resp.StatusCode != http.StatusNoContent || identityCookieOf(resp.Cookies()) == nil {
		t.Errorf("the app's own touch after the refused ones: %d, %v; want 204 and a renewed cookie", resp.StatusCode, resp.Cookies())
	}
}
