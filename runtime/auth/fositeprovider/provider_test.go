package fositeprovider_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"html/template"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v3"
	"github.com/ory/fosite"
	"github.com/ory/fosite/compose"
	"github.com/ory/fosite/handler/openid"
	"github.com/ory/fosite/storage"
	"github.com/ory/fosite/token/jwt"
)

// realm is the provider's issuer path, the way Keycloak puts a realm's
// issuer under /realms/<name>.
const realm = "/realms/gost"

// Keycloak's endpoint paths under the realm.
const (
	metadataPath   = realm + "/.well-known/openid-configuration"
	authPath       = realm + "/protocol/openid-connect/auth"
	tokenPath      = realm + "/protocol/openid-connect/token"
	certsPath      = realm + "/protocol/openid-connect/certs"
	userinfoPath   = realm + "/protocol/openid-connect/userinfo"
	revocationPath = realm + "/protocol/openid-connect/revoke"
)

// person is an account of the provider's realm.
type person struct {
	password, sub, name, email string
	roles, groups              []string
}

// people are the realm's accounts, by username.
var people = map[string]person{
	"ada": {password: "analytical-engine", sub: "6a0c1e0b-ada", name: "Ada Lovelace", email: "ada@example.com",
		roles: []string{"admin", "offline_access", "uma_authorization"}, groups: []string{"/staff", "/staff/maths"}},
	"grace": {password: "compiler-1952", sub: "9f3b7c2d-grace", name: "Grace Hopper", email: "grace@example.com",
		roles: []string{"offline_access"}, groups: []string{"/navy"}},
}

// opOptions shapes a provider.
type opOptions struct {
	// authMethod is how the client must authenticate at the token
	// endpoint: "client_secret_post" (empty) or "client_secret_basic".
	// fosite refuses the other one with invalid_client.
	authMethod string
	// accessLifetime of access tokens; zero means an hour.
	accessLifetime time.Duration
}

// provider is an OpenID Provider on loopback built on Ory fosite: fosite
// does the protocol (authorization requests and their validation, PKCE,
// codes, ID tokens with nonce and at_hash, refresh with rotation,
// revocation, introspection); this file adds what fosite leaves to the
// program around it, as Ory Hydra does: the discovery document, the JWKS,
// the login page and the userinfo answer.
type provider struct {
	srv          *httptest.Server
	issuer       string
	clientID     string
	clientSecret string
	authMethod   string
	key          *ecdsa.PrivateKey
	kid          string
	oauth        fosite.OAuth2Provider

	mu       sync.Mutex
	requests []url.Values // the query of every authorization request
	tokenAs  []string     // how each token request authenticated the client
	refresh  []string     // the refresh token of each refresh_token grant
}

// startProvider starts a provider; it stops when the test ends.
func startProvider(t *testing.T, o opOptions) *provider {
	t.Helper()
	p := &provider{clientID: "gost-app", clientSecret: randomHex(24), authMethod: o.authMethod, kid: randomHex(8)}
	if p.authMethod == "" {
		p.authMethod = "client_secret_post"
	}
	var err error
	if p.key, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	p.srv = httptest.NewServer(mux)
	t.Cleanup(p.srv.Close)
	p.issuer = p.srv.URL + realm

	lifetime := o.accessLifetime
	if lifetime == 0 {
		lifetime = time.Hour
	}
	config := &fosite.Config{
		IDTokenIssuer:        p.issuer,
		AccessTokenIssuer:    p.issuer,
		TokenURL:             p.srv.URL + tokenPath,
		AccessTokenLifespan:  lifetime,
		RefreshTokenLifespan: 24 * time.Hour,
		IDTokenLifespan:      time.Hour,
		GlobalSecret:         []byte(randomHex(16)),
		EnforcePKCE:          true,
		// Strict about prompt, as OpenID Connect allows: select_account,
		// which Streamlit sends by default, is answered invalid_request.
		AllowedPromptValues: []string{"none", "login", "consent"},
		HashCost:            4, // bcrypt's least: client secrets are checked on every token request
	}
	store := storage.NewMemoryStore()
	hashed, err := config.GetSecretsHasher(context.Background()).Hash(context.Background(), []byte(p.clientSecret))
	if err != nil {
		t.Fatal(err)
	}
	store.Clients[p.clientID] = &fosite.DefaultOpenIDConnectClient{
		DefaultClient: &fosite.DefaultClient{
			ID:     p.clientID,
			Secret: hashed,
			// A loopback redirect URI matches on any port (RFC 8252 7.3).
			RedirectURIs:  []string{"http://127.0.0.1/oauth2callback"},
			GrantTypes:    []string{"authorization_code", "refresh_token"},
			ResponseTypes: []string{"code"},
			Scopes:        []string{"openid", "profile", "email", "offline_access"},
		},
		TokenEndpointAuthMethod: p.authMethod,
	}
	keyGetter := func(context.Context) (any, error) { return p.key, nil }
	p.oauth = compose.Compose(config, store, &compose.CommonStrategy{
		CoreStrategy:               compose.NewOAuth2HMACStrategy(config),
		OpenIDConnectTokenStrategy: compose.NewOpenIDConnectStrategy(keyGetter, config),
		Signer:                     &jwt.DefaultSigner{GetPrivateKey: keyGetter},
	},
		compose.OAuth2AuthorizeExplicitFactory,
		compose.OAuth2RefreshTokenGrantFactory,
		compose.OpenIDConnectExplicitFactory,
		compose.OpenIDConnectRefreshFactory,
		compose.OAuth2TokenIntrospectionFactory,
		compose.OAuth2TokenRevocationFactory,
		compose.OAuth2PKCEFactory,
	)

	mux.HandleFunc("GET "+metadataPath, p.metadata)
	mux.HandleFunc("GET "+certsPath, p.certs)
	mux.HandleFunc(authPath, p.authorize)
	mux.HandleFunc("POST "+tokenPath, p.token)
	mux.HandleFunc(userinfoPath, p.userinfo)
	mux.HandleFunc("POST "+revocationPath, p.revoke)
	return p
}

