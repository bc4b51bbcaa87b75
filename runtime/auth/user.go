package auth

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
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
	// them and they fit their cookie. AccessToken is the newest one known,
	// which may have expired: [Service.AccessToken] returns one valid now.
	IDToken, AccessToken string
	// Roles and Groups are the user's app roles and groups, from whichever
	// claims the provider uses for them (see roles.go: Entra's roles and
	// groups, Keycloak's realm_access and resource_access, Zitadel's
	// project roles, Cognito's cognito:groups, Auth0 namespaced claims).
	Roles, Groups []string
	// GroupsOverage means the provider sent a link to the groups instead
	// of the groups (Entra, over 200 groups): Groups is incomplete, read
	// them from GroupsSource (Microsoft Graph) with the access token.
	GroupsOverage bool
	GroupsSource  string
	// ClaimProblems describe roles or groups claims of the wrong type,
	// which were ignored.
	ClaimProblems []string
	// SessionKey identifies this login of this browser. Every tab of the
	// browser shares it; a new login gets a new one. The runtime groups
	// sessions by it and is told it by [Service.OnLogout].
	SessionKey string
	// Expires is when the identity cookie stops being accepted.
	Expires time.Time
}

// HasRole reports whether the user has the app role.
func (u User) HasRole(role string) bool { return u.LoggedIn && slices.Contains(u.Roles, role) }

