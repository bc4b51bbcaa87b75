package auth_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gost-dev/gost/runtime/auth"
	"github.com/gost-dev/gost/runtime/auth/authtest"
)

func loggedInApp(t *testing.T, extra map[string]any) (*app, *authtest.Server) {
	t.Helper()
	p := newProvider(t, authtest.Options{EndSession: true})
	a := newApp(t, providerSecrets(p, extra), 1)
	a.Login("")
	if !a.User().LoggedIn {
		t.Fatalf("login failed; logs:\n%s", a.Logs)
	}
	return a, p
}

func identityCookie(t *testing.T, a *app) *http.Cookie {
	t.Helper()
	u, _ := url.Parse(a.Srv.URL)
	for _, c := range a.Browser.Jar.Cookies(u) {
		if c.Name == "gost_auth" {
			return c
		}
	}
	t.Fatal("no identity cookie in the browser")
	return nil
}

func TestBadIdentityCookiesAreLoggedOutAndCleared(t *testing.T) {
	a, _ := loggedInApp(t, nil)
	good := identityCookie(t, a)
	other, err := auth.New(auth.NewSecrets(map[string]any{"auth": map[string]any{
		"redirect_uri": "http://127.0.0.1/oauth2callback", "cookie_secret": "another-secret-entirely-0123456789",
		"client_id": "c", "client_secret": "s", "server_metadata_url": "https://example.com/.well-known/openid-configuration",
	}}, "x"), auth.Options{})
	if err != nil {
		t.Fatal(err)
	}
	flipped := []byte(good.Value)
	flipped[len(flipped)/2] ^= 1
	for _, test := range []struct {
		name  string
		svc   *auth.Service
		value string
	}{
		{"tampered", a.Svc, string(flipped)},
		{"truncated", a.Svc, good.Value[:len(good.Value)-5]},
		{"garbage", a.Svc, "not-a-cookie"},
		{"other cookie_secret (rotated)", other, good.Value},
	} {
		t.Run(test.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			r.AddCookie(&http.Cookie{Name: "gost_auth", Value: test.value})
			if u := test.svc.User(r); u.LoggedIn {
				t.Errorf("User = %+v, want logged out", u)
			}
			h := http.Header{}
			test.svc.Identify(h, r)
			if !strings.Contains(strings.Join(h.Values("Set-Cookie"), "\n"), "gost_auth=;") {
				t.Errorf("Identify did not clear the cookie: %v", h)
			}
		})
	}
}

func TestIdentityCookieExpires(t *testing.T) {
	a, _ := loggedInApp(t, nil)
	a.clock.Advance(29 * 24 * time.Hour)
	if !a.User().LoggedIn {
		t.Fatal("logged out after 29 days; the cookie lasts 30")
	}
	a.clock.Advance(2 * 24 * time.Hour)
	if a.User().LoggedIn {
		t.Fatal("still logged in after 31 days")
	}
}

func TestCookieMaxAge(t *testing.T) {
	a, _ := loggedInApp(t, map[string]any{"cookie_max_age": int64(3600)})
	var maxAge int
	for _, c := range a.SetCookies() {
		if c.Name == "gost_auth" && c.Value != "" {
			maxAge = c.MaxAge
		}
	}
	if maxAge != 3600 {
		t.Errorf("identity cookie Max-Age = %d, want 3600", maxAge)
	}
	a.clock.Advance(30 * time.Minute)
	if !a.User().LoggedIn {
		t.Fatal("logged out after 30 minutes of a 1 hour cookie")
	}
	a.clock.Advance(31 * time.Minute)
	if a.User().LoggedIn {
		t.Fatal("still logged in after the 1 hour cookie_max_age")
	}
}

