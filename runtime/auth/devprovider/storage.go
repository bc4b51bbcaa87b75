package devprovider

import (
	"context"
	"crypto/rsa"
	"errors"
	"sync"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// storage is the in-memory op.Storage of the development provider: the
// logins in progress, codes, access tokens and the people who typed their
// name in. It keeps only what zitadel's op needs for the code flow and
// end_session; everything is lost on Close, which is the point.
type storage struct {
	client         *client
	key            signingKey
	accessLifetime time.Duration

	mu       sync.Mutex
	requests map[string]*authRequest
	codes    map[string]string // code → request id
	tokens   map[string]*accessToken
	refresh  map[string]*refreshToken // refresh token → grant
	users    map[string]user          // subject → user
}

type user struct {
	Subject, Name, Email string
	Roles                []string // sent as the "roles" claim, as Entra sends app roles
}

type accessToken struct {
	subject, clientID string
	scopes            []string
	expires           time.Time
}

// refreshToken is a grant that outlives its access tokens, issued when
// the login asked for offline_access. It is not rotated on use (like
// Google's and Entra's): the same value refreshes until it is revoked, its
// user logs out at the provider, or it expires.
type refreshToken struct {
	subject, clientID string
	scopes, amr       []string
	audience          []string
	authTime, expires time.Time
}

func (r *refreshToken) GetAMR() []string                 { return r.amr }
func (r *refreshToken) GetAudience() []string            { return r.audience }
func (r *refreshToken) GetAuthTime() time.Time           { return r.authTime }
func (r *refreshToken) GetClientID() string              { return r.clientID }
func (r *refreshToken) GetScopes() []string              { return r.scopes }
func (r *refreshToken) GetSubject() string               { return r.subject }
func (r *refreshToken) SetCurrentScopes(scopes []string) { r.scopes = scopes }

// refreshLifetime bounds a refresh token, as providers do (Entra: 90 days
// of inactivity; here a day is plenty for development).
const refreshLifetime = 24 * time.Hour

var errNotFound = errors.New("devprovider: not found")

func (s *storage) CreateAuthRequest(_ context.Context, r *oidc.AuthRequest, _ string) (op.AuthRequest, error) {
	if len(r.Prompt) == 1 && r.Prompt[0] == oidc.PromptNone {
		return nil, oidc.ErrLoginRequired() // the login form needs a person
	}
	req := &authRequest{id: newID(), created: time.Now(), req: *r, api: s.client.api}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests[req.id] = req
	return req, nil
}

func (s *storage) AuthRequestByID(_ context.Context, id string) (op.AuthRequest, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r, ok := s.requests[id]; ok {
		return r, nil
	}
	return nil, errNotFound
}

func (s *storage) AuthRequestByCode(ctx context.Context, code string) (op.AuthRequest, error) {
	s.mu.Lock()
	id, ok := s.codes[code]
	s.mu.Unlock()
	if !ok {
		return nil, errNotFound
	}
	return s.AuthRequestByID(ctx, id)
}

func (s *storage) SaveAuthCode(_ context.Context, id, code string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.codes[code] = id
	return nil
}

func (s *storage) DeleteAuthRequest(_ context.Context, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.requests, id)
	for code, rid := range s.codes {
		if rid == id {
			delete(s.codes, code)
		}
	}
	return nil
}

// login completes request id as the person who filled in the form.
func (s *storage) login(id string, u user) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.requests[id]
	if !ok {
		return errNotFound
	}
	s.users[u.Subject] = u
	r.subject, r.authTime, r.done = u.Subject, time.Now(), true
	return nil
}

func (s *storage) CreateAccessToken(_ context.Context, r op.TokenRequest) (string, time.Time, error) {
	return s.newAccessToken(r), s.accessExpiry(), nil
}

func (s *storage) newAccessToken(r op.TokenRequest) string {
	clientID := ""
	switch r := r.(type) {
	case *authRequest:
		clientID = r.req.ClientID
	case *refreshToken:
		clientID = r.clientID
	}
	t := &accessToken{subject: r.GetSubject(), clientID: clientID, scopes: r.GetScopes(), expires: s.accessExpiry()}
	id := newID()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokens[id] = t
	return id
}

func (s *storage) accessExpiry() time.Time { return time.Now().Add(s.accessLifetime) }

// CreateAccessAndRefreshTokens is op's call for a code exchange with
// offline_access (current == "") and for a refresh (current is the
// refresh token used, which stays valid).
func (s *storage) CreateAccessAndRefreshTokens(_ context.Context, r op.TokenRequest, current string) (string, string, time.Time, error) {
	if current != "" {
		s.mu.Lock()
		rt, ok := s.refresh[current]
		s.mu.Unlock()
		if !ok || time.Now().After(rt.expires) {
			return "", "", time.Time{}, op.ErrInvalidRefreshToken
		}
		return s.newAccessToken(r), current, s.accessExpiry(), nil
	}
	ar, ok := r.(*authRequest)
	if !ok {
		return "", "", time.Time{}, oidc.ErrUnsupportedGrantType()
	}
	rt := &refreshToken{subject: ar.subject, clientID: ar.req.ClientID, scopes: ar.req.Scopes, amr: ar.GetAMR(),
		audience: ar.GetAudience(), authTime: ar.authTime, expires: time.Now().Add(refreshLifetime)}
	value := "dev-refresh-" + randomHex(24)
	s.mu.Lock()
	s.refresh[value] = rt
	s.mu.Unlock()
	return s.newAccessToken(r), value, s.accessExpiry(), nil
}

