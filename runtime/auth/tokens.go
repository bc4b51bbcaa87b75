package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"golang.org/x/oauth2"
)

// Errors of [Service.AccessToken], matched with errors.Is.
var (
	// ErrNoAccessToken: nobody is logged in with that key here, or
	// expose_tokens does not include "access".
	ErrNoAccessToken = errors.New("auth: no access token for this login (is \"access\" in expose_tokens?)")
	// ErrLoginEnded: the login is over (refresh refused by the provider,
	// token expired while the provider was unreachable, or logged out
	// everywhere); the user must log in again. The sessions of the login
	// have been told through [Service.OnEnded].
	ErrLoginEnded = errors.New("auth: the login has ended; the user must log in again")
	// ErrAccessTokenExpired: the access token expired and there is no
	// refresh token to renew it (the scope lacks offline_access). The
	// login goes on; a new login gets a new token.
	ErrAccessTokenExpired = errors.New("auth: the access token expired and there is no refresh token (add offline_access to the scope)")
)

const (
	tokensCookie  = "gost_auth_tokens"
	purposeTokens = "tokens cookie"
	// refreshEarly is how long before expiry an access token is renewed
	// (at most half its lifetime), so a token handed out stays valid for
	// the call the app makes with it.
	refreshEarly = 5 * time.Minute
	// refreshRetry spaces attempts while the provider is unreachable.
	refreshRetry = 30 * time.Second
	// refreshTimeout bounds one refresh.
	refreshTimeout = 10 * time.Second
)

// tokenSet is the content of the tokens cookie: the access token, the
// refresh token and when the access token expires. It names the login it
// belongs to, so it is never paired with another identity cookie.
type tokenSet struct {
	Key     string `json:"k"`
	Access  string `json:"a,omitempty"`
	Refresh string `json:"r,omitempty"`
	Issued  int64  `json:"i,omitempty"` // unix seconds
	Expiry  int64  `json:"x,omitempty"` // unix seconds; 0: unknown, never refreshed early
}

func newTokenSet(key string, tok *oauth2.Token, now time.Time) tokenSet {
	ts := tokenSet{Key: key, Access: tok.AccessToken, Refresh: tok.RefreshToken, Issued: now.Unix()}
	if tok.ExpiresIn > 0 {
		// expires_in rather than tok.Expiry: the latter is computed on
		// time.Now, not on the Service's clock.
		ts.Expiry = now.Unix() + tok.ExpiresIn
	}
	return ts
}

// due reports whether the access token should be renewed at now.
func (t tokenSet) due(now time.Time) bool {
	if t.Access == "" {
		return t.Refresh != ""
	}
	if t.Expiry == 0 {
		return false
	}
	early := min(refreshEarly, time.Duration(t.Expiry-t.Issued)*time.Second/2)
	return !now.Before(time.Unix(t.Expiry, 0).Add(-early))
}

func (t tokenSet) valid(now time.Time) bool {
	return t.Access != "" && (t.Expiry == 0 || now.Before(time.Unix(t.Expiry, 0)))
}

// live is the newest tokens of one login on this replica. The tokens
// cookie is the durable copy; live is ahead of it after a refresh, until
// the browser's next handshake writes the new tokens back (Identify).
type live struct {
	mu       sync.Mutex // one refresh at a time per login
	set      tokenSet
	cookie   tokenSet // what the browser's cookie holds
	provider string
	user     string // UserID, for revocations
	gen      uint64
	exp      time.Time // the identity's expiry: the entry is useless after
	retryAt  time.Time
}

type liveTokens struct {
	mu      sync.Mutex
	byKey   map[string]*live
	inserts int
}

