package auth_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gost-dev/gost/runtime/auth"
	"github.com/gost-dev/gost/runtime/auth/authtest"
	"github.com/gost-dev/gost/runtime/auth/internal/logintest"
)

// secretsFor is an [auth] for p, edited by edit.
func secretsFor(p *authtest.Server, edit func(a map[string]any)) func(int) *auth.Secrets {
	return func(port int) *auth.Secrets {
		a := map[string]any{}
		if edit != nil {
			edit(a)
		}
		return providerSecrets(p, a)(port)
	}
}

// loginAs logs the browser in at p as name <email>; the subject is
// derived from the email, as the development provider's is, so that two
// logins with one email are one user.
func (a *app) loginAs(p *authtest.Server, name, email string) {
	a.T.Helper()
	p.SetUser(map[string]any{"sub": "user-" + email, "name": name, "email": email})
	if page, _ := a.Login(""); page.Host != strings.TrimPrefix(a.Srv.URL, "http://") {
		a.T.Fatalf("login landed on %s, want the app; logs:\n%s", page, a.Logs)
	}
	if !a.User().LoggedIn {
		a.T.Fatalf("not logged in after the provider's login; logs:\n%s", a.Logs)
	}
}

// identifyWith runs svc.Identify for the browser and stores the cookies
// it sets, as the browser would from the websocket handshake's answer.
func (a *app) identifyWith(svc *auth.Service) (auth.User, *auth.LoginFailure, []*http.Cookie) {
	a.T.Helper()
	h := http.Header{}
	u, f := svc.Identify(h, a.Request())
	set := (&http.Response{Header: h}).Cookies()
	base, _ := url.Parse(a.Srv.URL + "/")
	a.Browser.Jar.SetCookies(base, set)
	return u, f, set
}

func (a *app) service(secrets *auth.Secrets, opts auth.Options) *auth.Service {
	a.T.Helper()
	opts.Now = a.clock.Now
	opts.Port = a.port()
	svc, err := auth.New(secrets, opts)
	if err != nil {
		a.T.Fatal(err)
	}
	return svc
}

func (a *app) port() int {
	u, _ := url.Parse(a.Srv.URL)
	var p int
	fmt.Sscan(u.Port(), &p)
	return p
}

func identityCookieOf(cs []*http.Cookie) *http.Cookie {
	for _, c := range cs {
		if c.Name == "gost_auth" {
			return c
		}
	}
	return nil
}

// TestCookieSecretRotation: a new secret listed first keeps everyone
// logged in; their cookies are sealed again with it as they come back, so
// that the old secret can then be dropped without logging anyone out.
func TestCookieSecretRotation(t *testing.T) {
	p := newProvider(t, authtest.Options{})
	const newSecret = "the-new-cookie-secret-0123456789abcdef"
	a := newApp(t, secretsFor(p, logintest.Offline), 1)
	a.loginAs(p, "Ada Lovelace", "ada@example.com")
	with := func(secret any) *auth.Service {
		return a.service(secretsFor(p, func(m map[string]any) { logintest.Offline(m); m["cookie_secret"] = secret })(a.port()), auth.Options{})
	}
	onlyNew := with(newSecret)
	if onlyNew.User(a.Request()).LoggedIn {
		t.Fatal("a cookie of the old secret opened with only the new one configured")
	}
	rotating := with([]any{newSecret, testCookieSecret})
	u, _, set := a.identifyWith(rotating)
	if !u.LoggedIn || u.Claim("email") != "ada@example.com" {
		t.Fatalf("logged out by adding a new secret: %+v", u)
	}
	c := identityCookieOf(set)
	if c == nil || c.Value == "" || c.MaxAge <= 0 || !c.HttpOnly || !setsCookie(set, "gost_auth_tokens") {
		t.Fatalf("the cookies of the old secret were not sealed again: %v", set)
	}
	u, _, _ = a.identifyWith(onlyNew)
	if !u.LoggedIn || u.SessionKey == "" {
		t.Fatal("after the rotation, dropping the old secret logged the user out")
	}
	if tok, err := onlyNew.AccessToken(t.Context(), u.SessionKey); err != nil || tok == "" || !logintest.Accepts(t, p.URL+"/userinfo", tok) {
		t.Errorf("after the rotation the access token is lost: %q, %v", tok, err)
	}
	if u, _, set := a.identifyWith(onlyNew); !u.LoggedIn || identityCookieOf(set) != nil {
		t.Errorf("a cookie of the current secret was rewritten for no reason: %v", set)
	}
}

