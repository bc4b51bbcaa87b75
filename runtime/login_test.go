package runtime

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gorilla/websocket"
	"github.com/gost-dev/gost/internal/devloop"
	"github.com/gost-dev/gost/runtime/auth"
	"github.com/gost-dev/gost/runtime/auth/devprovider"
	"github.com/gost-dev/gost/st"
)

// tutorialApp is examples/auth: the app of Streamlit's Entra tutorial.
func tutorialApp(st *st.Ctx) {
	if !st.User().IsLoggedIn {
		st.Header("This app is private.")
		st.Subheader("Please log in.")
		st.Button("Log in with Microsoft", st.OnClick(st.Login))
	} else {
		st.Header(fmt.Sprintf("Welcome, %s!", st.User().Name))
		st.Button("Log out", st.OnClick(st.Logout))
	}
}

// loginWorld is an app with login configured against the development
// provider, and a browser (an HTTP client with a cookie jar) to use it.
type loginWorld struct {
	t      *testing.T
	ts     *httptest.Server
	srv    *Server
	client *http.Client
}

func newLoginWorld(t *testing.T, app func(*st.Ctx)) *loginWorld {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	dev, err := devprovider.Start(context.Background(), devprovider.Options{Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { dev.Close() })
	srv := NewServer(app, Options{}, log)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	srv.SetSecrets(dev.SecretsFor(ts.URL+"/oauth2callback"), nil, 0)
	jar, _ := cookiejar.New(nil)
	return &loginWorld{t: t, ts: ts, srv: srv, client: &http.Client{Jar: jar}}
}

// tab opens a websocket the way a tab of the browser would: with its cookies.
func (w *loginWorld) tab(session string) (*browser, string) {
	w.t.Helper()
	u, _ := url.Parse(w.ts.URL)
	h := http.Header{"Origin": {w.ts.URL}}
	for _, c := range w.client.Jar.Cookies(u) {
		h.Add("Cookie", c.Name+"="+c.Value)
	}
	ws, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(w.ts.URL, "http")+"/_gost/stream", h)
	if err != nil {
		w.t.Fatalf("dial: %v", err)
	}
	w.t.Cleanup(func() { ws.Close() })
	b := &browser{w.t, ws}
	id := b.hello(session, nil).ID
	return b, id
}

var formID = regexp.MustCompile(`name="id" value="([^"]+)"`)