// get returns the entry of key, creating it from the cookie's tokens; an
// existing entry learns of a newer cookie (refreshed on another replica).
// The entry's lock is taken after the table's is released: a refresh
// holds it for a network round trip, which must not stall other logins.
func (l *liveTokens) get(id *identity, cookie tokenSet, now time.Time) *live {
	l.mu.Lock()
	if l.byKey == nil {
		l.byKey = map[string]*live{}
	}
	if l.inserts++; l.inserts%1024 == 0 {
		for k, e := range l.byKey {
			if !now.Before(e.exp) {
				delete(l.byKey, k)
			}
		}
	}
	e := l.byKey[id.Key]
	if e == nil {
		e = &live{set: cookie, cookie: cookie, provider: id.Provider, user: UserID(id.Claims), gen: id.Gen,
			exp: time.Unix(id.Exp, 0)}
		l.byKey[id.Key] = e
		l.mu.Unlock()
		return e
	}
	l.mu.Unlock()
	e.mu.Lock()
	defer e.mu.Unlock()
	e.cookie = cookie
	if cookie.Issued > e.set.Issued {
		e.set = cookie
	}
	return e
}

func (l *liveTokens) lookup(key string) *live {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.byKey[key]
}

func (l *liveTokens) drop(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.byKey, key)
}

// readTokens opens r's tokens cookie if it belongs to login key. old
// reports a cookie sealed with an older cookie_secret, due to be sealed
// again.
func (s *Service) readTokens(r *http.Request, key string) (ts tokenSet, old bool) {
	c, err := r.Cookie(tokensCookie)
	if err != nil {
		return tokenSet{}, false
	}
	old, err = s.tokens.openOld(c.Value, s.now(), &ts)
	if err != nil || !equalStrings(ts.Key, key) {
		return tokenSet{}, false
	}
	return ts, old
}

// tokensCookieFor seals ts for the browser, giving up the access token
// first (a refresh gets another) and the refresh token second when they
// do not fit; nil when nothing fits.
func (s *Service) tokensCookieFor(r *http.Request, ts tokenSet, exp time.Time) *http.Cookie {
	try := []tokenSet{ts}
	if ts.Refresh != "" {
		noAccess := ts
		noAccess.Access, noAccess.Expiry = "", 0
		noRefresh := ts
		noRefresh.Refresh = ""
		try = append(try, noAccess, noRefresh)
	}
	for i, t := range try {
		v, err := s.tokens.seal(t, exp)
		if err == nil && len(tokensCookie)+1+len(v) <= maxCookieBytes {
			if i == 2 {
				s.log.Warn("auth: refresh token too large for the tokens cookie; the access token will not be refreshed")
			}
			return s.cookie(r, tokensCookie, v, s.cookiePath(), exp.Sub(s.now()))
		}
	}
	s.log.Warn("auth: access token too large for the tokens cookie; st.User will not expose it")
	return nil
}

