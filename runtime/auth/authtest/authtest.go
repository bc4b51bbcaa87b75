// Package authtest is an OpenID Provider for tests that need shapes a
// well-behaved provider never produces: Entra's {tenantid} issuers, tokens
// with the wrong audience, issuer, nonce or signature, unsigned tokens,
// rotated keys, refusals. It is honest where it counts: a real discovery
// document, a real JWKS, an authorization endpoint that redirects with a
// code, and a token endpoint that checks the client, the code, the
// redirect_uri and the PKCE verifier before it signs an ID token.
//
// The authorization endpoint approves at once (there is no login page);
// who logs in is [Server.SetUser]. With the offline_access scope the token
// endpoint also hands out a refresh token, which the refresh_token grant
// accepts until it is revoked at the revocation endpoint (RFC 7009). The
// userinfo endpoint answers for the access tokens it issued, so a test can
// check that a token works the way an API would. Closing the server (it is
// an [httptest.Server]) is the provider going down. For the real login
// page use runtime/auth/devprovider. Not for use outside tests.
package authtest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/coreos/go-oidc/v3/oidc/oidctest"
)

// Options shapes a [Server]. Zero values give a spec-compliant provider.
type Options struct {
	// MetadataPath is where the discovery document is served. Empty means
	// "/.well-known/openid-configuration". Entra's look like
	// "/common/v2.0/.well-known/openid-configuration".
	MetadataPath string
	// Issuer returns the issuer to publish given the server's URL. Nil
	// means the URL itself. It may contain "{tenantid}".
	Issuer func(serverURL string) string
	// EndSession publishes an end_session_endpoint (with a query parameter
	// of its own, to check it survives).
	EndSession bool
	// ClientID and ClientSecret of the one client. Empty means "client"
	// and "client-secret".
	ClientID, ClientSecret string
}

// Token is an ID token about to be signed, for [Server.Tamper] to change.
type Token struct {
	Claims map[string]any
	// Unsigned sends the token with alg "none".
	Unsigned bool
	// ForeignKey signs with a key the JWKS does not publish.
	ForeignKey bool
	// HMAC signs with HS256 under the client secret, the classic
	// algorithm-confusion forgery.
	HMAC bool
	// Encrypted sends a five-part (JWE-shaped) token.
	Encrypted bool
	// AccessToken is the access token of the same response (read only);
	// Claims["at_hash"] is its hash, as real providers send it.
	AccessToken string
	// Refresh is true for the ID token of a refresh response (read only).
	Refresh bool
}

// Server is a running test provider.
type Server struct {
	*httptest.Server
	MetadataURL            string
	ClientID, ClientSecret string

	issuer     string
	endSession bool

	mu        sync.Mutex
	keys      []signingKey // keys[0] signs; all are published
	foreign   signingKey
	user      map[string]any
	deny      string
	tamper    func(*Token)
	codes     map[string]grant
	refresh   map[string]grant          // refresh token → grant, for offline_access
	access    map[string]map[string]any // access token → its user's claims, for userinfo
	authorize []url.Values
	tokenReqs []url.Values
	jwksHits  int
	metaHits  int
	metaDown  bool
}

type signingKey struct {
	id  string
	key *ecdsa.PrivateKey
}

type grant struct {
	clientID, redirectURI, nonce, challenge, scope string
	user                                           map[string]any
	refresh                                        bool // a refresh grant: no nonce
}

// NewServer starts a test provider on 127.0.0.1, closed when tb ends.
func NewServer(tb testing.TB, opts Options) *Server {
	tb.Helper()
	s := &Server{ClientID: opts.ClientID, ClientSecret: opts.ClientSecret, endSession: opts.EndSession,
		codes: map[string]grant{}, refresh: map[string]grant{}, access: map[string]map[string]any{}, keys: []signingKey{newKey()}, foreign: newKey(),
		user: map[string]any{"sub": "user-1", "name": "Ada Lovelace", "email": "ada@example.com"}}
	if s.ClientID == "" {
		s.ClientID = "client"
	}
	if s.ClientSecret == "" {
		s.ClientSecret = "client-secret"
	}
	metaPath := opts.MetadataPath
	if metaPath == "" {
		metaPath = "/.well-known/openid-configuration"
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+metaPath, s.serveMetadata)
	mux.HandleFunc("GET /keys", s.serveKeys)
	mux.HandleFunc("GET /authorize", s.serveAuthorize)
	mux.HandleFunc("POST /token", s.serveToken)
	mux.HandleFunc("GET /logout", s.serveLogout)
	mux.HandleFunc("GET /userinfo", s.serveUserinfo)
	mux.HandleFunc("POST /revoke", s.serveRevoke)
	s.Server = httptest.NewServer(mux)
	tb.Cleanup(s.Close)
	s.MetadataURL = s.URL + metaPath
	s.issuer = s.URL
	if opts.Issuer != nil {
		s.issuer = opts.Issuer(s.URL)
	}
	return s
}

// SetUser sets the claims of whoever logs in next (sub, name, email, tid...).
func (s *Server) SetUser(claims map[string]any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.user = claims
}

