package runtime

// Session state in the store (store.go): after a run that changed it, the
// state that can be carried (reload_handoff.go's rule, the code reload's)
// is queued, and written out every carryEvery, the latest of each session
// only. A tab whose replica died reconnects to another with its session
// id; that replica finds the state in the store, and the browser's hello
// brings the widgets' values, as after any reconnect.

import (
	"crypto/sha256"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/gost-dev/gost/runtime/store"
)

const (
	// carryEvery is how often queued session state is written: a
	// session's state reaches the store at most this long after its run,
	// and at most once per interval however often it runs.
	carryEvery = 200 * time.Millisecond
	// carryTTL is how long the store keeps a session's state after its
	// last write. A session whose runs write nothing new rewrites it when
	// a run comes after carryTTL/2.
	carryTTL = time.Hour
	// maxCarried bounds a session's carried state, encoded. Larger state
	// is not written (and a warning says so once per session): the store
	// is for what a user set, not for data sets.
	maxCarried = 64 << 10
)

// carrier is a server's queue of session state to write.
type carrier struct {
	mu      sync.Mutex
	pending map[string][]byte // session id → encoded handoff
	// sums are the hashes of the state this replica last queued or
	// restored, by session: a different one in the store was written by
	// another replica since, which the tab has moved to and from.
	sums map[string][sha256.Size]byte
	// dropped are the sets of keys already said not to carry: an app's
	// date widget would otherwise be a warning for every session.
	dropped map[string]bool
}

// maxDroppedSaid bounds carrier.dropped (keys may be made at run time).
const maxDroppedSaid = 64

// carried is a session's record of what it last queued.
type carried struct {
	at     time.Time
	warned bool // about state too large
}

// carryState queues sess's state if the run that just ended changed it.
// It runs on sess's run loop, which owns the state.
func (sh *shared) carryState(sess *Session) {
	if sh == nil {
		return
	}
	key := sess.userKey()
	if key != "" {
		key = hash(key)
	}
	h, dropped := newHandoff(key, sess.state.Values())
	data, err := json.Marshal(h)
	if err != nil {
		return
	}
	if sess.carried == nil {
		sess.carried = new(carried)
	}
	c := sess.carried
	sum := sha256.Sum256(data)
	sh.carry.mu.Lock()
	same := sh.carry.sums[sess.ID] == sum
	sh.carry.mu.Unlock()
	if same && time.Since(c.at) < carryTTL/2 {
		return
	}
	if len(dropped) > 0 && sh.carry.firstDrop(dropped) {
		sh.log.Warn("runtime: session state not carried to other replicas (only bool, string, numbers and slices and maps of them are); said once for these keys", "session", sess.ID, "keys", dropped)
	}
	if len(data) > maxCarried {
		if !c.warned {
			c.warned = true
			sh.log.Warn("runtime: session state too large to carry to other replicas", "session", sess.ID, "bytes", len(data), "limit", maxCarried)
		}
		return
	}
	c.at = time.Now()
	sh.carry.mu.Lock()
	if sh.carry.pending == nil {
		sh.carry.pending = map[string][]byte{}
	}
	sh.carry.pending[sess.ID] = data
	sh.carry.setSum(sess.ID, sum)
	sh.carry.mu.Unlock()
}

// flush writes the queued session state.
func (sh *shared) flush() {
	if sh == nil {
		return
	}
	sh.carry.mu.Lock()
	batch := sh.carry.pending
	sh.carry.pending = nil
	sh.carry.mu.Unlock()
	for id, data := range batch {
		ctx, cancel := opContext()
		err := sh.st.Set(ctx, sessionKey+id, data, carryTTL)
		cancel()
		if err != nil {
			sh.failed("save session state", err)
			sh.requeue(batch)
			return
		}
		sh.ok()
		delete(batch, id)
	}
}

// requeue puts back what a flush could not write, for the next one,
// unless the session has queued newer state meanwhile: a store that was
// down gets each session's latest state when it is back, and until then
// this replica knows its copy is newer than the store's (newer).
func (sh *shared) requeue(batch map[string][]byte) {
	sh.carry.mu.Lock()
	defer sh.carry.mu.Unlock()
	if sh.carry.pending == nil {
		sh.carry.pending = map[string][]byte{}
	}
	for id, data := range batch {
		if _, newer := sh.carry.pending[id]; !newer {
			sh.carry.pending[id] = data
		}
	}
}