// TestIdleTimeout: cookie_idle_timeout logs out a browser that was away
// longer than it, while a browser that keeps coming back stays logged in
// up to cookie_max_age.
func TestIdleTimeout(t *testing.T) {
	p := newProvider(t, authtest.Options{})
	secrets := secretsFor(p, func(m map[string]any) {
		m["cookie_idle_timeout"] = "1h"
		m["cookie_max_age"] = "3h"
	})
	t.Run("active", func(t *testing.T) {
		a := newApp(t, secrets, 1)
		a.loginAs(p, "Ada Lovelace", "ada@example.com")
		for i := range 3 { // 3 × 50 min: active throughout, well past the idle timeout
			a.clock.Advance(50 * time.Minute)
			if u, f, _ := a.identifyWith(a.Svc); !u.LoggedIn {
				t.Fatalf("visit %d after 50 minutes: logged out (%+v) although active", i+1, f)
			}
		}
	})
	t.Run("idle", func(t *testing.T) {
		a := newApp(t, secrets, 1)
		a.loginAs(p, "Ada Lovelace", "ada@example.com")
		a.clock.Advance(61 * time.Minute)
		u, f, set := a.identifyWith(a.Svc)
		if u.LoggedIn {
			t.Fatal("still logged in after 61 idle minutes with cookie_idle_timeout = 1h")
		}
		if f == nil || f.Code != auth.FailureIdle || !strings.Contains(f.Message, "inactivity") {
			t.Errorf("failure = %+v, want %q with a message about inactivity", f, auth.FailureIdle)
		}
		if c := identityCookieOf(set); c == nil || c.MaxAge >= 0 {
			t.Errorf("the idle cookie was not cleared: %v", set)
		}
	})
}

// TestMaxAgeBeatsActivity: coming back often does not stretch a login
// past cookie_max_age.
func TestMaxAgeBeatsActivity(t *testing.T) {
	p := newProvider(t, authtest.Options{})
	a := newApp(t, secretsFor(p, func(m map[string]any) {
		m["cookie_idle_timeout"] = "1h"
		m["cookie_max_age"] = "2h"
	}), 1)
	a.loginAs(p, "Ada Lovelace", "ada@example.com")
	for range 2 {
		a.clock.Advance(50 * time.Minute)
		a.identifyWith(a.Svc)
	}
	a.clock.Advance(21 * time.Minute)
	if u, _, _ := a.identifyWith(a.Svc); u.LoggedIn {
		t.Error("activity stretched the login past cookie_max_age")
	}
}