// Deny makes the authorization endpoint answer with error=code (e.g.
// "access_denied") instead of a code. Empty restores approval.
func (s *Server) Deny(code string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.deny = code
}

// Tamper lets f change every ID token before it is signed. Nil restores
// honest tokens.
func (s *Server) Tamper(f func(*Token)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tamper = f
}

// RotateKey starts signing with a new key; the JWKS publishes both.
func (s *Server) RotateKey() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.keys = append([]signingKey{newKey()}, s.keys...)
}

// Authorizations returns the query of every authorization request so far.
func (s *Server) Authorizations() []url.Values {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]url.Values(nil), s.authorize...)
}

// TokenRequests returns the form of every token request so far.
func (s *Server) TokenRequests() []url.Values {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]url.Values(nil), s.tokenReqs...)
}

// JWKSFetches counts the requests for the key set.
func (s *Server) JWKSFetches() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.jwksHits
}

// MetadataDown makes the discovery document answer 503 while down is true.
func (s *Server) MetadataDown(down bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.metaDown = down
}

// MetadataFetches counts the requests for the discovery document.
func (s *Server) MetadataFetches() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.metaHits
}

func (s *Server) serveMetadata(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.metaHits++
	down := s.metaDown
	s.mu.Unlock()
	if down {
		http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
		return
	}
	m := map[string]any{
		"issuer":                                s.issuer,
		"authorization_endpoint":                s.URL + "/authorize",
		"token_endpoint":                        s.URL + "/token",
		"jwks_uri":                              s.URL + "/keys",
		"userinfo_endpoint":                     s.URL + "/userinfo",
		"revocation_endpoint":                   s.URL + "/revoke",
		"response_types_supported":              []string{"code"},
		"subject_types_supported":               []string{"public"},
		"id_token_signing_alg_values_supported": []string{"ES256"},
		"code_challenge_methods_supported":      []string{"S256"},
	}
	if s.endSession {
		m["end_session_endpoint"] = s.URL + "/logout?tenant=kept"
	}
	writeJSON(w, http.StatusOK, m)
}

func (s *Server) serveKeys(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.jwksHits++
	var keys []oidctest.PublicKey
	for _, k := range s.keys {
		keys = append(keys, oidctest.PublicKey{PublicKey: k.key.Public(), KeyID: k.id, Algorithm: oidc.ES256})
	}
	s.mu.Unlock()
	(&oidctest.Server{PublicKeys: keys}).ServeHTTP(w, r)
}

func (s *Server) serveAuthorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	s.mu.Lock()
	s.authorize = append(s.authorize, q)
	deny, user := s.deny, s.user
	s.mu.Unlock()
	redirect, err := url.Parse(q.Get("redirect_uri"))
	if err != nil || redirect.Host == "" || q.Get("client_id") != s.ClientID || q.Get("response_type") != "code" {
		http.Error(w, "invalid authorization request", http.StatusBadRequest)
		return
	}
	back := redirect.Query()
	back.Set("state", q.Get("state"))
	switch {
	case deny != "":
		back.Set("error", deny)
		back.Set("error_description", "The user declined.")
	case q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "":
		back.Set("error", "invalid_request")
		back.Set("error_description", "PKCE with S256 is required.")
	default:
		code := randomHex()
		s.mu.Lock()
		s.codes[code] = grant{clientID: s.ClientID, redirectURI: q.Get("redirect_uri"), nonce: q.Get("nonce"),
			challenge: q.Get("code_challenge"), scope: q.Get("scope"), user: user}
		s.mu.Unlock()
		back.Set("code", code)
	}
	redirect.RawQuery = back.Encode()
	http.Redirect(w, r, redirect.String(), http.StatusFound)
}

func (s *Server) serveToken(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		tokenError(w, "invalid_request")
		return
	}
	s.mu.Lock()
	s.tokenReqs = append(s.tokenReqs, r.PostForm)
	g, ok := s.codes[r.PostForm.Get("code")]
	delete(s.codes, r.PostForm.Get("code")) // codes are single use
	s.mu.Unlock()
	client := s.client(r)
	if client && r.PostForm.Get("grant_type") == "refresh_token" {
		s.serveRefresh(w, r.PostForm.Get("refresh_token"))
		return
	}
	switch {
	case !client:
		tokenError(w, "invalid_client")
		return
	case !ok || r.PostForm.Get("grant_type") != "authorization_code" || r.PostForm.Get("redirect_uri") != g.redirectURI:
		tokenError(w, "invalid_grant")
		return
	}
	sum := sha256.Sum256([]byte(r.PostForm.Get("code_verifier")))
	if base64.RawURLEncoding.EncodeToString(sum[:]) != g.challenge {
		tokenError(w, "invalid_grant")
		return
	}
	access := s.newAccess(g)
	resp := map[string]any{
		"access_token": access,
		"token_type":   "Bearer",
		"expires_in":   3600,
		"id_token":     s.idToken(g, access),
	}
	if strings.Contains(" "+g.scope+" ", " offline_access ") {
		rt := "refresh-" + randomHex()
		g.nonce, g.refresh = "", true
		s.mu.Lock()
		s.refresh[rt] = g
		s.mu.Unlock()
		resp["refresh_token"] = rt
	}
	writeJSON(w, http.StatusOK, resp)
}

