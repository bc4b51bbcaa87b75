package devprovider_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/gost-dev/gost/runtime"
	"github.com/gost-dev/gost/runtime/auth"
	"github.com/gost-dev/gost/runtime/auth/devprovider"
	"github.com/gost-dev/gost/st"
)

func adminApp(st *st.Ctx) {
	if !st.User().IsLoggedIn {
		st.Button("Log in", st.OnClick(st.Login))
	}
	st.RequireRole("admin")
	st.Text("the admin area")
}

// logInWithRoles is logIn with the development provider's roles field.
func (w *loginWorld) logInWithRoles(loginURL, name, email, roles string) {
	w.t.Helper()
	resp, err := w.client.Get(loginURL)
	if err != nil {
		w.t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := formID.FindSubmatch(page)
	if m == nil {
		w.t.Fatalf("no login form at %s: %s", resp.Request.URL, page)
	}
	if !strings.Contains(string(page), `name="roles"`) {
		w.t.Fatalf("the development provider's form has no roles field: %s", page)
	}
	form := url.Values{"id": {string(m[1])}, "name": {name}, "email": {email}, "roles": {roles}}
	resp, err = w.client.PostForm(resp.Request.URL.Scheme+"://"+resp.Request.URL.Host+"/login", form)
	if err != nil {
		w.t.Fatal(err)
	}
	resp.Body.Close()
}

// TestRequireRole: st.RequireRole shows "not allowed" and stops the run
// for a visitor and for a user without the role, and lets an admin
// (roles from the real provider's ID token) through.
func TestRequireRole(t *testing.T) {
	for _, test := range []struct {
		name, roles string // roles "-": do not log in
		want, not   string
	}{
		{"logged out", "-", "Please log in", "the admin area"},
		{"without the role", "reader", "which Ada Lovelace does not have", "the admin area"},
		{"with the role", "reader, admin", "the admin area", "Not allowed"},
	} {
		t.Run(test.name, func(t *testing.T) {
			w := newLoginWorld(t, adminApp)
			tab, id := w.tab("")
			page := string(tab.Until("done").Raw)
			if test.roles != "-" {
				tab.Send(map[string]any{"t": "rerun", "trigger": "button:Log in"})
				w.logInWithRoles(tab.Until("redirect").URL, "Ada Lovelace", "ada@example.com", test.roles)
				tab, _ = w.tab(id)
				page = string(tab.Until("done").Raw)
			}
			if !strings.Contains(page, test.want) || strings.Contains(page, test.not) {
				t.Errorf("page %s: want %q and not %q", page, test.want, test.not)
			}
		})
	}
}

// TestLoginFailureWithoutDetail: a login through the real provider that
// ends in a forged callback shows the plain message, and, outside gost run,
// not what went wrong. The same under gost run, where the page does say
// it, is TestLoginFailureDetailUnderGostRun in runtime/login_test.go: only
// runtime's own tests can give a server gost run's handoff directory.
func TestLoginFailureWithoutDetail(t *testing.T) {
	w := newLoginWorld(t, tutorialApp)
	tab, _ := w.tab("")
	tab.Until("done")
	tab.Send(map[string]any{"t": "rerun", "trigger": "button:Log in with Microsoft"})
	resp, err := w.client.Get(tab.Until("redirect").URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	resp, err = w.client.Get(w.ts.URL + "/oauth2callback?code=x&state=forged")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	tab, _ = w.tab("")
	var notice string
	for notice == "" {
		if m := tab.Read(); m.T == "notice" {
			notice = string(m.Raw)
		} else if m.T == "done" {
			t.Fatal("no notice")
		}
	}
	if strings.Contains(notice, "matches no login in progress") {
		t.Errorf("outside gost run the page shows the detail: %s", notice)
	}
	if !strings.Contains(notice, "Please log in again") {
		t.Errorf("the plain message is missing: %s", notice)
	}
}

// TestLoginWithHint: the app's hints reach the provider's authorization
// request (the development provider ignores them, as providers may).
func TestLoginWithHint(t *testing.T) {
	w := newLoginWorld(t, func(st *st.Ctx) {
		st.Button("Log in", st.OnClick(st.LoginWithHint, "", "ada@example.com", "example.com"))
	})
	tab, _ := w.tab("")
	tab.Until("done")
	tab.Send(map[string]any{"t": "rerun", "trigger": "button:Log in"})
	resp, err := w.client.Get(tab.Until("redirect").URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	var authz *url.URL
	for r := resp.Request; r != nil; r = r.Response.Request {
		if strings.HasSuffix(r.URL.Path, "/authorize") {
			authz = r.URL
		}
		if r.Response == nil {
			break
		}
	}
	if authz == nil {
		t.Fatalf("no authorization request on the way to %s", resp.Request.URL)
	}
	if q := authz.Query(); q.Get("login_hint") != "ada@example.com" || q.Get("domain_hint") != "example.com" {
		t.Errorf("authorization request %s lacks the hints", authz)
	}
}

// TestSeveralProviders: st.Login("google") beside st.Login("microsoft"),
// two real providers on loopback; st.User says which one was used.
func TestSeveralProviders(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	start := func() *devprovider.Provider {
		p, err := devprovider.Start(context.Background(), devprovider.Options{Logger: log})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { p.Close() })
		return p
	}
	google, microsoft := start(), start()
	srv := runtime.NewServer(func(st *st.Ctx) {
		if u := st.User(); u.IsLoggedIn {
			st.Text("Hello " + u.Name + " via " + u.Provider)
			st.Text(fmt.Sprint("iss=", u.Claims["iss"], ";"))
			return
		}
		st.Button("Google", st.OnClick(st.Login, "google"))
		st.Button("Microsoft", st.OnClick(st.Login, "microsoft"))
	}, runtime.Options{}, log)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	table := func(p *devprovider.Provider) map[string]any {
		return map[string]any{"client_id": p.ClientID(), "client_secret": p.ClientSecret(), "server_metadata_url": p.MetadataURL()}
	}
	srv.SetSecrets(auth.NewSecrets(map[string]any{"auth": map[string]any{
		"redirect_uri": ts.URL + "/oauth2callback", "cookie_secret": "0123456789abcdef0123456789abcdef",
		"google": table(google), "microsoft": table(microsoft),
	}}, "test"), nil, 0)
	for _, test := range []struct {
		button string
		p      *devprovider.Provider
	}{{"Google", google}, {"Microsoft", microsoft}} {
		jar, _ := cookiejar.New(nil)
		w := &loginWorld{t: t, ts: ts, srv: srv, client: &http.Client{Jar: jar}}
		tab, id := w.tab("")
		tab.Until("done")
		tab.Send(map[string]any{"t": "rerun", "trigger": "button:" + test.button})
		redirect := tab.Until("redirect").URL
		resp := w.logIn(redirect, "Ada Lovelace", "ada@example.com")
		if !strings.HasPrefix(resp.Request.URL.String(), ts.URL) {
			t.Fatalf("%s: login ended at %s", test.button, resp.Request.URL)
		}
		tab, _ = w.tab(id)
		want := "Hello Ada Lovelace via " + strings.ToLower(test.button)
		done := string(tab.Until("done").Raw)
		if !strings.Contains(done, want) || !strings.Contains(done, "iss="+test.p.Issuer()+";") {
			t.Errorf("after logging in with %s: %s, want %q from %s", test.button, done, want, test.p.Issuer())
		}
	}
}
