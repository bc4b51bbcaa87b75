package auth_test

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/gost-dev/gost/runtime/auth"
	"github.com/gost-dev/gost/runtime/auth/authtest"
	"github.com/gost-dev/gost/runtime/auth/internal/logintest"
)

const (
	testCookieSecret = "cookie-secret-0123456789abcdef-do-not-leak"
	testClientSecret = logintest.ClientSecret
)

// clock is a settable time source shared by the app's services.
type clock struct{ offset atomic.Int64 }

func (c *clock) Now() time.Time          { return time.Now().Add(time.Duration(c.offset.Load())) }
func (c *clock) Advance(d time.Duration) { c.offset.Add(int64(d)) }

// app is the shared login harness ([logintest.App]: an app server with
// the login mounted, a browser) on a clock the test can move.
type app struct {
	*logintest.App
	clock *clock
}

// newApp starts an app whose secrets are made by secrets once the port is
// known. replicas > 1 serves alternate requests from separate Services.
func newApp(t *testing.T, secrets func(port int) *auth.Secrets, replicas int) *app {
	t.Helper()
	c := &clock{}
	return &app{logintest.NewAppWith(t, secrets, logintest.Options{Replicas: replicas, Now: c.Now}), c}
}

// assertNoSecrets fails if a secret, the cookie secret or the client secret
// shows up in the logs.
func (a *app) assertNoSecrets(secrets ...string) {
	a.T.Helper()
	a.AssertNoSecrets(append(secrets, testCookieSecret)...)
}

// providerSecrets is an [auth] for the test provider p, with extra keys.
func providerSecrets(p *authtest.Server, extra map[string]any) func(int) *auth.Secrets {
	return func(int) *auth.Secrets {
		a := map[string]any{
			"redirect_uri":        "http://127.0.0.1:{port}/oauth2callback",
			"cookie_secret":       testCookieSecret,
			"client_id":           p.ClientID,
			"client_secret":       p.ClientSecret,
			"server_metadata_url": p.MetadataURL,
		}
		for k, v := range extra {
			a[k] = v
		}
		return auth.NewSecrets(map[string]any{"auth": a}, ".streamlit/secrets.toml")
	}
}

func newProvider(t *testing.T, opts authtest.Options) *authtest.Server {
	if opts.ClientSecret == "" {
		opts.ClientSecret = testClientSecret
	}
	return authtest.NewServer(t, opts)
}
