package auth_test

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gost-dev/gost/runtime/auth"
	"github.com/gost-dev/gost/runtime/auth/authtest"
	"github.com/gost-dev/gost/runtime/auth/internal/logintest"
)

// offlineSecrets asks the provider for a refresh token and exposes the
// access token.
func offlineSecrets(p *authtest.Server) func(int) *auth.Secrets {
	return secretsFor(p, logintest.Offline)
}

// revoke revokes token at the provider's revocation endpoint (RFC 7009),
// as an administrator or the user's "sign out of all apps" would.
func revoke(t *testing.T, p *authtest.Server, token string) {
	t.Helper()
	req, _ := http.NewRequest("POST", p.URL+"/revoke",
		strings.NewReader(url.Values{"token": {token}, "token_type_hint": {"refresh_token"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(p.ClientID, p.ClientSecret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("revocation: %s", resp.Status)
	}
}

// endings records OnEnded calls.
type endings struct {
	mu  sync.Mutex
	got map[string]auth.FailureCode
}

func (e *endings) watch(svc *auth.Service) *endings {
	svc.OnEnded(func(key string, why auth.LoginFailure) {
		e.mu.Lock()
		defer e.mu.Unlock()
		if e.got == nil {
			e.got = map[string]auth.FailureCode{}
		}
		e.got[key] = why.Code
	})
	return e
}

// wait returns the code key ended with, waiting up to two seconds since
// OnEnded runs in its own goroutine.
func (e *endings) wait(key string) auth.FailureCode { return e.within(key, 200) }

// none reports whether key did not end within 0.2 s, long enough for a
// goroutine started before the call to have run.
func (e *endings) none(key string) bool { return e.within(key, 20) == "" }

func (e *endings) within(key string, tries int) auth.FailureCode {
	for range tries {
		e.mu.Lock()
		c, ok := e.got[key]
		e.mu.Unlock()
		if ok {
			return c
		}
		time.Sleep(10 * time.Millisecond)
	}
	return ""
}

// TestRefresh: the access token is renewed before it expires, on this
// replica and after a restart, the refresh token never shows in clear,
// and a refresh token revoked at the provider ends the login cleanly.
func TestRefresh(t *testing.T) {
	p := newProvider(t, authtest.Options{})
	a := newApp(t, offlineSecrets(p), 1)
	ended := new(endings).watch(a.Svc)
	a.loginAs(p, "Ada Lovelace", "ada@example.com")
	u, _, _ := a.identifyWith(a.Svc)
	key := u.SessionKey
	if u.AccessToken == "" || !logintest.Accepts(t, p.URL+"/userinfo", u.AccessToken) {
		t.Fatalf("no working access token after login: %q", u.AccessToken)
	}
	refreshToken := a.Svc.RefreshTokenOf(key)
	if !strings.HasPrefix(refreshToken, "refresh-") {
		t.Fatalf("no refresh token from the provider with offline_access: %q", refreshToken)
	}
	base, _ := url.Parse(a.Srv.URL + "/")
	for _, c := range append(a.Browser.Jar.Cookies(base), a.SetCookies()...) {
		if strings.Contains(c.Value, refreshToken) || strings.Contains(c.Value, "refresh-") {
			t.Errorf("cookie %s holds the refresh token in clear", c.Name)
		}
	}

	tok, err := a.Svc.AccessToken(t.Context(), key)
	if err != nil || tok != u.AccessToken {
		t.Fatalf("AccessToken of a fresh login = %q, %v; want the login's token", tok, err)
	}
	a.clock.Advance(56 * time.Minute) // 4 minutes left of the hour: due
	tok2, err := a.Svc.AccessToken(t.Context(), key)
	if err != nil || tok2 == tok || !logintest.Accepts(t, p.URL+"/userinfo", tok2) {
		t.Fatalf("AccessToken 4 minutes before expiry = %q, %v; want a new working token; logs:\n%s", tok2, err, a.Logs)
	}
	if tok3, _ := a.Svc.AccessToken(t.Context(), key); tok3 != tok2 {
		t.Errorf("a fresh token was refreshed again: %q then %q", tok2, tok3)
	}

	// The browser's next handshake takes the new tokens; a restarted
	// server (a new Service with the same secrets) carries on from them.
	_, _, set := a.identifyWith(a.Svc)
	if !setsCookie(set, "gost_auth_tokens") {
		t.Errorf("the refreshed tokens were not written back to the browser: %v", set)
	}
	restarted := a.service(offlineSecrets(p)(a.port()), auth.Options{})
	ended2 := new(endings).watch(restarted)
	if u, _, _ := a.identifyWith(restarted); u.AccessToken != tok2 {
		t.Errorf("after a restart the access token is %q, want the refreshed %q", u.AccessToken, tok2)
	}
	a.clock.Advance(57 * time.Minute)
	tok4, err := restarted.AccessToken(t.Context(), key)
	if err != nil || tok4 == tok2 || !logintest.Accepts(t, p.URL+"/userinfo", tok4) {
		t.Fatalf("refresh after a restart = %q, %v; want a new working token", tok4, err)
	}

	revoke(t, p, refreshToken)
	a.clock.Advance(57 * time.Minute)
	if _, err := restarted.AccessToken(t.Context(), key); !errors.Is(err, auth.ErrLoginEnded) {
		t.Fatalf("refresh with a revoked refresh token: %v, want ErrLoginEnded", err)
	}
	// Asked again in the same run (st.User asks, then the app), the ended
	// login is still an ended login, not a missing token.
	if _, err := restarted.AccessToken(t.Context(), key); !errors.Is(err, auth.ErrLoginEnded) {
		t.Errorf("AccessToken after the login ended: %v, want ErrLoginEnded", err)
	}
	if code := ended2.wait(key); code != auth.FailureEnded {
		t.Errorf("OnEnded got %q, want %q", code, auth.FailureEnded)
	}
	if !ended.none(key) {
		t.Error("a replica that did not end the login was told it ended")
	}
	u, f, set := a.identifyWith(restarted)
	if u.LoggedIn || f == nil || f.Code != auth.FailureEnded || !strings.Contains(f.Message, "log in again") {
		t.Errorf("after the refused refresh: logged in %v, failure %+v", u.LoggedIn, f)
	}
	if !clears(set, "gost_auth") || !clears(set, "gost_auth_tokens") {
		t.Errorf("the ended login's cookies were not cleared: %v", set)
	}
	a.assertNoSecrets(refreshToken, p.ClientSecret)
}

// TestRefreshProviderDown: while the provider is down the app keeps the
// current token until it expires, then the login ends and asks for login.
func TestRefreshProviderDown(t *testing.T) {
	p := newProvider(t, authtest.Options{})
	a := newApp(t, offlineSecrets(p), 1)
	ended := new(endings).watch(a.Svc)
	a.loginAs(p, "Ada Lovelace", "ada@example.com")
	u, _, _ := a.identifyWith(a.Svc)
	p.Close() // the provider goes down
	a.clock.Advance(57 * time.Minute)
	tok, err := a.Svc.AccessToken(t.Context(), u.SessionKey)
	if err != nil || tok != u.AccessToken {
		t.Fatalf("provider down, token still valid: %q, %v; want the current token", tok, err)
	}
	if !strings.Contains(a.Logs.String(), "keeping the current access token") {
		t.Errorf("the failed refresh was not logged:\n%s", a.Logs)
	}
	if !ended.none(u.SessionKey) {
		t.Fatal("the login ended while its token was still valid")
	}
	a.clock.Advance(4 * time.Minute) // past the hour
	if _, err := a.Svc.AccessToken(t.Context(), u.SessionKey); !errors.Is(err, auth.ErrLoginEnded) {
		t.Fatalf("provider down, token expired: %v, want ErrLoginEnded", err)
	}
	if code := ended.wait(u.SessionKey); code != auth.FailureEnded {
		t.Errorf("OnEnded got %q, want %q", code, auth.FailureEnded)
	}
	if u, f, _ := a.identifyWith(a.Svc); u.LoggedIn || f == nil || f.Code != auth.FailureEnded {
		t.Errorf("after expiry with the provider down: logged in %v, failure %+v", u.LoggedIn, f)
	}
}

// TestNoRefreshTokenWithoutOfflineAccess: without offline_access the
// token is handed out until it expires, then AccessToken says why and the
// login itself goes on.
func TestNoRefreshTokenWithoutOfflineAccess(t *testing.T) {
	p := newProvider(t, authtest.Options{})
	a := newApp(t, secretsFor(p, func(m map[string]any) { m["expose_tokens"] = "access" }), 1)
	a.loginAs(p, "Ada Lovelace", "ada@example.com")
	u, _, _ := a.identifyWith(a.Svc)
	if a.Svc.RefreshTokenOf(u.SessionKey) != "" {
		t.Error("a refresh token without offline_access")
	}
	if tok, err := a.Svc.AccessToken(t.Context(), u.SessionKey); err != nil || tok != u.AccessToken {
		t.Fatalf("AccessToken = %q, %v", tok, err)
	}
	a.clock.Advance(61 * time.Minute)
	if _, err := a.Svc.AccessToken(t.Context(), u.SessionKey); !errors.Is(err, auth.ErrAccessTokenExpired) {
		t.Errorf("expired without refresh token: %v, want ErrAccessTokenExpired", err)
	}
	if u, _, _ := a.identifyWith(a.Svc); !u.LoggedIn {
		t.Error("the login ended because the access token expired")
	}
	if _, err := a.Svc.AccessToken(t.Context(), "no-such-login"); !errors.Is(err, auth.ErrNoAccessToken) {
		t.Errorf("AccessToken of an unknown login: %v, want ErrNoAccessToken", err)
	}
}

func setsCookie(cs []*http.Cookie, name string) bool {
	for _, c := range cs {
		if c.Name == name && c.MaxAge > 0 && c.Value != "" {
			return true
		}
	}
	return false
}

func clears(cs []*http.Cookie, name string) bool {
	for _, c := range cs {
		if c.Name == name && c.MaxAge < 0 {
			return true
		}
	}
	return false
}

// TestRefreshIDTokenMustNameTheSameUser: an ID token in a refresh answer
// is checked (OpenID Connect Core 12.2); one about another user, or
// forged, ends the login rather than renew it.
func TestRefreshIDTokenMustNameTheSameUser(t *testing.T) {
	for _, test := range []struct {
		name   string
		tamper func(*authtest.Token)
		reason string // "" renews
	}{
		{"honest", func(*authtest.Token) {}, ""},
		{"another user", func(tk *authtest.Token) { tk.Claims["sub"] = "someone-else" }, "12.2"},
		{"another audience", func(tk *authtest.Token) { tk.Claims["aud"] = "other-client" }, "rule 3"},
		{"forged", func(tk *authtest.Token) { tk.ForeignKey = true }, "rule 6"},
	} {
		t.Run(test.name, func(t *testing.T) {
			p := newProvider(t, authtest.Options{})
			a := newApp(t, providerSecrets(p, map[string]any{"expose_tokens": "access",
				"client_kwargs": map[string]any{"scope": "openid email profile offline_access"}}), 1)
			a.Login("")
			u, _, _ := a.identifyWith(a.Svc)
			p.Tamper(func(tk *authtest.Token) {
				if tk.Refresh {
					test.tamper(tk)
				}
			})
			a.clock.Advance(56 * time.Minute)
			tok, err := a.Svc.AccessToken(t.Context(), u.SessionKey)
			if test.reason == "" {
				if err != nil || tok == u.AccessToken {
					t.Fatalf("honest refresh: %q, %v; logs:\n%s", tok, err, a.Logs)
				}
				return
			}
			if !errors.Is(err, auth.ErrLoginEnded) || !strings.Contains(a.Logs.String(), test.reason) {
				t.Errorf("refresh with an ID token breaking %s: %v; logs:\n%s", test.reason, err, a.Logs)
			}
		})
	}
}
