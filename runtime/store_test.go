package runtime

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gost-dev/gost/internal/script"
	"github.com/gost-dev/gost/internal/syncbuf"
	"github.com/gost-dev/gost/runtime/auth"
	"github.com/gost-dev/gost/runtime/store"
	"github.com/gost-dev/gost/st"
)

// These tests run replicas in one process over one store.Memory, which
// stands for Redis here; runtime/store/redisstore runs them against a
// real redis-server, and deploytest behind nginx.

// flaky is a store that can be taken down.
type flaky struct {
	store.Store
	down atomic.Bool
}

var errDown = errors.New("connection refused")

func (f *flaky) Get(ctx context.Context, k string) ([]byte, error) {
	if f.down.Load() {
		return nil, errDown
	}
	return f.Store.Get(ctx, k)
}

func (f *flaky) Set(ctx context.Context, k string, v []byte, ttl time.Duration) error {
	if f.down.Load() {
		return errDown
	}
	return f.Store.Set(ctx, k, v, ttl)
}

func (f *flaky) Incr(ctx context.Context, k string) (int64, error) {
	if f.down.Load() {
		return 0, errDown
	}
	return f.Store.Incr(ctx, k)
}

func (f *flaky) Publish(ctx context.Context, c string, m []byte) error {
	if f.down.Load() {
		return errDown
	}
	return f.Store.Publish(ctx, c, m)
}

// replica is a server on st, as Serve makes one with [server] store.
func replica(t *testing.T, s store.Store, app func(*st.Ctx)) (*Server, *httptest.Server, *syncbuf.Buffer) {
	t.Helper()
	logs := new(syncbuf.Buffer)
	log := slog.New(slog.NewTextHandler(logs, nil))
	srv := NewServer(app, Options{}, log)
	srv.shared = &shared{st: s, log: log, errs: &srv.metrics.storeErrors, replica: newID(), url: "memory://"}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	if err := srv.follow(ctx); err != nil {
		t.Fatal(err)
	}
	go srv.tend(ctx)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return srv, ts, logs
}

