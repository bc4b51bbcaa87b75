package fositeprovider_test

// The login against fosite through a whole gost app: runtime.Server, its
// websocket, st.Login and st.User, as a browser tab drives them.

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gost-dev/gost/runtime"
	"github.com/gost-dev/gost/runtime/auth"
	"github.com/gost-dev/gost/runtime/auth/devprovider"
	"github.com/gost-dev/gost/runtime/auth/internal/logintest"
	"github.com/gost-dev/gost/st"
)

// world is a gost app with login configured, and browsers to use it.
type world struct {
	t  *testing.T
	ts *httptest.Server
}

// newWorld serves app with the [auth] table; redirect_uri is added, and
// cookie_secret unless the table has one (replicas share theirs).
func newWorld(t *testing.T, app func(*st.Ctx), table map[string]any) *world {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv := runtime.NewServer(app, runtime.Options{}, log)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	table = maps.Clone(table)
	table["redirect_uri"] = ts.URL + "/oauth2callback"
	if table["cookie_secret"] == nil {
		table["cookie_secret"] = randomHex(32)
	}
	srv.SetSecrets(auth.NewSecrets(map[string]any{"auth": table}, "secrets.toml"), nil, 0)
	return &world{t: t, ts: ts}
}

// browser is a new browser, without cookies.
func (w *world) browser() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, Timeout: 10 * time.Second}
}

// tab opens a tab of browser on the app, resuming session ("" for new).
func (w *world) tab(browser *http.Client, session string) (*logintest.Tab, string) {
	w.t.Helper()
	return logintest.OpenTab(w.t, w.ts.URL, browser.Jar, session)
}

// click presses the button labeled label and returns the next page.
func click(tab *logintest.Tab, label string) string {
	tab.Send(map[string]any{"t": "rerun", "trigger": "button:" + label})
	return string(tab.Until("done").Raw)
}

// tokenApp shows the access token st.User hands out, renewed when due.
func tokenApp(st *st.Ctx) {
	u := st.User()
	if !u.IsLoggedIn {
		st.Header("This app is private.")
		st.Button("Log in", st.OnClick(st.Login))
		return
	}
	tok, err := u.AccessToken(context.Background())
	st.Text("token=" + tok + ";")
	if err != nil {
		st.Text("error=" + err.Error())
	}
	st.Button("Again")
}

var shownToken = regexp.MustCompile(`token=([^;"]*);`)

// TestRefreshWithRotatingTokens: with expose_tokens and offline_access,
// st.User's access token is renewed twice in a row by a provider that
// rotates refresh tokens (fosite revokes a refresh token when it is used,
// and the whole chain when a spent one comes back): the second renewal
// only works with the refresh token of the first.
func TestRefreshWithRotatingTokens(t *testing.T) {
	t.Parallel()
	p := startProvider(t, opOptions{accessLifetime: 3 * time.Second})
	table := p.table()
	logintest.Offline(table)
	w := newWorld(t, tokenApp, table)
	browser := w.browser()
	tab, id := w.tab(browser, "")
	tab.Until("done")
	tab.Send(map[string]any{"t": "rerun", "trigger": "button:Log in"})
	if end := p.signIn(t, browser, tab.Until("redirect").URL, form("ada")); end.String() != w.ts.URL+"/" {
		t.Fatalf("the login ended at %s", end)
	}
	tab, _ = w.tab(browser, id)
	page := string(tab.Until("done").Raw)
	tokens := []string{}
	for i := range 3 {
		m := shownToken.FindStringSubmatch(page)
		if m == nil || m[1] == "" || strings.Contains(page, "error=") {
			t.Fatalf("no access token on the page (renewal %d): %s", i, page)
		}
		for _, old := range tokens {
			if m[1] == old {
				t.Fatalf("renewal %d: st.User's token is an old one: %s", i, page)
			}
		}
		if !logintest.Accepts(t, p.srv.URL+userinfoPath, m[1]) {
			t.Fatalf("renewal %d: the provider refuses the token st.User hands out", i)
		}
		tokens = append(tokens, m[1])
		if i < 2 {
			time.Sleep(1600 * time.Millisecond) // past half of 3 s: due
			page = click(tab, "Again")
		}
	}
	if r := p.refreshGrants(); len(r) != 2 || r[0] == r[1] || r[0] == "" {
		t.Errorf("refresh grants presented %d refresh tokens, distinct: %v; want 2, the second the rotated one", len(r), len(r) == 2 && r[0] != r[1])
	}
}

