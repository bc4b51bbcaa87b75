package auth

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

const (
	// metadataTTL is how long discovered metadata is trusted before it is
	// fetched again. Keys rotate independently: go-oidc refetches the JWKS
	// when a token names a key it has not seen.
	metadataTTL = time.Hour
	// fetchTimeout bounds one metadata fetch so a hung provider turns into
	// a visible failure instead of a hung login.
	fetchTimeout = 10 * time.Second
	// leeway tolerates clock skew between us and the provider on exp.
	leeway = 2 * time.Minute
	// tenantPlaceholder is how Microsoft's multi-tenant metadata (common,
	// organizations) spells "the user's tenant" in its issuer.
	tenantPlaceholder = "{tenantid}"
)

// tenantID is the shape of an Entra tenant id, a GUID.
var tenantID = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// metadata is the part of an OpenID Provider's discovery document we use.
type metadata struct {
	Issuer        string   `json:"issuer"`
	AuthURL       string   `json:"authorization_endpoint"`
	TokenURL      string   `json:"token_endpoint"`
	JWKSURL       string   `json:"jwks_uri"`
	UserInfoURL   string   `json:"userinfo_endpoint"`
	EndSessionURL string   `json:"end_session_endpoint"`
	Algorithms    []string `json:"id_token_signing_alg_values_supported"`
}

// discovered is a provider ready for use: endpoints and a verifier whose
// key set is shared by every login, so keys are fetched once.
type discovered struct {
	meta     metadata
	oauth    *oauth2.Config
	algs     []string           // signing algorithms accepted for ID tokens
	keys     *oidc.RemoteKeySet // the provider's JWKS, refetched on an unknown kid
	verifier *oidc.IDTokenVerifier
	// tenantTemplate means meta.Issuer contains {tenantid}: the token's iss
	// must equal it with the placeholder replaced by the token's tid.
	tenantTemplate bool
	fetched        time.Time
}

// remote fetches and caches one provider's metadata. Fetches are lazy
// (New never talks to the network), deduplicated (concurrent logins share
// one fetch) and retried on the next use after a failure.
type remote struct {
	cfg      *providerConfig
	redirect string
	client   *http.Client
	now      func() time.Time

	mu       sync.Mutex
	cur      *discovered
	inflight chan struct{} // closed when the running fetch ends
	lastErr  error
}