// logIn follows a login redirect through the development provider's form.
func (w *loginWorld) logIn(loginURL, name, email string) *http.Response {
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
	form := url.Values{"id": {string(m[1])}, "name": {name}, "email": {email}}
	resp, err = w.client.PostForm(resp.Request.URL.Scheme+"://"+resp.Request.URL.Host+"/login", form)
	if err != nil {
		w.t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

func TestLoginLogoutFlowOverWebsocket(t *testing.T) {
	w := newLoginWorld(t, tutorialApp)
	tab, id := w.tab("")
	if done := tab.until("done"); !strings.Contains(string(done.raw), "This app is private.") {
		t.Fatalf("first page is not the login screen: %s", done.raw)
	}
	tab.send(map[string]any{"t": "rerun", "trigger": "button:Log in with Microsoft"})
	redirect := tab.until("redirect")
	resp := w.logIn(redirect.URL, "Ada Lovelace", "ada@example.com")
	if resp.Request.URL.Path != "/" || resp.StatusCode != 200 {
		t.Fatalf("the login did not land back on the app: %d %s", resp.StatusCode, resp.Request.URL)
	}

	// The page loads again after the login and resumes its session.
	tab, id2 := w.tab(id)
	if id2 != id {
		t.Errorf("logging in lost the session: %s, then %s", id, id2)
	}
	if done := tab.until("done"); !strings.Contains(string(done.raw), "Welcome, Ada Lovelace!") {
		t.Fatalf("after login the page is %s", done.raw)
	}
	other, _ := w.tab("") // a second tab of the same browser
	if done := other.until("done"); !strings.Contains(string(done.raw), "Welcome, Ada Lovelace!") {
		t.Fatalf("the second tab is not logged in: %s", done.raw)
	}

	tab.send(map[string]any{"t": "rerun", "trigger": "button:Log out"})
	logout := tab.until("redirect")
	resp, err := w.client.Get(logout.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Request.URL.Host != strings.TrimPrefix(w.ts.URL, "http://") {
		t.Errorf("logout ended at %s, not back on the app", resp.Request.URL)
	}
	// The other tab shows the login screen without a reload: the server
	// pushes it.
	if done := other.until("done"); !strings.Contains(string(done.raw), "This app is private.") {
		t.Errorf("the other tab did not log out: %s", done.raw)
	}
	again, _ := w.tab(id)
	if done := again.until("done"); !strings.Contains(string(done.raw), "This app is private.") {
		t.Errorf("after logout a reload shows %s", done.raw)
	}
}

func TestLoginFailureIsShownOnThePage(t *testing.T) {
	w := newLoginWorld(t, tutorialApp)
	tab, _ := w.tab("")
	tab.until("done")
	tab.send(map[string]any{"t": "rerun", "trigger": "button:Log in with Microsoft"})
	loginURL := tab.until("redirect").URL
	// Start the login, then come back to the callback with a forged state:
	// as a replayed or stale callback would.
	resp, err := w.client.Get(loginURL)
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
	for {
		m := tab.read()
		if m.T == "notice" {
			if !strings.Contains(string(m.raw), "Please log in again") {
				t.Errorf("notice %s", m.raw)
			}
			break
		}
		if m.T == "done" {
			t.Fatalf("no notice of the failed login before the page")
		}
	}
	if done := tab.until("done"); !strings.Contains(string(done.raw), "Log in with Microsoft") {
		t.Errorf("the login button is not offered again: %s", done.raw)
	}
}

func TestConfigErrorsShowInThePage(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv := NewServer(tutorialApp, Options{}, log)
	ts := httptest.NewServer(srv)
	defer ts.Close()
	secret := "s3cret-client-secret-value"
	srv.SetSecrets(auth.NewSecrets(map[string]any{"auth": map[string]any{
		"cookie_secret": "0123456789abcdef0123456789abcdef", "client_id": "x", "client_secret": secret,
		"server_metadata_url": "https://login.example.com/.well-known/openid-configuration",
	}}, ".gost/secrets.toml"), nil, 0)
	b := dial(t, ts)
	b.hello("", nil)
	b.until("done")
	b.send(map[string]any{"t": "rerun", "trigger": "button:Log in with Microsoft"})
	done := b.until("done")
	page := string(done.raw)
	if !strings.Contains(page, "redirect_uri") || !strings.Contains(page, ".gost/secrets.toml") {
		t.Errorf("the error does not name the key and the file: %s", page)
	}
	if strings.Contains(page, secret) {
		t.Errorf("the page shows the client secret: %s", page)
	}
}

func TestDevAuthFlagIsForGostRun(t *testing.T) {
	err := Serve(context.Background(), func(*st.Ctx) {}, Options{DevAuth: true})
	if !errors.Is(err, errDevAuthFlag) {
		t.Errorf("a built app run with --dev-auth: %v, want %v", err, errDevAuthFlag)
	}
}

func TestDevAuthFromEnv(t *testing.T) {
	t.Setenv(devloop.DevAuthEnv, "")
	if s, err := devAuthFromEnv(); s != nil || err != nil {
		t.Errorf("without %s: %v, %v; want nothing", devloop.DevAuthEnv, s, err)
	}
	t.Setenv(devloop.DevAuthEnv, `{"client_id":"gost-dev","cookie_secret":"fixed"}`)
	s, err := devAuthFromEnv()
	if err != nil {
		t.Fatal(err)
	}
	if a := s.Raw["auth"].(map[string]any); a["client_id"] != "gost-dev" || a["cookie_secret"] != "fixed" {
		t.Errorf("[auth] = %v", a)
	}
	if src := s.Source("auth.client_id"); !strings.Contains(src, "development provider") {
		t.Errorf("source of auth.client_id = %q, want the development provider", src)
	}
	t.Setenv(devloop.DevAuthEnv, `{"client_id":`)
	if _, err := devAuthFromEnv(); err == nil || !strings.Contains(err.Error(), devloop.DevAuthEnv) {
		t.Errorf("malformed %s: %v, want an error naming it", devloop.DevAuthEnv, err)
	}
}

func TestMalformedSecretsFileShowsInThePage(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, ".gost"), 0o700); err != nil {
		t.Fatal(err)
	}
	secret := "do-not-show-this-secret"
	bad := "[auth]\nclient_secret = \"" + secret + "\"\nredirect_uri = \n"
	if err := os.WriteFile(filepath.Join(dir, ".gost", "secrets.toml"), []byte(bad), 0o600); err != nil {
		t.Fatal(err)
	}
	secrets, err := auth.LoadSecrets(dir, "", nil)
	if err == nil {
		t.Fatal("a malformed secrets.toml loaded without error")
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv := NewServer(func(st *st.Ctx) {
		st.Button("Log in", st.OnClick(st.Login))
		st.Write(st.Secrets())
	}, Options{}, log)
	ts := httptest.NewServer(srv)
	defer ts.Close()
	srv.SetSecrets(secrets, err, 0)
	b := dial(t, ts)
	b.hello("", nil)
	first := string(b.until("done").raw)
	b.send(map[string]any{"t": "rerun", "trigger": "button:Log in"})
	page := string(b.until("done").raw)
	for _, p := range []string{first, page} {
		if !strings.Contains(p, ".gost/secrets.toml") || !strings.Contains(p, "line 3") {
			t.Errorf("the page does not name the file and line: %s", p)
		}
		if strings.Contains(p, secret) {
			t.Errorf("the page shows a secret: %s", p)
		}
	}
	// The server goes on serving.
	resp, err := http.Get(ts.URL + "/healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Errorf("healthz after a broken secrets file: %v %v", resp, err)
	}
}

func TestWriteUserShowsEveryClaim(t *testing.T) {
	w := newLoginWorld(t, func(st *st.Ctx) {
		if !st.User().IsLoggedIn {
			st.Button("Log in", st.OnClick(st.Login))
			return
		}
		st.Write(st.User())
	})
	tab, id := w.tab("")
	tab.until("done")
	tab.send(map[string]any{"t": "rerun", "trigger": "button:Log in"})
	w.logIn(tab.until("redirect").URL, "Ada Lovelace", "ada@example.com")
	tab, _ = w.tab(id)
	page := string(tab.until("done").raw)
	for _, want := range []string{`"is_logged_in":true`, `"email":"ada@example.com"`, `"name":"Ada Lovelace"`, `"sub":`, `"iss":`} {
		if !strings.Contains(page, want) {
			t.Errorf("st.Write(st.User()) lacks %s: %s", want, page)
		}
	}
}
