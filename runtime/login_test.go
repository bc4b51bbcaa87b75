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
	"strings"
	"testing"

	"github.com/gorilla/websocket"
	"github.com/gost-dev/gost/internal/devloop"
	"github.com/gost-dev/gost/runtime/auth"
	"github.com/gost-dev/gost/runtime/auth/authtest"
	"github.com/gost-dev/gost/st"
)

// tutorialApp is examples/auth: the app of Streamlit's Entra tutorial.
// The tests that log in to it, against the development provider, are in
// runtime/auth/devprovider/login_test.go: that provider is a module of its
// own, to keep its OpenID library out of the modules of apps.
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

// TestLoginFailureDetailUnderGostRun: under gost run (the server has a
// handoff directory) the page says what went wrong for the developer;
// otherwise only the plain message. It is here, not with the other login
// tests in runtime/auth/devprovider, because only gost run (Serve) gives a
// server its handoff directory; the test provider stands in for the
// development one, which the browser never leaves for here.
func TestLoginFailureDetailUnderGostRun(t *testing.T) {
	for _, dev := range []bool{false, true} {
		t.Run(fmt.Sprint("under gost run ", dev), func(t *testing.T) {
			p := authtest.NewServer(t, authtest.Options{})
			srv, ts := testServer(t, tutorialApp)
			if dev {
				srv.setReloadConfig(t.TempDir(), false)
			}
			srv.SetSecrets(auth.NewSecrets(map[string]any{"auth": map[string]any{
				"redirect_uri": ts.URL + "/oauth2callback", "cookie_secret": "0123456789abcdef0123456789abcdef",
				"client_id": p.ClientID, "client_secret": p.ClientSecret, "server_metadata_url": p.MetadataURL,
			}}, "test"), nil, 0)
			jar, _ := cookiejar.New(nil)
			app, _ := url.Parse(ts.URL)
			// The browser starts a login and stays at the provider: the
			// login is in progress when a forged callback arrives.
			client := &http.Client{Jar: jar, CheckRedirect: func(req *http.Request, _ []*http.Request) error {
				if req.URL.Host != app.Host {
					return http.ErrUseLastResponse
				}
				return nil
			}}
			tab := dialWithCookies(t, ts, jar)
			tab.hello("", nil)
			tab.until("done")
			tab.send(map[string]any{"t": "rerun", "trigger": "button:Log in with Microsoft"})
			resp, err := client.Get(tab.until("redirect").URL)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if loc := resp.Header.Get("Location"); !strings.HasPrefix(loc, p.URL+"/authorize") {
				t.Fatalf("the login did not go to the provider: %d, Location %q", resp.StatusCode, loc)
			}
			resp, err = client.Get(ts.URL + "/oauth2callback?code=x&state=forged")
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			tab = dialWithCookies(t, ts, jar)
			tab.hello("", nil)
			var notice string
			for notice == "" {
				if m := tab.read(); m.T == "notice" {
					notice = string(m.raw)
				} else if m.T == "done" {
					t.Fatal("no notice")
				}
			}
			if got := strings.Contains(notice, "matches no login in progress"); got != dev {
				t.Errorf("under gost run %v: notice %s", dev, notice)
			}
			if !strings.Contains(notice, "Please log in again") {
				t.Errorf("the plain message is missing: %s", notice)
			}
		})
	}
}

// dialWithCookies opens a websocket the way a tab of a browser with the
// cookies of jar would.
func dialWithCookies(t *testing.T, ts *httptest.Server, jar http.CookieJar) *browser {
	t.Helper()
	u, _ := url.Parse(ts.URL)
	h := http.Header{"Origin": {ts.URL}}
	for _, c := range jar.Cookies(u) {
		h.Add("Cookie", c.Name+"="+c.Value)
	}
	ws, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(ts.URL, "http")+"/_gost/stream", h)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	t.Cleanup(func() { ws.Close() })
	return &browser{t, ws}
}