func TestLargeClaimsAreDroppedNotChunked(t *testing.T) {
	p := newProvider(t, authtest.Options{})
	var groups []string
	for i := range 300 {
		groups = append(groups, fmt.Sprintf("%08d-0000-0000-0000-000000000000", i))
	}
	p.SetUser(map[string]any{"sub": "s", "name": "Ada", "email": "ada@example.com", "groups": groups, "department": "R&D"})
	a := newApp(t, providerSecrets(p, nil), 1)
	a.Login("")
	u := a.User()
	if !u.LoggedIn || u.Claim("email") != "ada@example.com" || u.Claim("department") != "R&D" {
		t.Fatalf("User = %+v, want logged in with email and the small extra claim", u)
	}
	if _, ok := u.Claims["groups"]; ok {
		t.Error("the oversized groups claim was kept")
	}
	for _, c := range a.SetCookies() {
		if strings.HasPrefix(c.Name, "gost_auth") && len(c.Name)+1+len(c.Value) > 3500 {
			t.Errorf("cookie %s is %d bytes, over 3500", c.Name, len(c.Value))
		}
		if strings.HasPrefix(c.Name, "gost_auth_") && strings.HasSuffix(c.Name, "_1") {
			t.Errorf("chunk cookie %s", c.Name)
		}
	}
	for _, k := range []string{"nonce", "aud", "exp"} {
		if _, ok := u.Claims[k]; ok {
			t.Errorf("protocol claim %s kept in st.User", k)
		}
	}
}

func TestExposeTokens(t *testing.T) {
	for _, test := range []struct {
		expose             any
		wantID, wantAccess bool
	}{
		{nil, false, false},
		{"id", true, false},
		{"access", false, true},
		{[]any{"id", "access"}, true, true},
	} {
		t.Run(fmt.Sprint(test.expose), func(t *testing.T) {
			extra := map[string]any{}
			if test.expose != nil {
				extra["expose_tokens"] = test.expose
			}
			a, _ := loggedInApp(t, extra)
			u := a.User()
			if (u.IDToken != "") != test.wantID || (u.AccessToken != "") != test.wantAccess {
				t.Errorf("IDToken %q AccessToken %q, want id %v access %v", u.IDToken, u.AccessToken, test.wantID, test.wantAccess)
			}
			if test.wantID && strings.Count(u.IDToken, ".") != 2 {
				t.Errorf("IDToken %q is not a JWT", u.IDToken)
			}
		})
	}
}

func TestLogoutWithEndSession(t *testing.T) {
	a, p := loggedInApp(t, nil)
	a.Hops = nil
	page, _ := a.Get(a.Svc.LogoutURL())
	if page.Path != "/" || a.User().LoggedIn {
		t.Fatalf("after logout at %s, logged in %v", page, a.User().LoggedIn)
	}
	var end *url.URL
	for _, h := range a.Hops {
		if l, _ := h.Location(); l != nil && strings.HasPrefix(l.String(), p.URL+"/logout") {
			end = l
		}
	}
	if end == nil {
		t.Fatal("logout did not go to end_session_endpoint")
	}
	q := end.Query()
	if q.Get("tenant") != "kept" || q.Get("client_id") != p.ClientID || q.Get("id_token_hint") == "" || q.Get("post_logout_redirect_uri") == "" {
		t.Errorf("end_session URL %s lost its own query or lacks a parameter", end)
	}
}

func TestLogoutWithoutEndSessionReturnsToApp(t *testing.T) {
	p := newProvider(t, authtest.Options{})
	a := newApp(t, providerSecrets(p, nil), 1)
	a.Login("")
	page, _ := a.Get(a.Svc.LogoutURL())
	if page.String() != a.Srv.URL+"/" || a.User().LoggedIn {
		t.Errorf("logout went to %s, logged in %v", page, a.User().LoggedIn)
	}
}

func TestCrossSiteProtection(t *testing.T) {
	p := newProvider(t, authtest.Options{})
	a := newApp(t, providerSecrets(p, nil), 1)
	goodLogin, _ := a.Svc.LoginURL("")
	loginPath := a.Srv.URL + "/auth/login"
	for _, test := range []struct {
		name   string
		url    func() string
		header []string
	}{
		{"cross-site link", func() string { return goodLogin }, []string{"Sec-Fetch-Site", "cross-site"}},
		{"same-site sibling", func() string { return goodLogin }, []string{"Sec-Fetch-Site", "same-site"}},
		{"foreign Origin", func() string { return goodLogin }, []string{"Origin", "https://evil.example"}},
		{"no token", func() string { return loginPath }, nil},
		{"forged token", func() string { return loginPath + "?provider=eyJwIjoiZGVmYXVsdCJ9" }, nil},
		{"expired token", func() string { u, _ := a.Svc.LoginURL(""); a.clock.Advance(3 * time.Minute); return u }, nil},
	} {
		t.Run(test.name, func(t *testing.T) {
			a.NewBrowser()
			before := len(p.Authorizations())
			page, _ := a.Get(test.url(), test.header...)
			if len(p.Authorizations()) != before || page.Host != strings.TrimPrefix(a.Srv.URL, "http://") {
				t.Fatalf("login went to the provider (now at %s)", page)
			}
			if _, f, _ := a.Identify(); f == nil || f.Code != auth.FailureLink {
				t.Errorf("failure = %+v, want %q", f, auth.FailureLink)
			}
		})
	}

	for _, test := range []struct {
		name   string
		url    func() string
		header []string
	}{
		{"cross-site logout", a.Svc.LogoutURL, []string{"Sec-Fetch-Site", "cross-site"}},
		{"logout without token", func() string { return a.Srv.URL + "/auth/logout" }, nil},
		{"logout with expired token", func() string { u := a.Svc.LogoutURL(); a.clock.Advance(3 * time.Minute); return u }, nil},
	} {
		t.Run(test.name, func(t *testing.T) {
			a.NewBrowser()
			a.Login("")
			a.Get(test.url(), test.header...)
			if !a.User().LoggedIn {
				t.Error("logged out by a request that did not come from the app")
			}
		})
	}
}