func waitWithin(t *testing.T, within time.Duration, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %v", what, within)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// A tab whose replica died reconnects to another, which finds its session
// state in the store; the widgets come from the page, as ever.
func TestSessionStateMovesToAnotherReplica(t *testing.T) {
	t.Parallel()
	mem := new(store.Memory)
	_, tsA, _ := replica(t, mem, counterApp)
	srvB, tsB, _ := replica(t, mem, counterApp)

	a := dial(t, tsA)
	id := a.hello("", nil).ID
	a.until("done")
	for range 2 {
		a.send(map[string]any{"t": "rerun", "trigger": "button:Add"})
		a.until("done")
	}
	waitWithin(t, 2*time.Second, "the state reaches the store", func() bool {
		_, err := mem.Get(context.Background(), sessionKey+id)
		return err == nil
	})
	a.ws.Close()

	b := dial(t, tsB)
	if got := b.hello(id, map[string]any{"text_input:Name": "Ada"}).ID; got != id {
		t.Fatalf("the other replica gave session %q, want the tab's %q", got, id)
	}
	done := b.until("done")
	if !bytes.Contains(done.raw, []byte("count 2")) || !bytes.Contains(done.raw, []byte(`"value":"Ada"`)) {
		t.Errorf("the other replica lost the session state or the page's widgets: %s", done.raw)
	}
	if srvB.Sessions() != 1 {
		t.Errorf("replica B holds %d sessions, want 1", srvB.Sessions())
	}
}

// The session id is the capability, and the login must match: another
// login's state is not restored; state over the bound is not carried.
func TestCarriedStateIsBounded(t *testing.T) {
	t.Parallel()
	mem := new(store.Memory)
	log := slog.New(slog.NewTextHandler(new(syncbuf.Buffer), nil))
	sh := &shared{st: mem, log: log, errs: new(atomic.Uint64)}
	id := newID()
	h, _ := newHandoff(hash("login-1"), map[string]any{"n": 3, "f": func() {}})
	data, _ := json.Marshal(h)
	mem.Set(context.Background(), sessionKey+id, data, 0)
	if v := sh.restore(id, "login-2"); v != nil {
		t.Errorf("another login got the state: %v", v)
	}
	if v := sh.restore(id, ""); v != nil {
		t.Errorf("a logged-out browser got a login's state: %v", v)
	}
	if v := sh.restore(id, "login-1"); v["n"] != 3 || len(v) != 1 {
		t.Errorf("the login's own state: %v, want n=3 alone (a func does not carry)", v)
	}
	if v := sh.restore("../../etc/passwd", ""); v != nil {
		t.Errorf("a malformed id restored %v", v)
	}
	mem.Set(context.Background(), sessionKey+id, bytes.Repeat([]byte("x"), maxCarried+1), 0)
	if v := sh.restore(id, "login-1"); v != nil {
		t.Errorf("an oversized entry was restored")
	}

	// A session whose state is too large is not queued.
	sess := newSession(newID(), counterApp, nil, nil, log)
	sess.state.Adopt(map[string]any{"big": strings.Repeat("x", maxCarried)})
	sh.carryState(sess)
	if len(sh.carry.pending) != 0 {
		t.Errorf("oversized state queued")
	}
}

// A logout on one replica ends the same login's sessions on the others
// within a second; a log out everywhere ends the user's, with the reason.
func TestLogoutReachesEveryReplica(t *testing.T) {
	t.Parallel()
	mem := new(store.Memory)
	srvA, _, _ := replica(t, mem, counterApp)
	srvB, tsB, _ := replica(t, mem, counterApp)
	b := dial(t, tsB)
	id := b.hello("", nil).ID
	b.until("done")
	sess := srvB.session(id)
	alice := script.User{LoggedIn: true, Key: "login-of-alice", Claims: map[string]any{"iss": "https://id", "sub": "alice"}}

	sess.setUser(alice)
	srvA.logOut("login-of-bob") // another login: nothing happens
	srvA.logOut(alice.Key)
	waitWithin(t, time.Second, "replica B logs the session out", func() bool { return sess.userKey() == "" })
	b.until("done") // and reruns it

	sess.setUser(alice)
	srvA.shared.publish("revoke", auth.UserID(alice.Claims))
	waitWithin(t, time.Second, "replica B ends the user's session", func() bool { return sess.userKey() == "" })
	if n := b.until("notice"); !bytes.Contains(n.raw, []byte(auth.FailureRevoked.Message())) {
		t.Errorf("the tab is not told why: %s", n.raw)
	}
}

// Revocations are counted in the store, so a cookie revoked on one
// replica is refused on all; with the store down, a replica still knows
// the generations it read.
func TestRevocationsAreShared(t *testing.T) {
	t.Parallel()
	st := &flaky{Store: new(store.Memory)}
	log := slog.New(slog.NewTextHandler(new(syncbuf.Buffer), nil))
	a := revocations{&shared{st: st, log: log, errs: new(atomic.Uint64)}}
	errsB := new(atomic.Uint64)
	b := revocations{&shared{st: st, log: log, errs: errsB}}
	ctx := context.Background()
	if n, err := a.Revoke(ctx, "iss alice"); n != 1 || err != nil {
		t.Fatalf("Revoke = %d, %v", n, err)
	}
	if n, err := b.Generation(ctx, "iss alice"); n != 1 || err != nil {
		t.Fatalf("the other replica's Generation = %d, %v; want 1", n, err)
	}
	st.down.Store(true)
	if n, err := b.Generation(ctx, "iss alice"); n != 1 || err != nil {
		t.Errorf("with the store down, Generation = %d, %v; want the 1 it read", n, err)
	}
	if errsB.Load() == 0 {
		t.Error("the store's error is not counted")
	}
}

// The store going down mid-run: the app keeps serving, one warning is
// logged however many operations fail, the errors are counted, and the
// store is used again when it is back.
func TestStoreDownKeepsServing(t *testing.T) {
	t.Parallel()
	st := &flaky{Store: new(store.Memory)}
	srv, ts, logs := replica(t, st, counterApp)
	b := dial(t, ts)
	id := b.hello("", nil).ID
	b.until("done")
	st.down.Store(true)
	for i := range 3 {
		b.send(map[string]any{"t": "rerun", "trigger": "button:Add"})
		if done := b.until("done"); !bytes.Contains(done.raw, []byte("count "+string(rune('1'+i)))) {
			t.Fatalf("with the store down, the app stopped serving: %s", done.raw)
		}
		time.Sleep(2 * carryEvery)
		srv.logOut("some-login") // publishes: fails too
	}
	if n := logCount(logs, "the store does not answer"); n != 1 {
		t.Errorf("%d warnings about the store, want 1:\n%s", n, logs)
	}
	if srv.metrics.storeErrors.Load() < 3 {
		t.Errorf("gost_store_errors_total = %d, want every failure counted", srv.metrics.storeErrors.Load())
	}
	st.down.Store(false)
	// The state the runs reached while the store was down is written
	// when it is back, without another run.
	waitWithin(t, 2*time.Second, "the state reaches the store again", func() bool {
		data, err := st.Get(context.Background(), sessionKey+id)
		return err == nil && bytes.Contains(data, []byte(`"value":3`))
	})
	if logCount(logs, "the store answers again") != 1 {
		t.Errorf("the recovery is not logged:\n%s", logs)
	}
}

// Replicas with different cookie secrets say so; the same secret is quiet.
func TestDifferentCookieSecretsAreDetected(t *testing.T) {
	t.Parallel()
	mem := new(store.Memory)
	secrets := func(s string) *auth.Secrets {
		return auth.NewSecrets(map[string]any{"auth": map[string]any{"cookie_secret": s}}, "")
	}
	fp1 := cookieSecretFingerprint(secrets("a-long-enough-cookie-secret-one"))
	fp2 := cookieSecretFingerprint(secrets("a-long-enough-cookie-secret-two"))
	if fp1 == "" || fp1 == fp2 || strings.Contains(fp1, "secret") {
		t.Fatalf("fingerprints %q, %q", fp1, fp2)
	}
	mk := func() (*shared, *syncbuf.Buffer) {
		logs := new(syncbuf.Buffer)
		return &shared{st: mem, log: slog.New(slog.NewTextHandler(logs, nil)), errs: new(atomic.Uint64)}, logs
	}
	a, logsA := mk()
	b, logsB := mk()
	c, logsC := mk()
	a.setFingerprint(fp1)
	b.setFingerprint(fp1)
	c.setFingerprint(fp2)
	a.compareFingerprint()
	for _, l := range []*syncbuf.Buffer{logsA, logsC} {
		if logCount(l, "different cookieSecrets") != 1 {
			t.Errorf("a replica did not say the secrets differ:\n%s", l)
		}
	}
	if logCount(logsB, "different cookieSecrets") != 0 || b.mismatch.Load() {
		t.Errorf("a replica with the same secret complained:\n%s", logsB)
	}
	if !a.mismatch.Load() || !c.mismatch.Load() {
		t.Error("the mismatch is not recorded for /metrics")
	}
	for _, l := range []*syncbuf.Buffer{logsA, logsB, logsC} {
		if strings.Contains(l.String(), "a-long-enough") {
			t.Errorf("the secret is in the log:\n%s", l)
		}
	}
}

// A store that does not answer at start stops the server unless it is
// optional; the message names the URL without its password.
func TestStoreDownAtStart(t *testing.T) {
	t.Parallel()
	log := slog.New(slog.NewTextHandler(new(syncbuf.Buffer), nil))
	errs := new(atomic.Uint64)
	url := "redis://:hunter2@127.0.0.1:1/0"
	sh, err := openShared(context.Background(), url, false, log, errs)
	if err == nil || sh != nil {
		t.Fatalf("openShared of a store that is not there: %v", err)
	}
	for _, want := range []string{"[server] store", "redis://:xxxxx@127.0.0.1:1/0", "storeOptional"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the error %q does not say %q", err, want)
		}
	}
	if strings.Contains(err.Error(), "hunter2") {
		t.Errorf("the error shows the password: %v", err)
	}
	sh, err = openShared(context.Background(), url, true, log, errs)
	if err != nil || sh != nil || errs.Load() != 1 {
		t.Errorf("optional store: %v, %v, %d errors; want memory and one error counted", sh, err, errs.Load())
	}
}