// MetadataURL is the server_metadata_url of the realm.
func (p *provider) MetadataURL() string { return p.srv.URL + metadataPath }

// table is the [auth] (or [auth.<name>]) entries for this provider.
func (p *provider) table() map[string]any {
	return map[string]any{"client_id": p.clientID, "client_secret": p.clientSecret, "server_metadata_url": p.MetadataURL()}
}

// authorizeRequests returns the query of every authorization request so far.
func (p *provider) authorizeRequests() []url.Values {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.requests)
}

// tokenAuths says how each token request so far authenticated the client
// ("basic" or "post") and whether fosite accepted it ("basic:401").
func (p *provider) tokenAuths() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.tokenAs)
}

// refreshGrants returns the refresh token each refresh_token grant so far
// presented.
func (p *provider) refreshGrants() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.refresh)
}

func (p *provider) metadata(w http.ResponseWriter, r *http.Request) {
	e := func(path string) string { return p.srv.URL + path }
	writeJSON(w, http.StatusOK, map[string]any{
		"issuer":                                p.issuer,
		"authorization_endpoint":                e(authPath),
		"token_endpoint":                        e(tokenPath),
		"jwks_uri":                              e(certsPath),
		"userinfo_endpoint":                     e(userinfoPath),
		"revocation_endpoint":                   e(revocationPath),
		"response_types_supported":              []string{"code"},
		"grant_types_supported":                 []string{"authorization_code", "refresh_token"},
		"subject_types_supported":               []string{"public"},
		"id_token_signing_alg_values_supported": []string{"ES256"},
		"scopes_supported":                      []string{"openid", "profile", "email", "offline_access"},
		"token_endpoint_auth_methods_supported": []string{p.authMethod},
		"code_challenge_methods_supported":      []string{"S256"},
		"prompt_values_supported":               []string{"none", "login", "consent"},
		"claims_supported": []string{"sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "at_hash",
			"name", "preferred_username", "email", "email_verified", "realm_access", "groups"},
	})
}

func (p *provider) certs(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, jose.JSONWebKeySet{Keys: []jose.JSONWebKey{
		{Key: &p.key.PublicKey, KeyID: p.kid, Algorithm: "ES256", Use: "sig"},
	}})
}