// stopAtCallback runs a login up to the provider's redirect to the
// callback and returns that callback URL, not yet visited.
func stopAtCallback(t *testing.T, a *app) string {
	t.Helper()
	var callback string
	a.Browser.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if req.URL.Path == "/oauth2callback" {
			callback = req.URL.String()
			return http.ErrUseLastResponse
		}
		return nil
	}
	defer a.newBrowserKeepingJar()
	u, _ := a.Svc.LoginURL("")
	resp, err := a.Browser.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if callback == "" {
		t.Fatal("never reached the callback")
	}
	return callback
}

func (a *app) newBrowserKeepingJar() {
	jar := a.Browser.Jar
	a.NewBrowser()
	a.Browser.Jar = jar
}

func TestCallbackReplayAndState(t *testing.T) {
	t.Run("replayed in the same browser", func(t *testing.T) {
		p := newProvider(t, authtest.Options{})
		a := newApp(t, providerSecrets(p, nil), 1)
		cb := stopAtCallback(t, a)
		a.Get(cb)
		if !a.User().LoggedIn {
			t.Fatal("first callback did not log in")
		}
		a.Hops = nil
		a.Get(cb)
		if !hasCookie(a.SetCookies(), "gost_auth_error", string(auth.FailureExpired)) {
			t.Errorf("replay did not report %q: %v", auth.FailureExpired, a.SetCookies())
		}
		if n := len(p.TokenRequests()); n != 1 {
			t.Errorf("the replayed code was exchanged again (%d token requests)", n)
		}
	})
	t.Run("replayed in another browser", func(t *testing.T) {
		p := newProvider(t, authtest.Options{})
		a := newApp(t, providerSecrets(p, nil), 1)
		cb := stopAtCallback(t, a)
		a.NewBrowser()
		a.Get(cb)
		if u, f, _ := a.Identify(); u.LoggedIn || f == nil || f.Code != auth.FailureExpired {
			t.Errorf("User %+v failure %+v, want logged out with %q", u, f, auth.FailureExpired)
		}
	})
	t.Run("state mismatch", func(t *testing.T) {
		p := newProvider(t, authtest.Options{})
		a := newApp(t, providerSecrets(p, nil), 1)
		cb, _ := url.Parse(stopAtCallback(t, a))
		q := cb.Query()
		q.Set("state", q.Get("state")[:20]+"tampered")
		cb.RawQuery = q.Encode()
		a.Get(cb.String())
		if u, f, _ := a.Identify(); u.LoggedIn || f == nil || f.Code != auth.FailureExpired {
			t.Errorf("User %+v failure %+v, want logged out with %q", u, f, auth.FailureExpired)
		}
	})
	t.Run("flow cookie expired", func(t *testing.T) {
		p := newProvider(t, authtest.Options{})
		a := newApp(t, providerSecrets(p, nil), 1)
		cb := stopAtCallback(t, a)
		a.clock.Advance(11 * time.Minute)
		a.Get(cb)
		if u, f, _ := a.Identify(); u.LoggedIn || f == nil || f.Code != auth.FailureExpired {
			t.Errorf("User %+v failure %+v, want logged out with %q", u, f, auth.FailureExpired)
		}
	})
	t.Run("post-logout landing without state", func(t *testing.T) {
		p := newProvider(t, authtest.Options{})
		a := newApp(t, providerSecrets(p, nil), 1)
		page, _ := a.Get(a.Srv.URL + "/oauth2callback")
		if page.Path != "/" {
			t.Errorf("landed on %s", page)
		}
		if _, f, _ := a.Identify(); f != nil {
			t.Errorf("a stateless return from logout is not a failure, got %+v", f)
		}
	})
}

