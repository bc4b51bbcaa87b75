package auth

import (
	"cmp"
	"encoding/json"
	"errors"
	"maps"
	"net/http"
	"slices"
	"time"
)

// User is who a browser is logged in as, read from its identity cookie.
// The zero User is logged out.
type User struct {
	LoggedIn bool
	// Provider is the name of the provider used: "default" for the
	// top-level [auth] keys, else the <name> of [auth.<name>].
	Provider string
	// Claims are the ID token's identity claims: always iss and sub when
	// logged in, and name, email, preferred_username, oid, tid and others
	// the provider sent, as far as they fit the cookie (large ones such as
	// a long groups list are dropped first). Protocol claims (aud, exp,
	// nonce, at_hash, ...) are left out.
	Claims map[string]any
	// IDToken and AccessToken are set only when expose_tokens asks for
	// them and they fit the cookie.
	IDToken, AccessToken string
	// SessionKey identifies this login of this browser. Every tab of the
	// browser shares it; a new login gets a new one. The runtime groups
	// sessions by it and is told it by [Service.OnLogout].
	SessionKey string
	// Expires is when the identity cookie stops being accepted.
	Expires time.Time
}

// String returns the claim key when it is a string, else "": u.Claim("name").
func (u User) Claim(key string) string {
	s, _ := u.Claims[key].(string)
	return s
}

// identity is the sealed content of the identity cookie.
type identity struct {
	Provider string         `json:"p"`
	Key      string         `json:"k"`
	Claims   map[string]any `json:"c"`
	IDToken  string         `json:"i,omitempty"`
	Access   string         `json:"a,omitempty"`
	// HintOnly means IDToken is kept only as the id_token_hint for logout,
	// not exposed to the app.
	HintOnly bool  `json:"h,omitempty"`
	Exp      int64 `json:"x"`

	dropped []string // claims that did not fit, for the log
}

// coreClaims are what st.User is for; kept first and never dropped.
var coreClaims = []string{"iss", "sub", "name", "email", "email_verified", "preferred_username",
	"given_name", "family_name", "oid", "tid", "upn", "login_hint"}

// protocolClaims serve the token's validation, not the app.
var protocolClaims = []string{"aud", "exp", "iat", "nbf", "nonce", "at_hash", "c_hash", "s_hash",
	"azp", "jti", "sid", "uti", "rh", "aio", "_claim_names", "_claim_sources"}

func (s *Service) newIdentity(provider string, claims map[string]any, idToken, accessToken string) *identity {
	id := &identity{Provider: provider, Key: randomString(), Claims: map[string]any{},
		Exp: s.now().Add(s.cfg.maxAge).Unix()}
	for _, k := range coreClaims {
		if v, ok := claims[k]; ok {
			id.Claims[k] = v
		}
	}
	if s.cfg.exposeID {
		id.IDToken = idToken
	}
	if s.cfg.exposeAccess {
		id.Access = accessToken
	}
	// Everything else is optional: try the small claims first so one huge
	// claim cannot push out many useful ones.
	type extra struct {
		k    string
		v    any
		size int
	}
	var extras []extra
	for k, v := range claims {
		if slices.Contains(coreClaims, k) || slices.Contains(protocolClaims, k) {
			continue
		}
		b, _ := json.Marshal(v)
		extras = append(extras, extra{k, v, len(k) + len(b)})
	}
	slices.SortFunc(extras, func(a, b extra) int { return cmp.Or(cmp.Compare(a.size, b.size), cmp.Compare(a.k, b.k)) })
	for _, e := range extras {
		id.Claims[e.k] = e.v
		if !s.fits(id) {
			delete(id.Claims, e.k)
			id.dropped = append(id.dropped, e.k)
		}
	}
	if id.IDToken == "" {
		id.IDToken, id.HintOnly = idToken, true
		if !s.fits(id) {
			id.IDToken, id.HintOnly = "", false
		}
	}
	return id
}

// fits reports whether id seals into a cookie within maxCookieBytes.
func (s *Service) fits(id *identity) bool {
	v, err := s.identity.seal(id, s.now())
	return err == nil && len(identityCookie)+1+len(v) <= maxCookieBytes
}

// sealIdentity seals id, giving up exposed tokens (with a warning) rather
// than the login when they do not fit.
func (s *Service) sealIdentity(id *identity) (string, *identity, error) {
	if !s.fits(id) && id.Access != "" {
		s.log.Warn("auth: access token too large for the identity cookie; st.User will not expose it", "provider", id.Provider)
		id.Access = ""
	}
	if !s.fits(id) && id.IDToken != "" {
		s.log.Warn("auth: id token too large for the identity cookie; st.User will not expose it", "provider", id.Provider)
		id.IDToken, id.HintOnly = "", false
	}
	if !s.fits(id) {
		return "", nil, errors.New("auth: identity claims alone exceed the cookie size limit")
	}
	v, err := s.identity.seal(id, time.Unix(id.Exp, 0))
	return v, id, err
}

// User returns who r's browser is logged in as. A missing, tampered,
// expired or foreign (other cookie_secret) identity cookie is a logged-out
// User, never an error; [Service.Identify] also clears such a cookie.
func (s *Service) User(r *http.Request) User {
	u, _ := s.user(r)
	return u
}

func (s *Service) user(r *http.Request) (u User, stale bool) {
	id, stale := s.readIdentity(r)
	if id == nil {
		return User{}, stale
	}
	u = User{LoggedIn: true, Provider: id.Provider, Claims: maps.Clone(id.Claims), SessionKey: id.Key,
		Expires: time.Unix(id.Exp, 0)}
	if s.cfg.exposeID && !id.HintOnly {
		u.IDToken = id.IDToken
	}
	if s.cfg.exposeAccess {
		u.AccessToken = id.Access
	}
	return u, false
}

// readIdentity opens r's identity cookie. stale reports a cookie that is
// present but unusable.
func (s *Service) readIdentity(r *http.Request) (id *identity, stale bool) {
	c, err := r.Cookie(identityCookie)
	if err != nil {
		return nil, false
	}
	if s.cfg.err != nil {
		return nil, true
	}
	id = new(identity)
	if err := s.identity.open(c.Value, s.now(), id); err != nil {
		return nil, true
	}
	if s.remotes[id.Provider] == nil {
		return nil, true // its provider was removed from [auth]
	}
	return id, false
}

// Identify is what the runtime calls on a websocket upgrade (or page load):
// it returns r's [User] and the failure of the browser's last login
// attempt, if any, and adds to h the Set-Cookie headers that consume that
// failure and clear an unusable identity cookie. Pass the header of the
// upgrade response (gorilla: the responseHeader argument of Upgrade).
func (s *Service) Identify(h http.Header, r *http.Request) (User, *LoginFailure) {
	u, stale := s.user(r)
	if stale {
		addCookie(h, s.expire(r, identityCookie, s.cookiePath()))
	}
	c, err := r.Cookie(failureCookie)
	if err != nil {
		return u, nil
	}
	addCookie(h, s.expire(r, failureCookie, s.cookiePath()))
	f, ok := failure(FailureCode(c.Value))
	if !ok || u.LoggedIn {
		return u, nil
	}
	return u, &f
}