// serveRefresh answers the refresh_token grant with a new access token
// and ID token (which [Server.Tamper] sees with Refresh set).
func (s *Server) serveRefresh(w http.ResponseWriter, rt string) {
	s.mu.Lock()
	g, ok := s.refresh[rt]
	s.mu.Unlock()
	if !ok {
		tokenError(w, "invalid_grant")
		return
	}
	access := s.newAccess(g)
	writeJSON(w, http.StatusOK, map[string]any{
		"access_token": access,
		"token_type":   "Bearer",
		"expires_in":   3600,
		"id_token":     s.idToken(g, access),
	})
}

// newAccess issues an access token for g's user, known to userinfo.
func (s *Server) newAccess(g grant) string {
	access := "access-" + randomHex()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.access[access] = g.user
	return access
}

// client reports whether r authenticates as the client, with HTTP Basic
// or client_id and client_secret in the form (r.ParseForm done).
func (s *Server) client(r *http.Request) bool {
	id, secret, basic := r.BasicAuth()
	if !basic {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	return id == s.ClientID && secret == s.ClientSecret
}

// serveUserinfo answers the user's claims for a bearer access token it
// issued and did not revoke, and 401 for any other. Access tokens do not
// expire here: tests move the app's clock, not the provider's.
func (s *Server) serveUserinfo(w http.ResponseWriter, r *http.Request) {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	s.mu.Lock()
	user, known := s.access[tok]
	s.mu.Unlock()
	if !ok || !known {
		w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
		http.Error(w, "invalid token", http.StatusUnauthorized)
		return
	}
	writeJSON(w, http.StatusOK, user)
}

// serveRevoke is the revocation endpoint (RFC 7009): the client revokes
// one of its refresh or access tokens, as an administrator or a user's
// "sign out of all apps" would; the refresh_token grant then answers
// invalid_grant. Unknown tokens get 200 too (RFC 7009 section 2.2).
func (s *Server) serveRevoke(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil || r.PostForm.Get("token") == "" {
		tokenError(w, "invalid_request")
		return
	}
	if !s.client(r) {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "invalid_client"})
		return
	}
	s.mu.Lock()
	delete(s.refresh, r.PostForm.Get("token"))
	delete(s.access, r.PostForm.Get("token"))
	s.mu.Unlock()
	w.WriteHeader(http.StatusOK)
}

func (s *Server) idToken(g grant, access string) string {
	now := time.Now()
	sum := sha256.Sum256([]byte(access))
	claims := map[string]any{"aud": g.clientID, "iat": now.Unix(), "exp": now.Add(time.Hour).Unix(),
		"at_hash": base64.RawURLEncoding.EncodeToString(sum[:16])}
	if g.nonce != "" {
		claims["nonce"] = g.nonce
	}
	for k, v := range g.user {
		claims[k] = v
	}
	iss := s.issuer
	if tid, ok := claims["tid"].(string); ok {
		iss = strings.ReplaceAll(iss, "{tenantid}", tid)
	}
	if _, ok := claims["iss"]; !ok {
		claims["iss"] = iss
	}
	t := &Token{Claims: claims, AccessToken: access, Refresh: g.refresh}
	s.mu.Lock()
	tamper, key, foreign := s.tamper, s.keys[0], s.foreign
	s.mu.Unlock()
	if tamper != nil {
		tamper(t)
	}
	body, _ := json.Marshal(t.Claims)
	enc := base64.RawURLEncoding
	switch {
	case t.Unsigned:
		return enc.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`)) + "." + enc.EncodeToString(body) + "."
	case t.HMAC:
		signed := enc.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT","kid":"`+key.id+`"}`)) + "." + enc.EncodeToString(body)
		m := hmac.New(sha256.New, []byte(s.ClientSecret))
		m.Write([]byte(signed))
		return signed + "." + enc.EncodeToString(m.Sum(nil))
	case t.Encrypted:
		return enc.EncodeToString([]byte(`{"alg":"RSA-OAEP","enc":"A256GCM"}`)) + ".a.b." + enc.EncodeToString(body) + ".c"
	case t.ForeignKey:
		return oidctest.SignIDToken(foreign.key, key.id, oidc.ES256, string(body))
	}
	return oidctest.SignIDToken(key.key, key.id, oidc.ES256, string(body))
}

func newKey() signingKey {
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		panic("authtest: " + err.Error())
	}
	return signingKey{id: randomHex(), key: k}
}

func randomHex() string {
	b := make([]byte, 12)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func tokenError(w http.ResponseWriter, code string) {
	writeJSON(w, http.StatusBadRequest, map[string]string{"error": code})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// serveLogout returns to post_logout_redirect_uri, as a provider does for
// a URI registered for the client.
func (s *Server) serveLogout(w http.ResponseWriter, r *http.Request) {
	if back := r.URL.Query().Get("post_logout_redirect_uri"); back != "" {
		http.Redirect(w, r, back, http.StatusFound)
		return
	}
	w.Write([]byte("logged out"))
}
