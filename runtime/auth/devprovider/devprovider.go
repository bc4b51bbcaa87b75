// Package devprovider runs an OpenID Provider on loopback for developing
// and testing gost apps that log users in: its login page asks for a name
// and an email and logs you in as that person, no password.
//
//	p, err := devprovider.Start(ctx, devprovider.Options{})
//	defer p.Close()
//	secrets = secrets.WithAuth(p.Secrets(8501))
//
// It is zitadel/oidc's certified OpenID Provider library (pkg/op) over an
// in-memory storage, so apps meet real discovery, JWKS, PKCE, token,
// refresh (with the offline_access scope), revocation and end_session
// endpoints, not an imitation of the protocol. It refuses to
// listen anywhere but loopback and is not for production.
package devprovider

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/zitadel/oidc/v3/pkg/op"
	"golang.org/x/text/language"

	"github.com/gost-dev/gost/runtime/auth"
)

// Options configures [Start].
type Options struct {
	// Addr is the loopback address to listen on. Empty means
	// "127.0.0.1:0", a free port. Non-loopback addresses are refused.
	Addr string
	// ClientID and ClientSecret are the one client the provider knows.
	// Empty means "gost-dev" and a random secret.
	ClientID, ClientSecret string
	// RedirectURIs are accepted as redirect_uri and post_logout_redirect_uri
	// in addition to any http URI on 127.0.0.1 or localhost.
	RedirectURIs []string
	// Logger receives the provider's own log. Nil discards it.
	Logger *slog.Logger
	// AccessTokenLifetime is how long an access token is valid. Zero
	// means an hour, like Entra's.
	AccessTokenLifetime time.Duration
	// APIAudience, when set, makes access tokens JWTs signed with the
	// provider's key whose aud includes it, so an API on loopback can
	// check them the way Microsoft Graph checks Entra's (signature,
	// audience, expiry). ID tokens then name it too, with azp the client.
	APIAudience string
}

// Provider is a running development OpenID Provider.
type Provider struct {
	issuer       string
	clientID     string
	clientSecret string
	srv          *http.Server
	done         chan struct{}
}

// Start listens on opts.Addr and serves the provider until ctx is done or
// [Provider.Close] is called.
func Start(ctx context.Context, opts Options) (*Provider, error) {
	addr := opts.Addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("devprovider: address %q: %w", addr, err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return nil, fmt.Errorf("devprovider: refusing to listen on %q: the development provider logs anyone in and only serves loopback (127.0.0.1, ::1, localhost)", addr)
	}
	clientID, secret := opts.ClientID, opts.ClientSecret
	if clientID == "" {
		clientID = "gost-dev"
	}
	if secret == "" {
		secret = randomHex(32)
	}
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, fmt.Errorf("devprovider: signing key: %w", err)
	}
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("devprovider: %w", err)
	}
	issuer := "http://" + ln.Addr().String()
	st := &storage{
		client:   &client{id: clientID, secret: secret, redirectURIs: opts.RedirectURIs, api: opts.APIAudience},
		key:      signingKey{id: randomHex(8), key: key},
		requests: map[string]*authRequest{},
		codes:    map[string]string{},
		tokens:   map[string]*accessToken{},
		refresh:  map[string]*refreshToken{},
		users:    map[string]user{},

		accessLifetime: opts.AccessTokenLifetime,
	}
	if st.accessLifetime <= 0 {
		st.accessLifetime = time.Hour
	}
	var cryptoKey [32]byte
	rand.Read(cryptoKey[:])
	provider, err := op.NewProvider(&op.Config{
		CryptoKey:                cryptoKey,
		DefaultLogoutRedirectURI: loggedOutPath,
		CodeMethodS256:           true,
		GrantTypeRefreshToken:    true,
		AuthMethodPost:           true,
		SupportedUILocales:       []language.Tag{language.English},
	}, st, op.StaticIssuer(issuer), op.WithAllowInsecure(), op.WithLogger(logger))
	if err != nil {
		ln.Close()
		return nil, fmt.Errorf("devprovider: %w", err)
	}
	mux := http.NewServeMux()
	l := &loginPage{storage: st, callback: op.AuthCallbackURL(provider)}
	interceptor := op.NewIssuerInterceptor(provider.IssuerFromRequest)
	mux.Handle("GET "+loginPath, http.HandlerFunc(l.show))
	mux.Handle("POST "+loginPath, interceptor.HandlerFunc(l.submit))
	mux.HandleFunc("GET "+loggedOutPath, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, loggedOutHTML)
	})
	mux.Handle("/", provider)
	p := &Provider{issuer: issuer, clientID: clientID, clientSecret: secret, done: make(chan struct{}),
		srv: &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}}
	go func() {
		defer close(p.done)
		if err := p.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			logger.Error("devprovider: serve", "err", err)
		}
	}()
	go func() {
		select {
		case <-ctx.Done():
			p.Close()
		case <-p.done:
		}
	}()
	return p, nil
}

// Issuer is the provider's issuer URL, e.g. "http://127.0.0.1:41234".
func (p *Provider) Issuer() string { return p.issuer }

// MetadataURL is the discovery document's URL, the server_metadata_url.
func (p *Provider) MetadataURL() string { return p.issuer + "/.well-known/openid-configuration" }

// ClientID is the client_id of the one client the provider knows.
func (p *Provider) ClientID() string { return p.clientID }

// ClientSecret is that client's secret.
func (p *Provider) ClientSecret() string { return p.clientSecret }

// Close stops the provider and waits for it to stop serving.
func (p *Provider) Close() error {
	err := p.srv.Close()
	<-p.done
	return err
}

// Secrets returns an [auth] configuration for an app on port of this
// machine, with redirect_uri http://localhost:<port>/oauth2callback and a
// fresh random cookie_secret. Merge it with [auth.Secrets.WithAuth].
func (p *Provider) Secrets(port int) *auth.Secrets {
	return p.SecretsFor(fmt.Sprintf("http://localhost:%d/oauth2callback", port))
}

// SecretsFor is [Provider.Secrets] for an explicit redirect_uri.
func (p *Provider) SecretsFor(redirectURI string) *auth.Secrets {
	return auth.NewSecrets(map[string]any{"auth": map[string]any{
		"redirect_uri":        redirectURI,
		"cookie_secret":       randomHex(32),
		"client_id":           p.clientID,
		"client_secret":       p.clientSecret,
		"server_metadata_url": p.MetadataURL(),
	}}, "the gost development provider")
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func newID() string { return randomHex(16) }

func equal(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }

// subjectFor makes the same email the same person across logins, as a
// real provider would.
func subjectFor(email string) string {
	sum := sha256.Sum256([]byte(strings.ToLower(strings.TrimSpace(email))))
	return "dev-" + hex.EncodeToString(sum[:8])
}