var loginPage = template.Must(template.New("login").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in to gost</title></head><body>
<h1>Sign in to your account</h1>
{{if .Error}}<p class="error">{{.Error}}</p>{{end}}
<form id="kc-form-login" method="post" action="{{.Action}}">
<label>Username <input name="username" value="{{.Username}}" autofocus></label>
<label>Password <input name="password" type="password"></label>
<button type="submit">Sign in</button>
<button type="submit" name="cancel" value="on">Cancel</button>
</form></body></html>`))

// authorize is the authorization endpoint: fosite checks the request; a
// GET shows the login page, whose POST (to the same URL) logs the person
// in and lets fosite answer with a code, or with an error such as an
// unsupported prompt.
func (p *provider) authorize(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if r.Method == http.MethodGet {
		p.mu.Lock()
		p.requests = append(p.requests, r.URL.Query())
		p.mu.Unlock()
	}
	ar, err := p.oauth.NewAuthorizeRequest(ctx, r)
	if err != nil {
		p.oauth.WriteAuthorizeError(ctx, w, ar, err)
		return
	}
	page := struct{ Action, Username, Error string }{Action: r.URL.RequestURI()}
	if r.Method != http.MethodPost {
		render(w, http.StatusOK, page)
		return
	}
	if r.PostFormValue("cancel") != "" { // as Keycloak's Cancel: access_denied
		p.oauth.WriteAuthorizeError(ctx, w, ar, fosite.ErrAccessDenied.WithHint("The user cancelled the login."))
		return
	}
	page.Username = r.PostFormValue("username")
	who, ok := people[page.Username]
	if !ok || who.password != r.PostFormValue("password") {
		page.Error = "Invalid username or password."
		render(w, http.StatusOK, page)
		return
	}
	for _, s := range ar.GetRequestedScopes() {
		if slices.Contains([]string{"openid", "profile", "email", "offline_access"}, s) {
			ar.GrantScope(s)
		}
	}
	scopes := ar.GetGrantedScopes()
	extra := map[string]any{
		"realm_access": map[string]any{"roles": who.roles},
		"groups":       who.groups,
	}
	if scopes.Has("profile") {
		extra["name"], extra["preferred_username"] = who.name, page.Username
	}
	if scopes.Has("email") {
		extra["email"], extra["email_verified"] = who.email, true
	}
	now := time.Now().UTC() // not truncated: prompt=login needs auth_time ≥ the request's time
	session := &openid.DefaultSession{
		Claims:  &jwt.IDTokenClaims{Subject: who.sub, AuthTime: now, RequestedAt: ar.GetRequestedAt(), Extra: extra},
		Headers: &jwt.Headers{Extra: map[string]any{"kid": p.kid}},
		Subject: who.sub, Username: page.Username,
	}
	resp, err := p.oauth.NewAuthorizeResponse(ctx, ar, session)
	if err != nil {
		p.oauth.WriteAuthorizeError(ctx, w, ar, err)
		return
	}
	p.oauth.WriteAuthorizeResponse(ctx, w, ar, resp)
}

func (p *provider) token(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	how := "post"
	if _, _, basic := r.BasicAuth(); basic {
		how = "basic"
	}
	if r.PostFormValue("grant_type") == "refresh_token" {
		p.mu.Lock()
		p.refresh = append(p.refresh, r.PostFormValue("refresh_token"))
		p.mu.Unlock()
	}
	ar, err := p.oauth.NewAccessRequest(ctx, r, newSession())
	if err == nil {
		var resp fosite.AccessResponder
		if resp, err = p.oauth.NewAccessResponse(ctx, ar); err == nil {
			p.recordToken(how)
			p.oauth.WriteAccessResponse(ctx, w, ar, resp)
			return
		}
	}
	p.recordToken(how + ":" + fosite.ErrorToRFC6749Error(err).ErrorField)
	p.oauth.WriteAccessError(ctx, w, ar, err)
}

func (p *provider) recordToken(s string) {
	p.mu.Lock()
	p.tokenAs = append(p.tokenAs, s)
	p.mu.Unlock()
}

// userinfo answers for an access token fosite issued and still accepts,
// with the claims of its login.
func (p *provider) userinfo(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	_, ar, err := p.oauth.IntrospectToken(ctx, fosite.AccessTokenFromRequest(r), fosite.AccessToken, newSession())
	if err != nil {
		w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
		writeJSON(w, http.StatusUnauthorized, map[string]any{"error": "invalid_token"})
		return
	}
	c := ar.GetSession().(*openid.DefaultSession).Claims
	info := map[string]any{"sub": c.Subject}
	for k, v := range c.Extra {
		info[k] = v
	}
	writeJSON(w, http.StatusOK, info)
}

func (p *provider) revoke(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p.oauth.WriteRevocationResponse(ctx, w, p.oauth.NewRevocationRequest(ctx, r))
}

// newSession is what fosite fills from its store for a token request.
func newSession() *openid.DefaultSession {
	return &openid.DefaultSession{Claims: &jwt.IDTokenClaims{}, Headers: &jwt.Headers{}}
}

func render(w http.ResponseWriter, status int, page any) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	loginPage.Execute(w, page)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