// get returns the provider's current metadata, fetching it when there is
// none or it is older than metadataTTL. The fetch runs detached from ctx so
// that one impatient caller does not fail the others waiting on it. A
// failed refresh keeps serving the previous metadata, since a provider blip
// should not break logins.
func (r *remote) get(ctx context.Context) (*discovered, error) {
	r.mu.Lock()
	if r.cur != nil && r.now().Sub(r.cur.fetched) < metadataTTL {
		d := r.cur
		r.mu.Unlock()
		return d, nil
	}
	if r.inflight == nil {
		done := make(chan struct{})
		r.inflight = done
		go func() {
			d, err := r.fetch(context.WithoutCancel(ctx))
			r.mu.Lock()
			if err == nil {
				r.cur = d
			}
			r.lastErr = err
			r.inflight = nil
			r.mu.Unlock()
			close(done)
		}()
	}
	wait := r.inflight
	r.mu.Unlock()
	select {
	case <-wait:
	case <-ctx.Done():
		return nil, fmt.Errorf("auth: discover %s provider: %w", r.cfg.name, ctx.Err())
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cur != nil {
		return r.cur, nil
	}
	return nil, r.lastErr
}

func (r *remote) fetch(ctx context.Context) (*discovered, error) {
	ctx, cancel := context.WithTimeout(ctx, fetchTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, r.cfg.metadataURL, nil)
	if err != nil {
		return nil, fmt.Errorf("auth: discover %s provider: %w", r.cfg.name, err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := r.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("auth: discover %s provider: %w", r.cfg.name, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, fmt.Errorf("auth: discover %s provider: read %s: %w", r.cfg.name, r.cfg.metadataURL, err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("auth: discover %s provider: GET %s: %s", r.cfg.name, r.cfg.metadataURL, resp.Status)
	}
	var m metadata
	if err := json.Unmarshal(body, &m); err != nil {
		// A common mistake (Streamlit #11591) is the authorize URL here:
		// say what was expected rather than echo a JSON syntax error.
		return nil, fmt.Errorf("auth: discover %s provider: %s is not an OpenID configuration document (server_metadata_url should end in /.well-known/openid-configuration): %w", r.cfg.name, r.cfg.metadataURL, err)
	}
	if m.Issuer == "" || m.AuthURL == "" || m.TokenURL == "" || m.JWKSURL == "" {
		return nil, fmt.Errorf("auth: discover %s provider: %s lacks issuer, authorization_endpoint, token_endpoint or jwks_uri", r.cfg.name, r.cfg.metadataURL)
	}
	for _, u := range []string{m.AuthURL, m.TokenURL, m.JWKSURL} {
		if !validRemoteURL(u) {
			return nil, fmt.Errorf("auth: discover %s provider: endpoint %q is not an https URL", r.cfg.name, u)
		}
	}
	return r.build(ctx, m), nil
}

func (r *remote) build(ctx context.Context, m metadata) *discovered {
	// Algorithms the provider announces that go-oidc can verify; "none" and
	// HMAC never make it through, so an unsigned token cannot pass.
	var algs []string
	for _, a := range m.Algorithms {
		if slices.Contains(signingAlgs, a) {
			algs = append(algs, a)
		}
	}
	if len(algs) == 0 {
		algs = []string{oidc.RS256}
	}
	template := strings.Contains(m.Issuer, tenantPlaceholder)
	// The metadata URL is not required to sit under the issuer (Entra's
	// consumers document publishes another tenant's issuer), so the
	// provider is built from the document rather than oidc.NewProvider;
	// the token's iss is still checked exactly against the published one.
	// The metadata URL is not required to sit under the issuer (Entra's
	// consumers document publishes another tenant's issuer), so the
	// verifier is built from the document rather than oidc.NewProvider;
	// the token's iss is still checked exactly against the published one.
	keys := oidc.NewRemoteKeySet(oidc.ClientContext(context.WithoutCancel(ctx), r.client), m.JWKSURL)
	verifier := oidc.NewVerifier(m.Issuer, keys, &oidc.Config{
		ClientID:             r.cfg.clientID,
		SupportedSigningAlgs: algs,
		// Only for {tenantid} issuers, which can match no token literally;
		// checkIssuer does the check instead.
		SkipIssuerCheck: template,
		Now:             func() time.Time { return r.now().Add(-leeway) },
	})
	return &discovered{
		meta: m,
		oauth: &oauth2.Config{
			ClientID:     r.cfg.clientID,
			ClientSecret: r.cfg.clientSecret,
			Endpoint:     oauth2.Endpoint{AuthURL: m.AuthURL, TokenURL: m.TokenURL, AuthStyle: r.cfg.authStyle},
			RedirectURL:  r.redirect,
			Scopes:       r.cfg.scopes,
		},
		algs:           algs,
		keys:           keys,
		verifier:       verifier,
		tenantTemplate: template,
		fetched:        r.now(),
	}
}

var signingAlgs = []string{oidc.RS256, oidc.RS384, oidc.RS512, oidc.ES256, oidc.ES384,
	oidc.ES512, oidc.PS256, oidc.PS384, oidc.PS512, oidc.EdDSA}

// checkIssuer enforces the issuer template of multi-tenant metadata: the
// token must name a tenant (tid) and be issued by exactly that tenant.
// Without this a token from any tenant, or one whose iss disagrees with its
// tid, would be accepted.
func (d *discovered) checkIssuer(iss string, claims map[string]any) error {
	if !d.tenantTemplate {
		return nil // go-oidc compared iss exactly
	}
	tid, _ := claims["tid"].(string)
	if !tenantID.MatchString(tid) {
		return fmt.Errorf("auth: verify id token: issuer %q is a tenant template but the token's tid claim is not a tenant id", d.meta.Issuer)
	}
	want := strings.ReplaceAll(d.meta.Issuer, tenantPlaceholder, tid)
	if iss != want {
		return fmt.Errorf("auth: verify id token: id token issued by a different provider, expected %q (tenant %s) got %q", want, tid, iss)
	}
	return nil
}
