package auth

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Revocations keeps, for each user, a generation number that
// [Service.LogoutEverywhere] increments. An identity cookie records the
// generation current when its login finished; once the user's generation
// has moved past it, the cookie is refused on every browser at once. It is
// the one piece of server-side state of the login layer, and it is small:
// one number per user who ever logged out everywhere, nothing per login.
//
// Users are named by [UserID]. Implementations must be safe for concurrent
// use. The package has [MemoryRevocations], right for one process; several
// replicas need a shared implementation (the deployment issue adds one on
// Redis: GET and INCR of a key per user).
//
// An error from Generation refuses the cookie (the user is asked to log in
// again): when revocations cannot be read, a revoked cookie must not pass.
type Revocations interface {
	// Generation returns user's current generation, 0 for a user never
	// revoked.
	Generation(ctx context.Context, user string) (uint64, error)
	// Revoke increments user's generation and returns the new one.
	Revoke(ctx context.Context, user string) (uint64, error)
}

// MemoryRevocations is [Revocations] in this process's memory. It forgets
// everything on restart (revoked cookies are accepted again) and is not
// shared between replicas. The zero value is ready to use.
type MemoryRevocations struct {
	mu  sync.Mutex
	gen map[string]uint64
}

// Generation implements [Revocations].
func (m *MemoryRevocations) Generation(_ context.Context, user string) (uint64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.gen[user], nil
}

// Revoke implements [Revocations].
func (m *MemoryRevocations) Revoke(_ context.Context, user string) (uint64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.gen == nil {
		m.gen = map[string]uint64{}
	}
	m.gen[user]++
	return m.gen[user], nil
}

// UserID names the user of a set of ID token claims for [Revocations]:
// issuer and subject, which together are the user's stable identifier in
// OpenID Connect. It is "" without both.
func UserID(claims map[string]any) string {
	iss, _ := claims["iss"].(string)
	sub, _ := claims["sub"].(string)
	if iss == "" || sub == "" {
		return ""
	}
	return iss + " " + sub // an issuer is a URL: it has no space
}

// LogoutEverywhere logs u out of every browser: their identity cookies
// are refused from now on wherever they are presented (on every replica
// that shares the [Revocations]), and the sessions this replica serves
// for them are ended at once through [Service.OnEnded]. Sessions held by
// other replicas end when package runtime's shared store tells them (within
// a second), or without one at their next reconnect or [Service.AccessToken].
func (s *Service) LogoutEverywhere(ctx context.Context, u User) error {
	user := UserID(u.Claims)
	if !u.LoggedIn || user == "" {
		return errors.New("auth: log out everywhere: nobody is logged in")
	}
	if _, err := s.revocations.Revoke(ctx, user); err != nil {
		return fmt.Errorf("auth: log out everywhere: %w", err)
	}
	s.log.InfoContext(ctx, "auth: logged out everywhere", "provider", u.Provider, "sub", u.Claims["sub"])
	for _, key := range s.logins.of(user, s.now()) {
		s.endLogin(key, FailureRevoked)
	}
	return nil
}

// logins remembers which login keys of which users this replica has seen,
// so that LogoutEverywhere can end their open sessions. It is an index,
// not a source of truth: losing it loses nothing but promptness.
type logins struct {
	mu      sync.Mutex
	byUser  map[string]map[string]time.Time // user → login key → expiry
	inserts int
}

func (l *logins) add(user, key string, exp, now time.Time) {
	if user == "" || key == "" {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.byUser == nil {
		l.byUser = map[string]map[string]time.Time{}
	}
	if l.byUser[user] == nil {
		l.byUser[user] = map[string]time.Time{}
	}
	l.byUser[user][key] = exp
	if l.inserts++; l.inserts%1024 == 0 {
		for u, keys := range l.byUser {
			for k, e := range keys {
				if !now.Before(e) {
					delete(keys, k)
				}
			}
			if len(keys) == 0 {
				delete(l.byUser, u)
			}
		}
	}
}

func (l *logins) of(user string, now time.Time) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for k, e := range l.byUser[user] {
		if now.Before(e) {
			out = append(out, k)
		}
	}
	delete(l.byUser, user)
	return out
}
