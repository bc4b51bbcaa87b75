package fositeprovider_test

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"io"
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

// signIn goes with client to start (a login URL of the app), which must
// lead to the provider's login page, and submits answer there: a person's
// username and password ([form]), or [cancel]. It returns where the
// browser ends up.
func (p *provider) signIn(t *testing.T, client *http.Client, start string, answer url.Values) *url.URL {
	t.Helper()
	resp, err := client.Get(start)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := formAction.FindSubmatch(body)
	if m == nil || !strings.HasPrefix(resp.Request.URL.String(), p.srv.URL+authPath+"?") {
		t.Fatalf("not the provider's login page: %s\n%s", resp.Request.URL, body)
	}
	resp, err = client.PostForm(p.srv.URL+html.UnescapeString(string(m[1])), answer)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.Request.URL
}

// form is what the person types into the login page.
func form(username string) url.Values {
	return url.Values{"username": {username}, "password": {people[username].password}}
}

// cancel is the login page's Cancel button.
var cancel = url.Values{"cancel": {"on"}}

// logIn runs st.Login(providerName) through the provider's login page as
// username.
func logIn(a *logintest.App, p *provider, providerName, username string, opts ...auth.LoginOption) *url.URL {
	a.T.Helper()
	u, err := a.Svc.LoginURL(providerName, opts...)
	if err != nil {
		a.T.Fatalf("LoginURL(%q): %v", providerName, err)
	}
	return p.signIn(a.T, a.Browser, u, form(username))
}

// jwtParts decodes a JWT's header and claims, failing on anything else.
func jwtParts(t *testing.T, token string) (header, claims map[string]any) {
	t.Helper()
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		t.Fatalf("not a signed JWT: %q", token)
	}
	for i, into := range []*map[string]any{&header, &claims} {
		b, err := base64.RawURLEncoding.DecodeString(parts[i])
		if err == nil {
			err = json.Unmarshal(b, into)
		}
		if err != nil {
			t.Fatalf("JWT part %d: %v", i, err)
		}
	}
	return header, claims
}