// A tab that moved to another replica and back (its connection here
// dropped, round robin sent it there, then here again) gets the state the
// other replica wrote, not this replica's older copy.
func TestSessionComesBackWithTheNewerState(t *testing.T) {
	t.Parallel()
	mem := new(store.Memory)
	srvA, tsA, _ := replica(t, mem, counterApp)
	_, tsB, _ := replica(t, mem, counterApp)
	click := func(b *browser, want string) {
		t.Helper()
		b.send(map[string]any{"t": "rerun", "trigger": "button:Add"})
		if done := b.until("done"); !bytes.Contains(done.raw, []byte(want)) {
			t.Fatalf("after a click: %s, want %s", done.raw, want)
		}
	}
	a := dial(t, tsA)
	id := a.hello("", nil).ID
	a.until("done")
	click(a, "count 1")
	waitWithin(t, 2*time.Second, "the state reaches the store", func() bool {
		data, _ := mem.Get(context.Background(), sessionKey+id)
		return bytes.Contains(data, []byte(`"value":1`))
	})
	a.ws.Close()

	b := dial(t, tsB)
	b.hello(id, nil)
	b.until("done")
	click(b, "count 2")
	click(b, "count 3")
	waitWithin(t, 2*time.Second, "the state reaches the store", func() bool {
		data, _ := mem.Get(context.Background(), sessionKey+id)
		return bytes.Contains(data, []byte(`"value":3`))
	})
	b.ws.Close()

	if srvA.session(id) == nil {
		t.Fatal("replica A forgot the session too early for this test")
	}
	a2 := dial(t, tsA)
	if got := a2.hello(id, nil).ID; got != id {
		t.Fatalf("replica A gave session %q, want %q", got, id)
	}
	if done := a2.until("done"); !bytes.Contains(done.raw, []byte("count 3")) {
		t.Errorf("replica A served its older copy: %s", done.raw)
	}
	click(a2, "count 4")
}

