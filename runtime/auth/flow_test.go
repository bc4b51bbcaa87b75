package auth_test

import (
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gost-dev/gost/runtime/auth"
	"github.com/gost-dev/gost/runtime/auth/authtest"
)

// TestFailures covers every way a login can go wrong after the browser
// left for the provider: each lands on the app, logged out, with a code
// the page can show, and nothing secret in the logs.
func TestFailures(t *testing.T) {
	for _, test := range []struct {
		name  string
		setup func(p *authtest.Server)
		want  auth.FailureCode
	}{
		{"user cancelled", func(p *authtest.Server) { p.Deny("access_denied") }, auth.FailureCancelled},
		{"provider error", func(p *authtest.Server) { p.Deny("temporarily_unavailable") }, auth.FailureProvider},
		{"wrong audience", tamper(func(tk *authtest.Token) { tk.Claims["aud"] = "someone-else" }), auth.FailureRejected},
		{"wrong issuer", tamper(func(tk *authtest.Token) { tk.Claims["iss"] = "https://evil.example" }), auth.FailureRejected},
		{"wrong nonce", tamper(func(tk *authtest.Token) { tk.Claims["nonce"] = "replayed-nonce" }), auth.FailureRejected},
		{"no nonce", tamper(func(tk *authtest.Token) { delete(tk.Claims, "nonce") }), auth.FailureRejected},
		{"expired beyond leeway", tamper(func(tk *authtest.Token) { tk.Claims["exp"] = time.Now().Add(-3 * time.Minute).Unix() }), auth.FailureRejected},
		{"bad signature", tamper(func(tk *authtest.Token) { tk.ForeignKey = true }), auth.FailureRejected},
		{"alg none", tamper(func(tk *authtest.Token) { tk.Unsigned = true }), auth.FailureRejected},
		{"metadata down", func(p *authtest.Server) { p.MetadataDown(true) }, auth.FailureUnreachable},
	} {
		t.Run(test.name, func(t *testing.T) {
			p := newProvider(t, authtest.Options{})
			a := newApp(t, providerSecrets(p, nil), 1)
			test.setup(p)
			page, _ := a.Login("", auth.ReturnTo("/?keep=1"))
			if page.RequestURI() != "/?keep=1" {
				t.Errorf("landed on %s, want the app page /?keep=1", page)
			}
			u, f, h := a.Identify()
			if u.LoggedIn {
				t.Errorf("logged in despite %s", test.name)
			}
			if f == nil || f.Code != test.want || f.Message == "" {
				t.Fatalf("Identify failure = %+v, want code %q", f, test.want)
			}
			if !strings.Contains(strings.Join(h.Values("Set-Cookie"), "\n"), "gost_auth_error=;") {
				t.Errorf("Identify did not consume the failure cookie: %v", h)
			}
			a.assertNoSecrets()
		})
	}
}

func tamper(f func(*authtest.Token)) func(*authtest.Server) {
	return func(p *authtest.Server) { p.Tamper(f) }
}

func TestExpiryLeeway(t *testing.T) {
	p := newProvider(t, authtest.Options{})
	p.Tamper(func(tk *authtest.Token) { tk.Claims["exp"] = time.Now().Add(-time.Minute).Unix() })
	a := newApp(t, providerSecrets(p, nil), 1)
	a.Login("")
	if !a.User().LoggedIn {
		t.Fatalf("a token one minute past exp was refused; the leeway is two minutes. logs:\n%s", a.Logs)
	}
}

func TestProviderDownAtStartThenBack(t *testing.T) {
	p := newProvider(t, authtest.Options{})
	p.MetadataDown(true)
	a := newApp(t, providerSecrets(p, nil), 1) // New must not care
	if n := p.MetadataFetches(); n != 0 {
		t.Errorf("New fetched metadata %d times; discovery must be lazy", n)
	}
	a.Login("")
	if _, f, _ := a.Identify(); f == nil || f.Code != auth.FailureUnreachable {
		t.Fatalf("failure = %+v, want unreachable", f)
	}
	p.MetadataDown(false)
	a.Login("")
	if !a.User().LoggedIn {
		t.Fatalf("login after the provider came back failed; logs:\n%s", a.Logs)
	}
}

func TestDiscoveryIsSharedByConcurrentLogins(t *testing.T) {
	p := newProvider(t, authtest.Options{})
	a := newApp(t, providerSecrets(p, nil), 1)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			u, _ := a.Svc.LoginURL("")
			resp, err := http.Get(u)
			if err == nil {
				resp.Body.Close()
			}
		})
	}
	wg.Wait()
	if n := p.MetadataFetches(); n != 1 {
		t.Errorf("8 concurrent logins fetched metadata %d times, want 1", n)
	}
}

