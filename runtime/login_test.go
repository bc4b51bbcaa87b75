package runtime

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gost-dev/gost/internal/devloop"
	"github.com/gost-dev/gost/runtime/auth"
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
