package runtime

// The store the replicas share ([server] store; package runtime/store).
// Without one, a server keeps everything in its memory, as ever. With one:
//
//   - "log out everywhere" revocations are read from and counted in it,
//     so a revoked identity cookie is refused on every replica;
//   - a logout, and a log out everywhere, are published on it, and every
//     replica ends the matching sessions it holds within a second;
//   - the session state that can be carried (reload_handoff.go's rule) is
//     saved in it after runs that change it, batched, so a tab whose replica
//     died finds it on the next (store_carry.go);
//   - every replica writes a fingerprint of its cookie secret, and says so
//     loudly when another replica's differs.
//
// The store being down never breaks the app: each operation that fails
// is counted (gost_store_errors_total), a warning is logged at most once a
// minute, and the server goes on from its memory; it uses the store again
// as soon as an operation succeeds.

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gost-dev/gost/internal/script"
	"github.com/gost-dev/gost/runtime/auth"
	"github.com/gost-dev/gost/runtime/store"
)

// Keys and the channel in the store. Users and login keys appear only as
// hashes: the store's administrators need not learn who uses the app, and
// a login key is a secret of the browser.
const (
	revocationKey  = "gost:revoked:"     // + hash of auth.UserID: the user's generation
	sessionKey     = "gost:session:"     // + session id: the session's carried state
	fingerprintKey = "gost:cookiesecret" // the fingerprint the last replica wrote
	eventsChannel  = "gost:events"
)

// Timing of the store's use.
const (
	storeTimeout     = time.Second      // one operation, before the memory answers instead
	storeWarnEvery   = time.Minute      // at most one warning about a down store
	storeRetryAfter  = 2 * time.Second  // requests skip a down store this long after it failed
	fingerprintEvery = 30 * time.Second // how often replicas compare cookie secrets
)

// shared is a server's link to its store. A nil *shared is a server
// without one: the methods the server calls wherever it works (publish,
// carryState, restore, newer, flush, forget, setFingerprint) do nothing.
type shared struct {
	st      store.Store
	mem     store.Memory // the revocation generations read or made, for when the store is down
	log     *slog.Logger
	errs    *atomic.Uint64 // gost_store_errors_total
	replica string         // this process, so it skips its own events
	url     string         // redacted, for messages

	lastWarn atomic.Int64 // unix nanoseconds of the last warning
	down     atomic.Bool  // the last operation failed
	lastFail atomic.Int64 // unix nanoseconds of the last failure

	fpMu        sync.Mutex
	fingerprint string      // of this replica's cookie secret, under fpMu; "" without one
	mismatch    atomic.Bool // another replica's fingerprint differs

	carry carrier // session state: store_carry.go
}

// openShared opens the store at rawURL. A store that does not answer is an
// error unless optional, when the server starts on its memory and logs why.
func openShared(ctx context.Context, rawURL string, optional bool, log *slog.Logger, errs *atomic.Uint64) (*shared, error) {
	if rawURL == "" {
		return nil, nil
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	st, err := store.Open(ctx, rawURL)
	if err != nil {
		if !optional {
			return nil, fmt.Errorf("runtime: [server] store: %w (set [server] storeOptional = true to start without it, each replica on its own memory)", err)
		}
		// Optional: the memory answers until the URL is fixed. The
		// store is not retried: an unreadable URL stays unreadable.
		log.Error("runtime: [server] store does not answer; serving from this replica's memory (storeOptional)", "err", err)
		errs.Add(1)
		return nil, nil
	}
	log.Info("runtime: sharing sessions and logouts through the store", "store", store.Redact(rawURL))
	return &shared{st: st, log: log, errs: errs, replica: newID(), url: store.Redact(rawURL)}, nil
}

// failed records an operation that failed: counted, warned at most once a
// minute, and the server goes on from its memory.
func (sh *shared) failed(op string, err error) {
	sh.errs.Add(1)
	sh.down.Store(true)
	now := time.Now().UnixNano()
	sh.lastFail.Store(now)
	last := sh.lastWarn.Load()
	if now-last < int64(storeWarnEvery) || !sh.lastWarn.CompareAndSwap(last, now) {
		return
	}
	sh.log.Warn("runtime: the store does not answer; serving from this replica's memory until it does", "store", sh.url, "op", op, "err", err)
}

// skip reports whether a request should not wait for the store: it failed
// less than storeRetryAfter ago. A store that does not answer at all would
// otherwise hold every page load for storeTimeout. The batched writes and
// the fingerprint's comparison still try, and find it back.
func (sh *shared) skip() bool {
	return sh.down.Load() && time.Now().UnixNano()-sh.lastFail.Load() < int64(storeRetryAfter)
}

// ok records an operation that succeeded, and says so if the store was
// down.
func (sh *shared) ok() {
	if sh.down.CompareAndSwap(true, false) {
		sh.log.Info("runtime: the store answers again", "store", sh.url)
	}
}

func opContext() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), storeTimeout)
}