func (s *storage) TokenRequestByRefreshToken(_ context.Context, token string) (op.RefreshTokenRequest, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rt, ok := s.refresh[token]
	if !ok || time.Now().After(rt.expires) {
		return nil, op.ErrInvalidRefreshToken
	}
	c := *rt // op narrows the scopes of the copy it is given
	return &c, nil
}

// TerminateSession is a logout at the provider: it ends the user's access
// and refresh tokens for the client, as real providers do.
func (s *storage) TerminateSession(_ context.Context, subject, clientID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, t := range s.tokens {
		if t.subject == subject && t.clientID == clientID {
			delete(s.tokens, id)
		}
	}
	for v, t := range s.refresh {
		if t.subject == subject && t.clientID == clientID {
			delete(s.refresh, v)
		}
	}
	return nil
}

// RevokeToken serves the revocation endpoint (RFC 7009) for access
// tokens (by id) and refresh tokens (by value).
func (s *storage) RevokeToken(_ context.Context, token, _, clientID string) *oidc.Error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t, ok := s.tokens[token]; ok && t.clientID == clientID {
		delete(s.tokens, token)
	}
	if t, ok := s.refresh[token]; ok && t.clientID == clientID {
		delete(s.refresh, token)
	}
	return nil
}

func (s *storage) GetRefreshTokenInfo(_ context.Context, clientID, token string) (string, string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t, ok := s.refresh[token]; ok && t.clientID == clientID {
		return t.subject, token, nil
	}
	return "", "", op.ErrInvalidRefreshToken
}

func (s *storage) SigningKey(context.Context) (op.SigningKey, error) { return &s.key, nil }

func (s *storage) SignatureAlgorithms(context.Context) ([]jose.SignatureAlgorithm, error) {
	return []jose.SignatureAlgorithm{jose.RS256}, nil
}

func (s *storage) KeySet(context.Context) ([]op.Key, error) {
	return []op.Key{publicKey{s.key}}, nil
}

func (s *storage) GetClientByClientID(_ context.Context, id string) (op.Client, error) {
	if id != s.client.id {
		return nil, errNotFound
	}
	return s.client, nil
}

func (s *storage) AuthorizeClientIDSecret(_ context.Context, id, secret string) error {
	if id != s.client.id || !equal(secret, s.client.secret) {
		return errors.New("devprovider: wrong client_id or client_secret")
	}
	return nil
}

// SetUserinfoFromScopes is deprecated in op in favour of SetUserinfoFromRequest.
func (s *storage) SetUserinfoFromScopes(context.Context, *oidc.UserInfo, string, string, []string) error {
	return nil
}

func (s *storage) SetUserinfoFromRequest(_ context.Context, info *oidc.UserInfo, r op.IDTokenRequest, scopes []string) error {
	return s.setUserinfo(info, r.GetSubject(), scopes)
}

func (s *storage) SetUserinfoFromToken(_ context.Context, info *oidc.UserInfo, tokenID, subject, _ string) error {
	s.mu.Lock()
	t, ok := s.tokens[tokenID]
	s.mu.Unlock()
	if !ok || time.Now().After(t.expires) {
		return errors.New("devprovider: access token invalid or expired")
	}
	return s.setUserinfo(info, subject, t.scopes)
}

func (s *storage) setUserinfo(info *oidc.UserInfo, subject string, scopes []string) error {
	s.mu.Lock()
	u, ok := s.users[subject]
	s.mu.Unlock()
	if !ok {
		return errNotFound
	}
	for _, sc := range scopes {
		switch sc {
		case oidc.ScopeOpenID:
			info.Subject = u.Subject
			if len(u.Roles) > 0 {
				info.AppendClaims("roles", u.Roles)
			}
		case oidc.ScopeEmail:
			info.Email, info.EmailVerified = u.Email, true
		case oidc.ScopeProfile:
			info.Name, info.PreferredUsername = u.Name, u.Email
		}
	}
	return nil
}

func (s *storage) SetIntrospectionFromToken(context.Context, *oidc.IntrospectionResponse, string, string, string) error {
	return errors.New("devprovider: introspection is not supported")
}

func (s *storage) GetPrivateClaimsFromScopes(context.Context, string, string, []string) (map[string]any, error) {
	return nil, nil
}

func (s *storage) GetKeyByIDAndClientID(context.Context, string, string) (*jose.JSONWebKey, error) {
	return nil, errors.New("devprovider: JWT client authentication is not supported")
}

func (s *storage) ValidateJWTProfileScopes(context.Context, string, []string) ([]string, error) {
	return nil, errors.New("devprovider: JWT profile grant is not supported")
}

func (s *storage) Health(context.Context) error { return nil }

type signingKey struct {
	id  string
	key *rsa.PrivateKey
}

func (k *signingKey) SignatureAlgorithm() jose.SignatureAlgorithm { return jose.RS256 }
func (k *signingKey) Key() any                                    { return k.key }
func (k *signingKey) ID() string                                  { return k.id }

type publicKey struct{ k signingKey }

func (k publicKey) ID() string                         { return k.k.id }
func (k publicKey) Algorithm() jose.SignatureAlgorithm { return jose.RS256 }
func (k publicKey) Use() string                        { return "sig" }
func (k publicKey) Key() any                           { return &k.k.key.PublicKey }