// TestLoginLogout is the whole story against fosite, for each way the
// client may authenticate at the token endpoint: the authorization code
// flow with PKCE (S256) and nonce, no prompt=select_account, an ES256 ID
// token carrying the login's nonce and at_hash, the user's claims with
// Keycloak's roles and groups, then a logout, which stays in the app since
// the provider announces no end_session_endpoint.
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
				m["expose_tokens"] = []any{"id"}
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

			// The ID token gost verified: ES256 with the realm's key, the
			// login's nonce, at_hash of the access token.
			header, claims := jwtParts(t, u.IDToken)
			if header["alg"] != "ES256" || header["kid"] != p.kid {
				t.Errorf("ID token header %v, want ES256 with kid %q", header, p.kid)
			}
			if claims["nonce"] != q.Get("nonce") || claims["at_hash"] == nil || claims["aud"] == nil {
				t.Errorf("ID token claims %v: want the request's nonce %q, at_hash and aud", claims, q.Get("nonce"))
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

// TestPromptValues: gost sends no prompt to a provider that is not known
// to support select_account, and the app's client_kwargs prompt still
// reaches it: values the provider supports log in, select_account is
// refused with invalid_request (fosite's answer; Keycloak, Okta and others
// are as strict), which is why gost does not send it by default.
func TestPromptValues(t *testing.T) {
	for _, test := range []struct {
		name   string
		prompt any // client_kwargs' prompt; nil: not set
		sent   string
		ok     bool
	}{
		{"default", nil, "", true},
		{"turned off", "", "", true},
		{"login", "login", "login", true},
		{"consent", "consent", "consent", true},
		{"select_account", "select_account", "select_account", false},
	} {
		t.Run(test.name, func(t *testing.T) {
			t.Parallel()
			p := startProvider(t, opOptions{})
			a := logintest.NewApp(t, secretsFor(p, func(m map[string]any) {
				if test.prompt != nil {
					m["client_kwargs"] = map[string]any{"prompt": test.prompt}
				}
			}))
			end := logIn(a, p, "", "grace")
			if end.String() != a.Srv.URL+"/" {
				t.Errorf("the login ended at %s, not back in the app", end)
			}
			q := p.authorizeRequests()[0]
			if q.Get("prompt") != test.sent || q.Has("prompt") != (test.sent != "") {
				t.Errorf("prompt sent: %q (present %v), want %q", q.Get("prompt"), q.Has("prompt"), test.sent)
			}
			u, fail, _ := a.Identify()
			if u.LoggedIn != test.ok {
				t.Fatalf("logged in: %v, want %v (failure %+v)", u.LoggedIn, test.ok, fail)
			}
			if !test.ok && (fail == nil || fail.Code != auth.FailureProvider || !strings.Contains(fail.Detail, "error: invalid_request")) {
				t.Errorf("failure %+v, want the provider's invalid_request", fail)
			}
		})
	}
}

// TestProviderErrorReachesTheDeveloper: when the provider answers with an
// error, at the authorization endpoint or the token endpoint, the user
// gets a plain message, and the developer the provider's error and
// error_description, in LoginFailure.Detail (the page under gost run) and
// in the log.
func TestProviderErrorReachesTheDeveloper(t *testing.T) {
	for _, test := range []struct {
		name        string
		change      func(map[string]any)
		answer      url.Values // at the login page; nil: the provider answers before it
		code        auth.FailureCode
		error, desc string // in Detail and the log
	}{
		{"unsupported prompt", func(m map[string]any) { m["client_kwargs"] = map[string]any{"prompt": "select_account"} },
			form("ada"), auth.FailureProvider, "invalid_request", "prompt"},
		{"cancelled", nil, cancel, auth.FailureCancelled, "access_denied", "The user cancelled the login."},
		{"scope the client may not ask for", func(m map[string]any) {
			m["client_kwargs"] = map[string]any{"scope": "openid email realm-admin"}
		}, nil, auth.FailureProvider, "invalid_scope", "realm-admin"},
		{"wrong client secret", func(m map[string]any) { m["client_secret"] = "not-the-secret-of-gost-app" },
			form("ada"), auth.FailureProvider, "invalid_client", "Client authentication failed"},
	} {
		t.Run(test.name, func(t *testing.T) {
			t.Parallel()
			p := startProvider(t, opOptions{})
			a := logintest.NewApp(t, secretsFor(p, test.change))
			start, err := a.Svc.LoginURL("", auth.ReturnTo("/report"))
			if err != nil {
				t.Fatal(err)
			}
			var end *url.URL
			if test.answer != nil {
				end = p.signIn(t, a.Browser, start, test.answer)
			} else {
				end, _ = a.Get(start)
			}
			if end.String() != a.Srv.URL+"/report" {
				t.Errorf("the failed login ended at %s, want back at the app's /report", end)
			}
			u, fail, _ := a.Identify()
			if u.LoggedIn || fail == nil {
				t.Fatalf("user %+v, failure %+v: want a failed login", u, fail)
			}
			if fail.Code != test.code || strings.Contains(fail.Message, test.error) {
				t.Errorf("failure %q %q, want code %q and a plain message", fail.Code, fail.Message, test.code)
			}
			for _, where := range []struct{ name, text string }{{"Detail", fail.Detail}, {"the log", a.Logs.String()}} {
				if !strings.Contains(where.text, "error: "+test.error) && !strings.Contains(where.text, "error="+test.error) {
					t.Errorf("%s lacks the provider's error %q: %s", where.name, test.error, where.text)
				}
				if !strings.Contains(where.text, test.desc) {
					t.Errorf("%s lacks the provider's error_description (%q): %s", where.name, test.desc, where.text)
				}
			}
			a.AssertNoSecrets(p.clientSecret)
		})
	}
}