func TestKeyRotation(t *testing.T) {
	p := newProvider(t, authtest.Options{})
	a := newApp(t, providerSecrets(p, nil), 1)
	a.Login("")
	p.RotateKey()
	a.NewBrowser()
	a.Login("")
	if !a.User().LoggedIn {
		t.Fatalf("login after key rotation failed; logs:\n%s", a.Logs)
	}
	if n := p.JWKSFetches(); n != 2 {
		t.Errorf("JWKS fetched %d times, want 2 (once, then on the new key id)", n)
	}
}

// TestFlowOnAnotherReplica: the callback is served by a different Service
// (another replica sharing cookie_secret) than the login route.
func TestFlowOnAnotherReplica(t *testing.T) {
	p := newProvider(t, authtest.Options{})
	a := newApp(t, providerSecrets(p, nil), 2)
	a.Login("")
	if !a.User().LoggedIn {
		t.Fatalf("login across replicas failed; logs:\n%s", a.Logs)
	}
}

func TestPKCEStateNonceAndParams(t *testing.T) {
	p := newProvider(t, authtest.Options{})
	a := newApp(t, providerSecrets(p, map[string]any{
		"client_kwargs": map[string]any{"prompt": "login", "domain_hint": "example.com"},
	}), 1)
	a.Login("")
	a.NewBrowser()
	a.Login("")
	authz, tokens := p.Authorizations(), p.TokenRequests()
	if len(authz) != 2 || len(tokens) != 2 {
		t.Fatalf("got %d authorizations and %d token requests, want 2 each", len(authz), len(tokens))
	}
	q := authz[0]
	for k, want := range map[string]string{"code_challenge_method": "S256", "scope": "openid email profile",
		"prompt": "login", "domain_hint": "example.com", "response_type": "code"} {
		if q.Get(k) != want {
			t.Errorf("authorization %s = %q, want %q", k, q.Get(k), want)
		}
	}
	if len(q.Get("state")) < 32 || len(q.Get("nonce")) < 32 || q.Get("state") == authz[1].Get("state") || q.Get("nonce") == authz[1].Get("nonce") {
		t.Errorf("state/nonce not long and fresh per login: %v / %v", q, authz[1])
	}
	if tokens[0].Get("code_verifier") == "" {
		t.Error("token request without code_verifier")
	}
}

// TestDefaultClientKwargs: Streamlit's defaults, except that
// prompt=select_account goes only to providers known to support it
// (Microsoft, Google): strict ones refuse it with invalid_request.
func TestDefaultClientKwargs(t *testing.T) {
	for _, test := range []struct {
		name   string
		issuer func(string) string
		kwargs map[string]any
		prompt string
	}{
		{"plain provider", nil, nil, ""},
		{"Google", func(string) string { return "https://accounts.google.com" }, nil, "select_account"},
		{"Entra", func(string) string { return "https://login.microsoftonline.com/" + tenantA + "/v2.0" }, nil, "select_account"},
		{"Entra with prompt off", func(string) string { return "https://login.microsoftonline.com/" + tenantA + "/v2.0" },
			map[string]any{"prompt": ""}, ""},
		{"plain provider with prompt", nil, map[string]any{"prompt": "select_account"}, "select_account"},
	} {
		t.Run(test.name, func(t *testing.T) {
			p := newProvider(t, authtest.Options{Issuer: test.issuer})
			if test.issuer != nil {
				p.SetUser(map[string]any{"sub": "u1", "tid": tenantA})
			}
			var extra map[string]any
			if test.kwargs != nil {
				extra = map[string]any{"client_kwargs": test.kwargs}
			}
			a := newApp(t, providerSecrets(p, extra), 1)
			a.Login("")
			q := p.Authorizations()[0]
			if q.Get("scope") != "openid email profile" || q.Get("prompt") != test.prompt || q.Has("prompt") != (test.prompt != "") {
				t.Errorf("defaults: scope %q prompt %q, want prompt %q", q.Get("scope"), q.Get("prompt"), test.prompt)
			}
			if !strings.HasPrefix(q.Get("redirect_uri"), a.Srv.URL+"/oauth2callback") {
				t.Errorf("redirect_uri %q: {port} not replaced by the app's port", q.Get("redirect_uri"))
			}
			if !a.User().LoggedIn {
				t.Errorf("login failed; logs:\n%s", a.Logs)
			}
		})
	}
}

func TestNamedProvider(t *testing.T) {
	def := newProvider(t, authtest.Options{})
	other := newProvider(t, authtest.Options{ClientID: "other-client"})
	other.SetUser(map[string]any{"sub": "u2", "name": "Grace Hopper"})
	a := newApp(t, providerSecrets(def, map[string]any{"other": map[string]any{
		"client_id": other.ClientID, "client_secret": other.ClientSecret, "server_metadata_url": other.MetadataURL,
	}}), 1)
	a.Login("other")
	if u := a.User(); u.Provider != "other" || u.Claim("name") != "Grace Hopper" {
		t.Errorf("User = %+v, want Grace Hopper via other", u)
	}
	if len(def.Authorizations()) != 0 {
		t.Error("the default provider was used for LoginURL(\"other\")")
	}
	if _, err := a.Svc.LoginURL("nope"); err == nil || !strings.Contains(err.Error(), `"nope"`) {
		t.Errorf("LoginURL(unknown) = %v, want an error naming it", err)
	}
}