// hanging is a store whose reads never answer, as one behind a network
// that drops packets.
type hanging struct{ store.Store }

func (hanging) Get(ctx context.Context, _ string) ([]byte, error) {
	<-ctx.Done()
	return nil, ctx.Err()
}

// A store that does not answer holds one request for storeTimeout, not
// every one: the next requests skip it for a while.
func TestHangingStoreHoldsOneRequest(t *testing.T) {
	t.Parallel()
	log := slog.New(slog.NewTextHandler(new(syncbuf.Buffer), nil))
	r := revocations{&shared{st: hanging{new(store.Memory)}, log: log, errs: new(atomic.Uint64)}}
	start := time.Now()
	if _, err := r.Generation(context.Background(), "iss alice"); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < storeTimeout/2 {
		t.Fatalf("the first read took %v: did it ask the store?", d)
	}
	start = time.Now()
	for range 10 {
		r.Generation(context.Background(), "iss alice")
	}
	if d := time.Since(start); d > storeTimeout/2 {
		t.Errorf("10 reads right after a timeout took %v; want them to skip the store", d)
	}
}

// State that does not carry is said once per set of keys, not once per
// session.
func TestUncarriedKeysAreSaidOnce(t *testing.T) {
	t.Parallel()
	logs := new(syncbuf.Buffer)
	sh := &shared{st: new(store.Memory), log: slog.New(slog.NewTextHandler(logs, nil)), errs: new(atomic.Uint64)}
	for range 3 {
		sess := newSession(newID(), counterApp, nil, nil, sh.log)
		sess.state.Adopt(map[string]any{"when": time.Now(), "n": 1})
		sh.carryState(sess)
	}
	if n := logCount(logs, "not carried to other replicas"); n != 1 {
		t.Errorf("%d warnings for the same key in 3 sessions, want 1:\n%s", n, logs)
	}
	if len(sh.carry.pending) != 3 {
		t.Errorf("%d sessions queued, want 3: what carries still does", len(sh.carry.pending))
	}
}

// logCount is how many times s stands in the log l.
func logCount(l *syncbuf.Buffer, s string) int { return strings.Count(l.String(), s) }