func hasCookie(cs []*http.Cookie, name, value string) bool {
	for _, c := range cs {
		if c.Name == name && c.Value == value {
			return true
		}
	}
	return false
}

func TestCookieAttributesUnderBasePathAndHTTPS(t *testing.T) {
	p := newProvider(t, authtest.Options{})
	svc, err := auth.New(auth.NewSecrets(map[string]any{"auth": map[string]any{
		"redirect_uri": "https://app.example.com/myapp/oauth2callback", "cookie_secret": testCookieSecret,
		"client_id": p.ClientID, "client_secret": p.ClientSecret, "server_metadata_url": p.MetadataURL,
	}}, "x"), auth.Options{BasePath: "/myapp/"})
	if err != nil {
		t.Fatal(err)
	}
	u, err := svc.LoginURL("", auth.ReturnTo("/myapp/?x=1"))
	if err != nil || !strings.HasPrefix(u, "https://app.example.com/myapp/auth/login?") {
		t.Fatalf("LoginURL = %q, %v", u, err)
	}
	if _, err := svc.LoginURL("", auth.ReturnTo("https://evil.example/")); err == nil {
		t.Error("ReturnTo an absolute URL was accepted")
	}
	if _, err := svc.LoginURL("", auth.ReturnTo("//evil.example/myapp/")); err == nil {
		t.Error("ReturnTo a scheme-relative URL was accepted")
	}
	w := httptest.NewRecorder()
	svc.Handler().ServeHTTP(w, httptest.NewRequest("GET", u, nil))
	if w.Code != http.StatusFound || !strings.HasPrefix(w.Header().Get("Location"), p.URL+"/authorize?") {
		t.Fatalf("login route: %d to %s", w.Code, w.Header().Get("Location"))
	}
	cs := w.Result().Cookies()
	if len(cs) != 1 || !strings.HasPrefix(cs[0].Name, "gost_auth_flow_") {
		t.Fatalf("cookies %v, want one flow cookie", cs)
	}
	c := cs[0]
	if !c.Secure || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/myapp/oauth2callback" || c.MaxAge != 600 {
		t.Errorf("flow cookie attributes: %+v", c)
	}
	if got := svc.Paths(); strings.Join(got, " ") != "/myapp/auth/login /myapp/auth/logout /myapp/oauth2callback /myapp/auth/touch" {
		t.Errorf("Paths() = %v", got)
	}
}

// Behind a TLS-terminating proxy the app sees plain HTTP; the runtime marks
// a request from a trusted proxy that said X-Forwarded-Proto: https by
// setting r.URL.Scheme, and the cookies must then be Secure even with an
// http redirect_uri. A plain request keeps them as redirect_uri says.
func TestCookieSecureFollowsTheRequestsScheme(t *testing.T) {
	p := newProvider(t, authtest.Options{})
	svc, err := auth.New(auth.NewSecrets(map[string]any{"auth": map[string]any{
		"redirect_uri": "http://app.example.com/oauth2callback", "cookie_secret": testCookieSecret,
		"client_id": p.ClientID, "client_secret": p.ClientSecret, "server_metadata_url": p.MetadataURL,
	}}, "x"), auth.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := svc.RedirectHost(); got != "app.example.com" {
		t.Errorf("RedirectHost() = %q", got)
	}
	for _, scheme := range []string{"", "http", "https"} {
		u, err := svc.LoginURL("")
		if err != nil {
			t.Fatal(err)
		}
		r := httptest.NewRequest("GET", u, nil)
		r.URL.Scheme = scheme
		w := httptest.NewRecorder()
		svc.Handler().ServeHTTP(w, r)
		cs := w.Result().Cookies()
		if len(cs) != 1 {
			t.Fatalf("scheme %q: cookies %v, want the flow cookie", scheme, cs)
		}
		if want := scheme == "https"; cs[0].Secure != want {
			t.Errorf("scheme %q: Secure = %v, want %v", scheme, cs[0].Secure, want)
		}
	}
}