// flushSession writes sess's queued state now: its replica is about to
// stop serving it.
func (sh *shared) flushSession(id string) {
	if sh == nil {
		return
	}
	sh.carry.mu.Lock()
	data, ok := sh.carry.pending[id]
	delete(sh.carry.pending, id)
	sh.carry.mu.Unlock()
	if !ok {
		return
	}
	ctx, cancel := opContext()
	defer cancel()
	if err := sh.st.Set(ctx, sessionKey+id, data, carryTTL); err != nil {
		sh.failed("save session state", err)
		return // the session ends here: nobody is left to write it
	}
	sh.ok()
}

// firstDrop reports whether keys were not said before not to carry.
func (c *carrier) firstDrop(keys []string) bool {
	k := strings.Join(keys, "\x00")
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.dropped[k] || len(c.dropped) >= maxDroppedSaid {
		return false
	}
	if c.dropped == nil {
		c.dropped = map[string]bool{}
	}
	c.dropped[k] = true
	return true
}

func (c *carrier) setSum(id string, sum [sha256.Size]byte) {
	if c.sums == nil {
		c.sums = map[string][sha256.Size]byte{}
	}
	c.sums[id] = sum
}

// forget drops what the carrier knows of session id, which the server no
// longer holds. The store keeps its state for carryTTL, for a tab that
// comes back to another replica.
func (sh *shared) forget(id string) {
	if sh == nil {
		return
	}
	sh.carry.mu.Lock()
	delete(sh.carry.sums, id)
	sh.carry.mu.Unlock()
}

// newer returns the state the store holds for session id, which this
// replica holds too, if another replica wrote it since this one last did:
// the tab went there (this replica's connection dropped) and came back.
// nil if this replica's copy is the latest.
func (sh *shared) newer(id, userKey string) map[string]any {
	if sh == nil {
		return nil
	}
	sh.carry.mu.Lock()
	_, queued := sh.carry.pending[id]
	mine, known := sh.carry.sums[id]
	sh.carry.mu.Unlock()
	if queued || !known {
		return nil // this replica's state is newer than the store's
	}
	values, sum := sh.load(id, userKey)
	if values == nil || sum == mine {
		return nil
	}
	return values
}

// restore returns the state the store holds for session id, if it belongs
// to the login userKey (or to nobody): the session id is the capability,
// and only the browser that was given it knows it. nil if there is none.
func (sh *shared) restore(id, userKey string) map[string]any {
	values, _ := sh.load(id, userKey)
	return values
}

// load is restore, which also returns the hash of the state loaded and
// records it as the one this replica knows.
func (sh *shared) load(id, userKey string) (map[string]any, [sha256.Size]byte) {
	var sum [sha256.Size]byte
	if sh == nil || !validSessionID(id) || sh.skip() {
		return nil, sum
	}
	ctx, cancel := opContext()
	defer cancel()
	data, err := sh.st.Get(ctx, sessionKey+id)
	if err != nil {
		if !errors.Is(err, store.ErrNotFound) {
			sh.failed("read session state", err)
		} else {
			sh.ok()
		}
		return nil, sum
	}
	sh.ok()
	if len(data) > maxCarried {
		sh.log.Warn("runtime: session state in the store too large; not restored", "session", id, "bytes", len(data))
		return nil, sum
	}
	var h handoff
	if err := json.Unmarshal(data, &h); err != nil || h.V != handoffVersion {
		sh.log.Warn("runtime: session state in the store unreadable; not restored", "session", id, "err", err)
		return nil, sum
	}
	if h.User != "" && (userKey == "" || h.User != hash(userKey)) {
		return nil, sum // another login's state, as in Server.hello
	}
	values, dropped := h.values()
	if len(dropped) > 0 {
		sh.log.Warn("runtime: session state from the store not restored", "session", id, "keys", dropped)
	}
	sum = sha256.Sum256(data)
	sh.carry.mu.Lock()
	sh.carry.setSum(id, sum)
	sh.carry.mu.Unlock()
	return values, sum
}