// hash names a user or a login key in the store.
func hash(s string) string {
	sum := sha256.Sum256([]byte("gost\x00" + s))
	return hex.EncodeToString(sum[:16])
}

// revocations is auth.Revocations on the store. The memory keeps the
// generations last read and the revocations made while the store was
// down, so a down store does not let back in a cookie this replica
// already knew revoked.
type revocations struct{ sh *shared }

func (r revocations) Generation(ctx context.Context, user string) (uint64, error) {
	key := revocationKey + hash(user)
	local := r.memGen(ctx, key)
	if r.sh.skip() {
		return local, nil
	}
	ctx, cancel := context.WithTimeout(ctx, storeTimeout)
	defer cancel()
	b, err := r.sh.st.Get(ctx, key)
	switch {
	case errors.Is(err, store.ErrNotFound):
		r.sh.ok()
		return local, nil
	case err != nil:
		r.sh.failed("read a revocation", err)
		return local, nil
	}
	r.sh.ok()
	n, err := strconv.ParseUint(string(b), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("runtime: store: revocation of a user: %w", err)
	}
	if n > local {
		r.sh.mem.Set(ctx, key, b, 0)
	}
	return max(n, local), nil
}

func (r revocations) Revoke(ctx context.Context, user string) (uint64, error) {
	key := revocationKey + hash(user)
	sctx, cancel := context.WithTimeout(ctx, storeTimeout)
	defer cancel()
	n, err := r.sh.st.Incr(sctx, key)
	if err != nil {
		r.sh.failed("revoke a user's logins", err)
		n, _ := r.sh.mem.Incr(ctx, key)
		return uint64(n), nil
	}
	r.sh.ok()
	r.sh.mem.Set(ctx, key, []byte(strconv.FormatInt(n, 10)), 0)
	return uint64(n), nil
}

func (r revocations) memGen(ctx context.Context, key string) uint64 {
	b, err := r.sh.mem.Get(ctx, key)
	if err != nil {
		return 0
	}
	n, _ := strconv.ParseUint(string(b), 10, 64)
	return n
}

// event is what a replica publishes for the others: a login key logged
// out ("logout"), or a user logged out everywhere ("revoke"), by hash.
type event struct {
	Replica string `json:"r"`
	T       string `json:"t"`
	Hash    string `json:"h"`
}

// publish tells the other replicas about a logout.
func (sh *shared) publish(t, name string) {
	if sh == nil || name == "" {
		return
	}
	msg, _ := json.Marshal(event{Replica: sh.replica, T: t, Hash: hash(name)})
	ctx, cancel := opContext()
	defer cancel()
	if err := sh.st.Publish(ctx, eventsChannel, msg); err != nil {
		// The other replicas' tabs end at their next reconnect, as with
		// one replica per browser.
		sh.failed("publish a logout", err)
		return
	}
	sh.ok()
}