// AccessToken returns a valid access token of the login sessionKey (a
// [User.SessionKey]), refreshing it with the refresh token when it is
// about to expire. It needs expose_tokens to include "access"; to get a
// refresh token, the scope must include offline_access (client_kwargs
// scope = "openid email profile offline_access").
//
//   - The provider refuses the refresh (revoked, expired refresh token):
//     the login ends at once; [ErrLoginEnded].
//   - The provider cannot be reached: the current token is returned while
//     it is valid (retrying every 30 seconds); once expired, the login
//     ends; [ErrLoginEnded].
//   - Without a refresh token, the token is returned until it expires;
//     then [ErrAccessTokenExpired], and the login goes on.
//
// Ending a login refuses its cookies on this replica and calls
// [Service.OnEnded] so the runtime logs its tabs out with a message.
func (s *Service) AccessToken(ctx context.Context, sessionKey string) (string, error) {
	if !s.cfg.exposeAccess {
		return "", ErrNoAccessToken
	}
	// Before the lookup: ending a login drops its tokens, and the same run
	// may ask again (st.User, then the app).
	if s.ended(sessionKey) {
		return "", ErrLoginEnded
	}
	e := s.live.lookup(sessionKey)
	if e == nil {
		return "", ErrNoAccessToken
	}
	e.mu.Lock()
	none := e.set.Access == "" && e.set.Refresh == ""
	e.mu.Unlock()
	if none { // the tokens did not fit their cookie, or it was lost
		return "", ErrNoAccessToken
	}
	gen, err := s.revocations.Generation(ctx, e.user)
	if err != nil {
		return "", fmt.Errorf("auth: access token: revocations unreadable: %w", err)
	}
	if gen > e.gen {
		return "", s.end(sessionKey, e, FailureRevoked, "logged out everywhere")
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	now := s.now()
	if !e.set.due(now) {
		return e.set.Access, nil
	}
	if e.set.Refresh == "" {
		if e.set.valid(now) {
			return e.set.Access, nil
		}
		return "", ErrAccessTokenExpired
	}
	if now.Before(e.retryAt) {
		if e.set.valid(now) {
			return e.set.Access, nil
		}
		return "", s.end(sessionKey, e, FailureEnded, "access token expired while the provider was unreachable")
	}
	next, refused, err := s.refresh(ctx, e)
	switch {
	case err == nil:
		e.set, e.retryAt = next, time.Time{}
		return next.Access, nil
	case refused:
		s.log.WarnContext(ctx, "auth: refresh refused; login ended", "provider", e.provider, "err", err)
		return "", s.end(sessionKey, e, FailureEnded, "refresh refused")
	}
	e.retryAt = now.Add(refreshRetry)
	if e.set.valid(now) {
		s.log.WarnContext(ctx, "auth: refresh failed; keeping the current access token until it expires", "provider", e.provider,
			"expires", time.Unix(e.set.Expiry, 0).UTC().Format(time.RFC3339), "err", err)
		return e.set.Access, nil
	}
	s.log.WarnContext(ctx, "auth: refresh failed and the access token expired; login ended", "provider", e.provider, "err", err)
	return "", s.end(sessionKey, e, FailureEnded, "provider unreachable")
}

// refresh asks the provider for new tokens. refused means the provider
// answered no (the refresh token is dead), as opposed to not answering.
func (s *Service) refresh(ctx context.Context, e *live) (next tokenSet, refused bool, err error) {
	rem := s.remotes[e.provider]
	if rem == nil {
		return tokenSet{}, true, fmt.Errorf("auth: refresh: provider %q no longer configured", e.provider)
	}
	ctx, cancel := context.WithTimeout(ctx, refreshTimeout)
	defer cancel()
	d, err := rem.get(ctx)
	if err != nil {
		return tokenSet{}, false, err
	}
	tok, err := d.oauth.TokenSource(context.WithValue(ctx, oauth2.HTTPClient, s.client),
		&oauth2.Token{RefreshToken: e.set.Refresh}).Token()
	if err != nil {
		var re *oauth2.RetrieveError
		if errors.As(err, &re) && re.Response != nil && re.Response.StatusCode < 500 {
			// Only the error fields reach the log, never the body.
			return tokenSet{}, true, fmt.Errorf("auth: refresh: %s: %s %s", re.Response.Status, clip(re.ErrorCode), clip(re.ErrorDescription))
		}
		return tokenSet{}, false, fmt.Errorf("auth: refresh: %w", err)
	}
	// An ID token in the answer must be about the same user and pass the
	// rules of a login's (OpenID Connect Core 12.2); one that does not is
	// a refusal.
	if raw, _ := tok.Extra("id_token").(string); raw != "" {
		if _, _, err := d.verify(ctx, raw, expect{user: e.user, accessToken: tok.AccessToken}, s.now()); err != nil {
			return tokenSet{}, true, fmt.Errorf("auth: refresh: %w", err)
		}
	}
	next = newTokenSet(e.set.Key, tok, s.now())
	if next.Refresh == "" {
		next.Refresh = e.set.Refresh
	}
	return next, false, nil
}

// end ends login key for why and returns the error for AccessToken.
func (s *Service) end(key string, e *live, why FailureCode, msg string) error {
	s.markEnded(key, e.exp)
	s.live.drop(key)
	s.log.Info("auth: login ended", "provider", e.provider, "why", msg)
	go s.endLogin(key, why) // the runtime's callback may wait for the run that called us
	return ErrLoginEnded
}
