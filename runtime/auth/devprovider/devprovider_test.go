package devprovider_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/gost-dev/gost/runtime/auth"
	"github.com/gost-dev/gost/runtime/auth/devprovider"
)

// TestDevProviderLoginLogout is the whole story against a real OpenID
// Provider on loopback: st.Login → provider login page → form POST →
// callback → identity cookie → st.User → st.Logout → end_session → app.
func TestDevProviderLoginLogout(t *testing.T) {
	dev, err := devprovider.Start(t.Context(), devprovider.Options{ClientSecret: testClientSecret})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { dev.Close() })
	a := newApp(t, func(port int) *auth.Secrets {
		s := dev.SecretsFor(fmt.Sprintf("http://127.0.0.1:%d/oauth2callback", port))
		return (&auth.Secrets{}).WithAuth(s)
	})
	var loggedOut []string
	a.Svc.OnLogout(func(key string) { loggedOut = append(loggedOut, key) })

	page, body := a.Login("", auth.ReturnTo("/?tab=2&q=x"))
	if !strings.HasPrefix(page.String(), dev.Issuer()+"/login?") {
		t.Fatalf("login landed on %s, want the dev provider's login page", page)
	}
	if !strings.Contains(body, "gost development login — not for production") {
		t.Errorf("login page lacks the not-for-production label:\n%s", body)
	}
	id := page.Query().Get("id")

	// A bad email is refused by the form, not passed on.
	resp, err := a.Browser.PostForm(dev.Issuer()+"/login", url.Values{"id": {id}, "name": {"Ada"}, "email": {"nope"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("bad email: status %d, want 400", resp.StatusCode)
	}

	resp, err = a.Browser.PostForm(dev.Issuer()+"/login", url.Values{"id": {id}, "name": {"Ada Lovelace"}, "email": {"ada@example.com"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got, want := resp.Request.URL.RequestURI(), "/?tab=2&q=x"; got != want {
		t.Errorf("after login the browser is at %s, want %s", got, want)
	}
	u := a.User()
	if !u.LoggedIn || u.Claim("name") != "Ada Lovelace" || u.Claim("email") != "ada@example.com" || u.Provider != "default" {
		t.Fatalf("User = %+v, want Ada Lovelace logged in with the default provider", u)
	}
	if u.Claim("iss") != dev.Issuer() || u.Claim("sub") == "" || u.SessionKey == "" {
		t.Errorf("User lacks iss/sub/session key: %+v", u)
	}
	if u.IDToken != "" || u.AccessToken != "" {
		t.Errorf("tokens exposed without expose_tokens: %+v", u)
	}
	for _, c := range a.SetCookies() {
		if c.Name == "gost_auth" && c.MaxAge > 0 {
			if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.Secure || c.MaxAge != 30*24*3600 {
				t.Errorf("identity cookie attributes: %+v", c)
			}
		}
	}

	a.Hops = nil
	page, _ = a.Get(a.Svc.LogoutURL(), "Sec-Fetch-Site", "same-origin")
	if page.RequestURI() != "/" {
		t.Errorf("after logout the browser is at %s, want the app", page)
	}
	if a.User().LoggedIn {
		t.Error("still logged in after logout")
	}
	if !slices.Equal(loggedOut, []string{u.SessionKey}) {
		t.Errorf("OnLogout got %q, want [%q]", loggedOut, u.SessionKey)
	}
	var end *url.URL
	for _, h := range a.Hops {
		if l, _ := h.Location(); l != nil && strings.HasPrefix(l.String(), dev.Issuer()) {
			end = l
		}
	}
	if end == nil {
		t.Fatal("logout never went to the provider's end_session_endpoint")
	}
	q := end.Query()
	if q.Get("client_id") != dev.ClientID() || q.Get("id_token_hint") == "" ||
		q.Get("post_logout_redirect_uri") != a.Srv.URL+"/oauth2callback" {
		t.Errorf("end_session request %s lacks client_id, id_token_hint or post_logout_redirect_uri", end)
	}
	a.AssertNoSecrets(dev.ClientSecret())
}

func TestDevProviderRefusesNonLoopback(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", ":0", "192.0.2.1:0", "example.com:80"} {
		p, err := devprovider.Start(context.Background(), devprovider.Options{Addr: addr})
		if err == nil {
			p.Close()
			t.Errorf("Start(%q) succeeded, want a refusal", addr)
		}
	}
}

func TestDevProviderSecrets(t *testing.T) {
	dev, err := devprovider.Start(t.Context(), devprovider.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer dev.Close()
	a, b := dev.Secrets(8501), dev.Secrets(8501)
	auth1 := a.Raw["auth"].(map[string]any)
	if auth1["redirect_uri"] != "http://localhost:8501/oauth2callback" || auth1["server_metadata_url"] != dev.MetadataURL() {
		t.Errorf("Secrets(8501) = %v", auth1)
	}
	if auth1["cookie_secret"] == b.Raw["auth"].(map[string]any)["cookie_secret"] ||
		!regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(auth1["cookie_secret"].(string)) {
		t.Error("cookie_secret is not a fresh random secret")
	}
	svc, err := auth.New(a, auth.Options{Port: 8501})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.LoginURL(""); err != nil {
		t.Errorf("dev Secrets do not validate: %v", err)
	}
}