// TestFailureDetail: the developer learns what the provider said (error
// and error_description) or why its token was refused; the user's
// message stays plain.
func TestFailureDetail(t *testing.T) {
	for _, test := range []struct {
		name  string
		setup func(p *authtest.Server)
		want  []string
	}{
		{"provider error", func(p *authtest.Server) { p.Deny("invalid_scope") }, []string{"error: invalid_scope", "error_description: The user declined."}},
		{"token refused", tamper(func(tk *authtest.Token) { tk.Claims["aud"] = "someone-else" }), []string{"rule 3", "someone-else"}},
	} {
		t.Run(test.name, func(t *testing.T) {
			p := newProvider(t, authtest.Options{})
			a := newApp(t, providerSecrets(p, nil), 1)
			test.setup(p)
			a.Login("")
			_, f, h := a.Identify()
			if f == nil {
				t.Fatal("no failure")
			}
			for _, w := range test.want {
				if !strings.Contains(f.Detail, w) {
					t.Errorf("Detail %q lacks %q", f.Detail, w)
				}
				if strings.Contains(f.Message, w) {
					t.Errorf("the user's message %q shows the developer detail %q", f.Message, w)
				}
			}
			if !strings.Contains(strings.Join(h.Values("Set-Cookie"), "\n"), "gost_auth_error_detail=;") {
				t.Errorf("Identify did not consume the detail cookie: %v", h)
			}
			a.assertNoSecrets()
		})
	}
}

// TestLogoutParams: logout_params adds, overrides and removes end-session
// parameters, with {claim} and {redirect_uri} templates (Cognito wants
// logout_uri, not post_logout_redirect_uri).
func TestLogoutParams(t *testing.T) {
	p := newProvider(t, authtest.Options{EndSession: true})
	p.SetUser(map[string]any{"sub": "u1", "email": "ada@example.com"})
	a := newApp(t, providerSecrets(p, map[string]any{"logout_params": map[string]any{
		"logout_uri":               "{redirect_uri}",
		"post_logout_redirect_uri": "",
		"logout_hint":              "{email}",
		"hd":                       "{hd}", // a claim the user lacks: left out
	}}), 1)
	a.Login("")
	a.Hops = nil
	a.Get(a.Svc.LogoutURL(), "Sec-Fetch-Site", "same-origin")
	var end url.Values
	for _, h := range a.Hops {
		if l, _ := h.Location(); l != nil && strings.HasPrefix(l.String(), p.URL+"/logout") {
			end = l.Query()
		}
	}
	if end == nil {
		t.Fatal("logout never went to the end_session_endpoint")
	}
	want := url.Values{"tenant": {"kept"}, "client_id": {p.ClientID}, "logout_uri": {a.Srv.URL + "/oauth2callback"},
		"logout_hint": {"ada@example.com"}}
	for k := range want {
		if end.Get(k) != want.Get(k) {
			t.Errorf("end session %s = %q, want %q", k, end.Get(k), want.Get(k))
		}
	}
	for _, k := range []string{"post_logout_redirect_uri", "hd"} {
		if end.Has(k) {
			t.Errorf("end session has %s = %q, want it left out", k, end.Get(k))
		}
	}
}

// TestLoginHints: the app's login_hint and domain_hint reach the
// provider, over client_kwargs; other parameters are refused.
func TestLoginHints(t *testing.T) {
	p := newProvider(t, authtest.Options{})
	a := newApp(t, providerSecrets(p, map[string]any{"client_kwargs": map[string]any{"domain_hint": "old.example"}}), 1)
	a.Login("", auth.Hint("login_hint", "ada@contoso.com"), auth.Hint("domain_hint", "contoso.com"))
	q := p.Authorizations()[0]
	if q.Get("login_hint") != "ada@contoso.com" || q.Get("domain_hint") != "contoso.com" {
		t.Errorf("authorization request %v lacks the app's hints", q)
	}
	if !a.User().LoggedIn {
		t.Errorf("login with hints failed; logs:\n%s", a.Logs)
	}
	for _, bad := range []auth.LoginOption{auth.Hint("redirect_uri", "https://evil.example"), auth.Hint("prompt", "none"),
		auth.Hint("login_hint", "a\r\nb")} {
		if _, err := a.Svc.LoginURL("", bad); err == nil {
			t.Errorf("LoginURL accepted %v", bad)
		}
	}
}
