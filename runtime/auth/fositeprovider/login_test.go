package fositeprovider_test

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/gost-dev/gost/runtime/auth"
	"github.com/gost-dev/gost/runtime/auth/internal/logintest"
)

// secretsFor is the app's secrets.toml for p, as [auth] with a fresh
// cookie_secret; change adjusts the table.
func secretsFor(p *provider, change func(map[string]any)) func(port int) *auth.Secrets {
	return func(port int) *auth.Secrets {
		a := p.table()
		a["redirect_uri"] = fmt.Sprintf("http://127.0.0.1:%d/oauth2callback", port)
		a["cookie_secret"] = randomHex(32)
		if change != nil {
			change(a)
		}
		return auth.NewSecrets(map[string]any{"auth": a}, "secrets.toml")
	}
}

var formAction = regexp.MustCompile(`<form id="kc-form-login" method="post" action="([^"]+)"`)

// signIn fills the provider's login page (at page, with body) as username
// and returns where the browser ends up.
func signIn(a *logintest.App, p *provider, page *url.URL, body, username, password string) *url.URL {
	a.T.Helper()
	m := formAction.FindStringSubmatch(body)
	if m == nil || !strings.HasPrefix(page.String(), p.srv.URL+authPath+"?") {
		a.T.Fatalf("not the provider's login page: %s\n%s", page, body)
	}
	resp, err := a.Browser.PostForm(p.srv.URL+html.UnescapeString(m[1]), url.Values{"username": {username}, "password": {password}})
	if err != nil {
		a.T.Fatal(err)
	}
	resp.Body.Close()
	return resp.Request.URL
}

// logIn runs st.Login(providerName) through the provider's login page.
func logIn(a *logintest.App, p *provider, providerName, username string, opts ...auth.LoginOption) *url.URL {
	a.T.Helper()
	page, body := a.Login(providerName, opts...)
	return signIn(a, p, page, body, username, people[username].password)
}

// TestLoginLogout is the whole story against fosite, for each way the
// client may authenticate at the token endpoint: the authorization code
// flow with PKCE (S256) and nonce, no prompt=select_account, the user's
// claims with Keycloak's roles and groups, then a logout, which stays in
// the app since the provider announces no end_session_endpoint.
func TestLoginLogout(t *testing.T) {
	for _, test := range []struct {
		name       string
		registered string // the client's token_endpoint_auth_method at the provider
		configured string // client_kwargs' token_endpoint_auth_method, "" for none
		want       []string
	}{
		// x/oauth2 tries the header first, then the body.
		{"post, detected", "client_secret_post", "", []string{"basic:invalid_client", "post"}},
		{"post, configured", "client_secret_post", "client_secret_post", []string{"post"}},
		{"basic, configured", "client_secret_basic", "client_secret_basic", []string{"basic"}},
	} {
		t.Run(test.name, func(t *testing.T) {
			t.Parallel()
			p := startProvider(t, opOptions{authMethod: test.registered})
			a := logintest.NewApp(t, secretsFor(p, func(m map[string]any) {
				if test.configured != "" {
					m["client_kwargs"] = map[string]any{"token_endpoint_auth_method": test.configured}
				}
			}))
			var loggedOut []string
			a.Svc.OnLogout(func(key string) { loggedOut = append(loggedOut, key) })

			if end := logIn(a, p, "", "ada", auth.ReturnTo("/?tab=2")); end.String() != a.Srv.URL+"/?tab=2" {
				t.Fatalf("the login ended at %s, not back in the app", end)
			}
			reqs := p.authorizeRequests()
			if len(reqs) != 1 {
				t.Fatalf("%d authorization requests, want 1", len(reqs))
			}
			q := reqs[0]
			if q.Get("response_type") != "code" || q.Get("code_challenge_method") != "S256" || len(q.Get("code_challenge")) != 43 ||
				q.Get("nonce") == "" || q.Get("state") == "" || q.Get("client_id") != p.clientID {
				t.Errorf("authorization request lacks code flow, PKCE S256, nonce or state: %v", q)
			}
			if q.Has("prompt") {
				t.Errorf("gost sent prompt=%q to a provider that does not list select_account", q.Get("prompt"))
			}
			if got := p.tokenAuths(); !slices.Equal(got, test.want) {
				t.Errorf("token requests authenticated as %q, want %q", got, test.want)
			}

			u := a.User()
			if !u.LoggedIn || u.Provider != "default" || u.Claim("name") != "Ada Lovelace" || u.Claim("email") != "ada@example.com" ||
				u.Claim("preferred_username") != "ada" || u.Claim("sub") != people["ada"].sub || u.Claim("iss") != p.issuer {
				t.Fatalf("User = %+v, want Ada from %s", u, p.issuer)
			}
			if !slices.Contains(u.Roles, "admin") || !slices.Equal(u.Groups, []string{"/staff", "/staff/maths"}) || len(u.ClaimProblems) > 0 {
				t.Errorf("roles %q, groups %q, problems %q: want admin from realm_access.roles and the groups' paths",
					u.Roles, u.Groups, u.ClaimProblems)
			}

			a.Hops = nil
			page, _ := a.Get(a.Svc.LogoutURL(), "Sec-Fetch-Site", "same-origin")
			if page.String() != a.Srv.URL+"/" {
				t.Errorf("after logout the browser is at %s, want the app", page)
			}
			for _, h := range a.Hops {
				if l, _ := h.Location(); l != nil && strings.HasPrefix(l.String(), p.srv.URL) {
					t.Errorf("logout went to the provider (%s), which has no end_session_endpoint", l)
				}
			}
			if a.User().LoggedIn {
				t.Error("still logged in after logout")
			}
			if !slices.Equal(loggedOut, []string{u.SessionKey}) {
				t.Errorf("OnLogout got %q, want [%q]", loggedOut, u.SessionKey)
			}
			a.AssertNoSecrets(p.clientSecret)
		})
	}
}

var _ = http.StatusOK