// follow ends, on this replica, the sessions of the logouts the other
// replicas publish, until ctx is done.
func (s *Server) follow(ctx context.Context) error {
	sh := s.shared
	return sh.st.Subscribe(ctx, eventsChannel, func(msg []byte) {
		var ev event
		if err := json.Unmarshal(msg, &ev); err != nil || ev.Replica == sh.replica {
			return
		}
		switch ev.T {
		case "logout":
			s.endSessionsWhere(func(u *script.User) bool { return hash(u.Key) == ev.Hash }, "")
		case "revoke":
			s.endSessionsWhere(func(u *script.User) bool { return hash(auth.UserID(u.Claims)) == ev.Hash },
				auth.FailureRevoked.Message())
		}
	})
}

// endSessionsWhere logs out the sessions whose logged-in user matches, as
// endSessions does for one login key.
func (s *Server) endSessionsWhere(match func(*script.User) bool, why string) {
	s.mu.Lock()
	sessions := slices.Collect(maps.Values(s.sessions))
	s.mu.Unlock()
	for _, sess := range sessions {
		sess.who.mu.Lock()
		u := sess.who.user
		hit := u != nil && u.LoggedIn && match(u)
		sess.who.mu.Unlock()
		if !hit {
			continue
		}
		s.endSessions(userOf(u).Key, why)
	}
}

// cookieSecretFingerprint is an HMAC of a constant under the secret that
// seals new cookies: equal for replicas with the same secret, and telling
// nothing about it.
func cookieSecretFingerprint(secrets *auth.Secrets) string {
	if secrets == nil {
		return ""
	}
	a, _ := secrets.Raw["auth"].(map[string]any)
	var secret string
	switch v := a["cookie_secret"].(type) {
	case string:
		secret = v
	case []any:
		if len(v) > 0 {
			secret, _ = v[0].(string)
		}
	}
	if secret == "" {
		return ""
	}
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte("gost cookie secret fingerprint v1"))
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// setFingerprint records this replica's cookie secret's fingerprint, and
// compares it with the store's at once.
func (sh *shared) setFingerprint(fp string) {
	if sh == nil {
		return
	}
	sh.fpMu.Lock()
	sh.fingerprint = fp
	sh.fpMu.Unlock()
	sh.compareFingerprint()
}

// compareFingerprint reads the fingerprint the last replica wrote, says
// loudly if it differs from this one's, and writes this one's. Replicas
// with different secrets overwrite each other's, so each sees the other's
// within fingerprintEvery. A different secret is no silent logout: a
// cookie sealed by one replica is refused by the other.
func (sh *shared) compareFingerprint() {
	sh.fpMu.Lock()
	fp := sh.fingerprint
	sh.fpMu.Unlock()
	if fp == "" {
		return
	}
	ctx, cancel := opContext()
	defer cancel()
	other, err := sh.st.Get(ctx, fingerprintKey)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		sh.failed("compare cookie secrets", err)
		return
	}
	differ := err == nil && string(other) != fp
	if differ {
		sh.log.Error("runtime: the replicas have different cookieSecrets: a login made on one is refused by the other, so users are logged out as their tabs move; give every replica the same [auth] cookie_secret (or [server] cookieSecret)", "store", sh.url)
	}
	sh.mismatch.Store(differ)
	if err := sh.st.Set(ctx, fingerprintKey, []byte(fp), 3*fingerprintEvery); err != nil {
		sh.failed("write the cookie secret's fingerprint", err)
		return
	}
	sh.ok()
}

// tend compares fingerprints every fingerprintEvery and writes out the
// carried session state (store_carry.go), until ctx is done; serve writes
// what is left before it closes the store.
func (s *Server) tend(ctx context.Context) {
	fp := time.NewTicker(fingerprintEvery)
	defer fp.Stop()
	flush := time.NewTicker(carryEvery)
	defer flush.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-fp.C:
			s.shared.compareFingerprint()
		case <-flush.C:
			s.shared.flush()
		}
	}
}