// Claim returns the claim key when it is a string, else "": u.Claim("name").
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
	// Seen is when the browser last showed the cookie (unix seconds), for
	// cookie_idle_timeout.
	Seen int64 `json:"s,omitempty"`
	// Gen is the user's revocation generation at login.
	Gen uint64 `json:"g,omitempty"`
	// Grants are the roles and groups read from the claims at login.
	Grants grants `json:"r,omitempty"`

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
		Exp: s.now().Add(s.cfg.maxAge).Unix(), Seen: s.now().Unix()}
	for _, k := range coreClaims {
		if v, ok := claims[k]; ok {
			id.Claims[k] = v
		}
	}
	if s.cfg.exposeID {
		id.IDToken = idToken
	}
	if rem := s.remotes[provider]; rem != nil {
		id.Grants = readGrants(claims, rem.cfg.clientID)
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
			if isGrantClaim(e.k) {
				n := ""
				if l, ok := e.v.([]any); ok {
					n = fmt.Sprintf(" (%d entries)", len(l))
				}
				id.Grants.Problems = append(id.Grants.Problems, fmt.Sprintf(
					"claim %q%s does not fit the identity cookie; ignored (read groups from Microsoft Graph /me/memberOf, or have the provider send fewer)", e.k, n))
				if !s.fits(id) { // the problem itself must fit too
					id.Grants.Problems = id.Grants.Problems[:len(id.Grants.Problems)-1]
				}
			}
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
// expired, idle, revoked or foreign (other cookie_secret) identity cookie
// is a logged-out User, never an error; [Service.Identify] also clears
// such a cookie.
func (s *Service) User(r *http.Request) User {
	return s.read(r).user
}

// reading is what an identity cookie said.
type reading struct {
	user User
	id   *identity
	// stale: a cookie was there but is unusable; why, when it says more
	// than "log in again" (idle, revoked).
	stale bool
	why   FailureCode
	// reseal: usable, but due to be sealed again (older cookie_secret, or
	// Seen to move forward).
	reseal bool
	// tokens are the login's newest tokens; writeTokens: the tokens
	// cookie is behind them (a refresh happened since) or on an old secret.
	tokens      tokenSet
	writeTokens bool
}

func (s *Service) read(r *http.Request) reading {
	c, err := r.Cookie(identityCookie)
	if err != nil {
		return reading{}
	}
	if s.cfg.err != nil {
		return reading{stale: true}
	}
	id := new(identity)
	now := s.now()
	old, err := s.identity.openOld(c.Value, now, id)
	if err != nil || s.remotes[id.Provider] == nil { // or its provider was removed from [auth]
		return reading{stale: true}
	}
	if idle := s.cfg.idle; idle > 0 && now.Sub(time.Unix(id.Seen, 0)) > idle {
		return reading{stale: true, why: FailureIdle}
	}
	user := UserID(id.Claims)
	gen, err := s.revocations.Generation(r.Context(), user)
	if err != nil {
		s.log.WarnContext(r.Context(), "auth: revocations unreadable; identity cookie refused", "err", err)
		return reading{stale: true}
	}
	if gen > id.Gen {
		return reading{stale: true, why: FailureRevoked}
	}
	if s.ended(id.Key) {
		return reading{stale: true, why: FailureEnded}
	}
	s.logins.add(user, id.Key, time.Unix(id.Exp, 0), now)
	var rd reading
	u := User{LoggedIn: true, Provider: id.Provider, Claims: maps.Clone(id.Claims), SessionKey: id.Key,
		Expires: time.Unix(id.Exp, 0), GroupsOverage: id.Grants.Overage, GroupsSource: id.Grants.Source,
		ClaimProblems: slices.Clone(id.Grants.Problems)}
	if rem := s.remotes[id.Provider]; rem != nil {
		g := readGrants(id.Claims, rem.cfg.clientID)
		u.Roles, u.Groups = g.Roles, g.Groups
	}
	if s.cfg.exposeID && !id.HintOnly {
		u.IDToken = id.IDToken
	}
	if s.cfg.exposeAccess {
		ts, oldTokens := s.readTokens(r, id.Key)
		if ts.Access == "" && ts.Refresh == "" && id.Access != "" {
			ts = tokenSet{Key: id.Key, Access: id.Access} // a cookie from before the tokens cookie
		}
		e := s.live.get(id, ts, now)
		e.mu.Lock()
		u.AccessToken = e.set.Access
		rd.tokens = e.set
		rd.writeTokens = e.set != e.cookie || oldTokens
		e.mu.Unlock()
	}
	// Seen moves in steps of a tenth of the timeout, so an active user's
	// cookie is not rewritten on every request.
	reseal := old || (s.cfg.idle > 0 && now.Sub(time.Unix(id.Seen, 0)) > s.cfg.idle/10)
	rd.user, rd.id, rd.reseal = u, id, reseal
	return rd
}

// Identify is what the runtime calls on a websocket upgrade (or page load):
// it returns r's [User] and the failure of the browser's last login
// attempt, if any, and adds to h the Set-Cookie headers that consume that
// failure, clear an unusable identity cookie, and renew a usable one
// (sealed with the first cookie_secret, and seen now for
// cookie_idle_timeout). Pass the header of the upgrade response (gorilla:
// the responseHeader argument of Upgrade).
func (s *Service) Identify(h http.Header, r *http.Request) (User, *LoginFailure) {
	rd := s.read(r)
	if rd.stale {
		addCookie(h, s.expire(r, identityCookie, s.cookiePath()))
		addCookie(h, s.expire(r, tokensCookie, s.cookiePath()))
	}
	s.renew(h, r, rd)
	var fail *LoginFailure
	if c, err := r.Cookie(failureCookie); err == nil {
		addCookie(h, s.expire(r, failureCookie, s.cookiePath()))
		if f, ok := failure(FailureCode(c.Value)); ok {
			fail = &f
		}
	}
	if c, err := r.Cookie(failureDetailCookie); err == nil {
		addCookie(h, s.expire(r, failureDetailCookie, s.cookiePath()))
		var detail string
		if fail != nil && s.failures.open(c.Value, s.now(), &detail) == nil {
			fail.Detail = detail
		}
	}
	if fail == nil && rd.why != "" {
		f, _ := failure(rd.why)
		fail = &f
	}
	if rd.user.LoggedIn {
		return rd.user, nil
	}
	return rd.user, fail
}

// renew adds to h the cookies that bring a usable login's cookies up to
// date: the identity sealed again (with the first cookie_secret, and seen
// now for cookie_idle_timeout) when rd says it is due, and the tokens
// cookie when a refresh happened since it was written. It is the one
// place a known identity is sealed again: [Service.Identify] and the
// touch route both call it.
func (s *Service) renew(h http.Header, r *http.Request, rd reading) {
	if rd.reseal {
		rd.id.Seen = s.now().Unix()
		if v, err := s.identity.seal(rd.id, time.Unix(rd.id.Exp, 0)); err == nil {
			addCookie(h, s.cookie(r, identityCookie, v, s.cookiePath(), time.Unix(rd.id.Exp, 0).Sub(s.now())))
		}
	}
	if rd.id != nil && (rd.writeTokens || (rd.reseal && rd.tokens != tokenSet{})) {
		if c := s.tokensCookieFor(r, rd.tokens, time.Unix(rd.id.Exp, 0)); c != nil {
			addCookie(h, c)
			if e := s.live.lookup(rd.id.Key); e != nil {
				e.mu.Lock()
				e.cookie = rd.tokens
				e.mu.Unlock()
			}
		}
	}
}
