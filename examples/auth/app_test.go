package main

// End to end, the way the tutorial's reader meets the app: in a headless
// chromium, against the development OpenID Provider on loopback.

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/gost-dev/gost/internal/browsertest"
	"github.com/gost-dev/gost/runtime"
	"github.com/gost-dev/gost/runtime/auth"
	"github.com/gost-dev/gost/runtime/auth/devprovider"
	"github.com/gost-dev/gost/st"
)

func TestMain(m *testing.M) { os.Exit(browsertest.Main(m)) }

// serve serves App with login through a development provider.
func serve(t *testing.T) string {
	t.Helper()
	return serveApp(t, App)
}

// serveApp serves app with login through a development provider.
func serveApp(t *testing.T, app func(*st.Ctx)) string {
	t.Helper()
	return serveAppWith(t, app, nil)
}

// serveAppWith is serveApp with the app's [auth] changed by edit, if not
// nil, before the app gets it.
func serveAppWith(t *testing.T, app func(*st.Ctx), edit func(auth map[string]any)) string {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	dev, err := devprovider.Start(context.Background(), devprovider.Options{Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { dev.Close() })
	srv := runtime.NewServer(app, runtime.Options{}, log)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	secrets := dev.SecretsFor(ts.URL + "/oauth2callback")
	if edit != nil {
		a := secrets.Raw["auth"].(map[string]any)
		edit(a)
		secrets = auth.NewSecrets(map[string]any{"auth": a}, "test")
	}
	srv.SetSecrets(secrets, nil, 0)
	return ts.URL + "/"
}

// logIn fills in the development provider's form.
func logIn(p *browsertest.Page, name, email string) {
	p.WaitText("gost development login")
	p.Fill("Name", name)
	p.Fill("Email", email)
	p.Exec(`document.querySelector("form button[type=submit]").click()`)
}

func TestLoginReloadLogout(t *testing.T) {
	t.Parallel()
	url := serve(t)
	p := browsertest.New(t)
	p.Open(url)
	p.WaitText("This app is private.")
	p.WaitText("Please log in.")

	p.Click("Log in with Microsoft")
	logIn(p, "Ada Lovelace", "ada@example.com")
	p.WaitText("Welcome, Ada Lovelace!")
	if p.HasText("This app is private.") {
		t.Error("the login screen is still shown after login")
	}

	p.Open(url) // a reload keeps the login
	p.WaitText("Welcome, Ada Lovelace!")

	p.Click("Log out")
	p.WaitText("This app is private.")
	p.WaitText("Log in with Microsoft")
	p.Open(url) // and a reload keeps the logout
	p.WaitText("This app is private.")
}

func TestLogoutReachesTheOtherTabs(t *testing.T) {
	t.Parallel()
	url := serve(t)
	p := browsertest.New(t)
	p.Open(url)
	p.Click("Log in with Microsoft")
	logIn(p, "Grace Hopper", "grace@example.com")
	p.WaitText("Welcome, Grace Hopper!")

	other := p.NewTab()
	other.Open(url)
	other.WaitText("Welcome, Grace Hopper!")
	other.Exec(`window.__marker = 1`)

	p.Click("Log out")
	p.WaitText("This app is private.")
	// The other tab shows the login screen by itself, without a reload.
	other.WaitText("This app is private.")
	if !browsertest.Eval[bool](other, `window.__marker === 1`) {
		t.Error("the other tab was reloaded; it should have been updated in place")
	}
}

func TestCancelledLoginSaysSoAndOffersTheButton(t *testing.T) {
	t.Parallel()
	url := serve(t)
	p := browsertest.New(t)
	p.Open(url)
	p.Click("Log in with Microsoft")
	p.WaitText("gost development login")
	// The user goes back to the app with a callback the app did not start
	// (a stale or replayed one): the app says so and offers the login again.
	p.Open(url + "oauth2callback?code=stale&state=stale")
	p.WaitText("Please log in again")
	p.WaitText("Log in with Microsoft")
}