// TestLogoutEverywhere: one call logs a user out of all their browsers,
// on every replica sharing the revocations, and no one else.
func TestLogoutEverywhere(t *testing.T) {
	p := newProvider(t, authtest.Options{})
	shared := &auth.MemoryRevocations{}
	var a, b, other *app
	a = newApp(t, secretsFor(p, nil), 1)
	replica := func(x *app) *auth.Service {
		return x.service(secretsFor(p, nil)(a.port()), auth.Options{Revocations: shared})
	}
	// Three browsers on the same app: two of Ada's, one of Grace's.
	svc := replica(a)
	a.Svcs, a.Svc = []*auth.Service{svc}, svc
	var mu sync.Mutex
	var ended []string
	svc.OnEnded(func(key string, why auth.LoginFailure) {
		mu.Lock()
		defer mu.Unlock()
		if why.Code == auth.FailureRevoked {
			ended = append(ended, key)
		}
	})
	a.loginAs(p, "Ada Lovelace", "ada@example.com")
	ada1, _, _ := a.identifyWith(svc)
	b = &app{&logintest.App{T: t, Srv: a.Srv, Svcs: a.Svcs, Svc: svc, Logs: a.Logs}, a.clock}
	b.NewBrowser()
	b.loginAs(p, "Ada Lovelace", "ada@example.com")
	ada2, _, _ := b.identifyWith(svc)
	other = &app{&logintest.App{T: t, Srv: a.Srv, Svcs: a.Svcs, Svc: svc, Logs: a.Logs}, a.clock}
	other.NewBrowser()
	other.loginAs(p, "Grace Hopper", "grace@example.com")
	grace, _, _ := other.identifyWith(svc)
	if ada1.SessionKey == ada2.SessionKey || auth.UserID(ada1.Claims) != auth.UserID(ada2.Claims) {
		t.Fatalf("want two logins of one user: %v / %v", ada1, ada2)
	}

	if err := svc.LogoutEverywhere(t.Context(), ada1); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	got := slices.Sorted(slices.Values(ended))
	mu.Unlock()
	if want := slices.Sorted(slices.Values([]string{ada1.SessionKey, ada2.SessionKey})); !slices.Equal(got, want) {
		t.Errorf("OnEnded(revoked) got keys %q, want Ada's two %q", got, want)
	}
	otherReplica := replica(a)
	for _, x := range []*app{a, b} {
		if otherReplica.User(x.Request()).LoggedIn {
			t.Error("another replica sharing the revocations accepts a cookie of Ada after log out everywhere")
		}
		if u, f, _ := x.identifyWith(svc); u.LoggedIn || f == nil || f.Code != auth.FailureRevoked {
			t.Errorf("a browser of Ada after log out everywhere: logged in %v, failure %+v", u.LoggedIn, f)
		}
	}
	if u, _, _ := other.identifyWith(otherReplica); !u.LoggedIn || u.SessionKey != grace.SessionKey {
		t.Error("log out everywhere of Ada logged Grace out")
	}
	a.loginAs(p, "Ada Lovelace", "ada@example.com")
	if u, _, _ := a.identifyWith(otherReplica); !u.LoggedIn {
		t.Error("Ada cannot log in again after logging out everywhere")
	}
	if err := svc.LogoutEverywhere(t.Context(), auth.User{}); err == nil {
		t.Error("LogoutEverywhere of a logged-out User succeeded")
	}
}

// brokenRevocations is a shared store that cannot be reached.
type brokenRevocations struct{ down bool }

func (b *brokenRevocations) Generation(context.Context, string) (uint64, error) {
	if b.down {
		return 0, errors.New("redis: connection refused")
	}
	return 0, nil
}

func (b *brokenRevocations) Revoke(context.Context, string) (uint64, error) {
	return 0, errors.New("redis: connection refused")
}

// TestRevocationsDownFailsClosed: when revocations cannot be read, a
// cookie is refused rather than risk accepting a revoked one, logins
// fail visibly, and log out everywhere reports the error.
func TestRevocationsDownFailsClosed(t *testing.T) {
	p := newProvider(t, authtest.Options{})
	rev := &brokenRevocations{}
	a := newApp(t, secretsFor(p, nil), 1)
	svc := a.service(secretsFor(p, nil)(a.port()), auth.Options{Revocations: rev})
	a.Svcs, a.Svc = []*auth.Service{svc}, svc
	a.loginAs(p, "Ada Lovelace", "ada@example.com")
	u := a.User()
	rev.down = true
	if a.User().LoggedIn {
		t.Error("a cookie was accepted while revocations could not be read")
	}
	if err := svc.LogoutEverywhere(t.Context(), u); err == nil || !strings.Contains(err.Error(), "connection refused") {
		t.Errorf("LogoutEverywhere with the store down: %v", err)
	}
	a.NewBrowser()
	a.Login("")
	if _, f, _ := a.identifyWith(svc); f == nil || f.Code != auth.FailureUnreachable {
		t.Errorf("login with the store down: failure %+v, want %q", f, auth.FailureUnreachable)
	}
}