// logInAtDevProvider goes with browser to start (a login URL of the app),
// which must lead to the development provider's form, and logs in there
// as name.
func logInAtDevProvider(t *testing.T, dev *devprovider.Provider, browser *http.Client, start, name, email string) {
	t.Helper()
	resp, err := browser.Get(start)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := regexp.MustCompile(`name="id" value="([^"]+)"`).FindSubmatch(body)
	if m == nil || !strings.HasPrefix(resp.Request.URL.String(), dev.Issuer()+"/login") {
		t.Fatalf("not the development provider's login form: %s\n%s", resp.Request.URL, body)
	}
	resp, err = browser.PostForm(dev.Issuer()+"/login", url.Values{"id": {string(m[1])}, "name": {name}, "email": {email}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
}

// TestTwoProvidersAtOnce: st.Login("devprovider") beside
// st.Login("keycloak"), two libraries and two shapes; two browsers log in
// at the same time, one with each, and st.User says which provider, with
// its issuer and roles. Logging out of one leaves the other logged in.
func TestTwoProvidersAtOnce(t *testing.T) {
	t.Parallel()
	dev, err := devprovider.Start(t.Context(), devprovider.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { dev.Close() })
	kc := startProvider(t, opOptions{})
	w := newWorld(t, func(st *st.Ctx) {
		if u := st.User(); u.IsLoggedIn {
			st.Text(fmt.Sprintf("Hello %s via %s from %v;", u.Name, u.Provider, u.Claims["iss"]))
			st.Text(fmt.Sprintf("roles=%s;", strings.Join(u.Roles, ",")))
			st.Button("Log out", st.OnClick(st.Logout))
			return
		}
		st.Button("Development", st.OnClick(st.Login, "devprovider"))
		st.Button("Keycloak", st.OnClick(st.Login, "keycloak"))
	}, map[string]any{
		"devprovider": map[string]any{"client_id": dev.ClientID(), "client_secret": dev.ClientSecret(), "server_metadata_url": dev.MetadataURL()},
		"keycloak":    kc.table(),
	})

	ada, grace := w.browser(), w.browser()
	adaTab, adaID := w.tab(ada, "")
	graceTab, graceID := w.tab(grace, "")
	adaTab.Until("done")
	graceTab.Until("done")
	adaTab.Send(map[string]any{"t": "rerun", "trigger": "button:Development"})
	graceTab.Send(map[string]any{"t": "rerun", "trigger": "button:Keycloak"})
	adaStart, graceStart := adaTab.Until("redirect").URL, graceTab.Until("redirect").URL
	logInAtDevProvider(t, dev, ada, adaStart, "Ada Lovelace", "ada@example.com")
	if end := kc.signIn(t, grace, graceStart, form("grace")); end.String() != w.ts.URL+"/" {
		t.Fatalf("Grace's login ended at %s", end)
	}

	adaTab, _ = w.tab(ada, adaID)
	graceTab, _ = w.tab(grace, graceID)
	for _, test := range []struct {
		who, page string
		want      []string
	}{
		{"Ada", string(adaTab.Until("done").Raw), []string{"Hello Ada Lovelace via devprovider from " + dev.Issuer() + ";", "roles=;"}},
		{"Grace", string(graceTab.Until("done").Raw), []string{"Hello Grace Hopper via keycloak from " + kc.issuer + ";", "roles=offline_access;"}},
	} {
		for _, want := range test.want {
			if !strings.Contains(test.page, want) {
				t.Errorf("%s's page: %s, want %q", test.who, test.page, want)
			}
		}
	}
	if q := kc.authorizeRequests()[0]; q.Has("prompt") {
		t.Errorf("prompt=%q sent to the Keycloak-shaped provider", q.Get("prompt"))
	}

	graceTab.Send(map[string]any{"t": "rerun", "trigger": "button:Log out"})
	resp, err := grace.Get(graceTab.Until("redirect").URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if again, _ := w.tab(grace, graceID); !strings.Contains(string(again.Until("done").Raw), "Keycloak") {
		t.Error("Grace is still logged in after logging out")
	}
	if again, _ := w.tab(ada, adaID); !strings.Contains(string(again.Until("done").Raw), "via devprovider") {
		t.Error("Grace's logout logged Ada out too")
	}
}

// TestSpentRefreshTokenOnAnotherReplica is what runtime/auth's doc says of
// providers that rotate refresh tokens: a renewal on one replica spends
// the refresh token the browser's cookie still holds (the new one reaches
// the cookie at the next handshake), so another replica sharing
// cookie_secret that renews from that cookie is refused, and ends the
// login with a message, cleanly, instead of failing the app.
func TestSpentRefreshTokenOnAnotherReplica(t *testing.T) {
	t.Parallel()
	p := startProvider(t, opOptions{accessLifetime: 3 * time.Second})
	table := p.table()
	logintest.Offline(table)
	table["cookie_secret"] = randomHex(32)
	first := newWorld(t, tokenApp, table)
	second := newWorld(t, tokenApp, table) // another replica: its own server, the same cookie_secret

	browser := first.browser()
	tab, id := first.tab(browser, "")
	tab.Until("done")
	tab.Send(map[string]any{"t": "rerun", "trigger": "button:Log in"})
	p.signIn(t, browser, tab.Until("redirect").URL, form("ada"))
	tab, _ = first.tab(browser, id)
	tab.Until("done")
	time.Sleep(1600 * time.Millisecond) // due
	if page := click(tab, "Again"); !shownToken.MatchString(page) || strings.Contains(page, "error=") {
		t.Fatalf("the first replica did not renew: %s", page)
	}
	if n := len(p.refreshGrants()); n != 1 {
		t.Fatalf("%d refresh grants, want the first replica's 1", n)
	}

	// Cookies are per host, not per port: the browser sends the same
	// ones to the second replica, whose tokens cookie holds the spent one.
	other, _ := second.tab(browser, "")
	var notice string
	for {
		m := other.Read()
		if m.T == "notice" {
			notice = string(m.Raw)
		}
		if m.T == "done" && strings.Contains(string(m.Raw), "This app is private.") {
			break
		}
		// The run that met the refusal may show AccessToken's error
		// before the server logs the tab out; never a token.
		if m := shownToken.FindStringSubmatch(string(m.Raw)); m != nil && m[1] != "" {
			t.Fatalf("the second replica handed out a token after a spent refresh token: %s", m[0])
		}
		if m.T == "done" && strings.Contains(string(m.Raw), "expose_tokens") {
			t.Errorf("the ended login is reported as a configuration problem: %s", m.Raw)
		}
	}
	if !strings.Contains(notice, "Please log in again") {
		t.Errorf("the ended login has no message; notice %q", notice)
	}
	// x/oauth2 may try the header and then the body on a new replica,
	// so the spent token may be presented more than once.
	r := p.refreshGrants()
	if len(r) < 2 {
		t.Errorf("%d refresh grants: the second replica never presented the spent token", len(r))
	}
	for _, again := range r[1:] {
		if again != r[0] {
			t.Errorf("the second replica presented another refresh token than the spent one")
		}
	}
}
