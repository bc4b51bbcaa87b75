package sttest

import (
	"slices"
	"sync"
	"time"
)

// Live pages: fragments on a timer (st.Every) and goroutines that push
// (st.Session). The harness's clock is fake: a fragment's timer fires
// only when the test advances it, so a test of a ticking page is exact
// and quick.

// Advance moves the app's clock on by d. Each fragment timer due on the
// way fires in its turn, and the run it asks for finishes (and is applied
// to Page) before the next fires.
func (a *App) Advance(d time.Duration) {
	a.t.Helper()
	end := a.clock.now() + d
	for {
		f, ok := a.clock.next(end)
		if !ok {
			break
		}
		f()
		a.Settle()
	}
	a.clock.set(end)
}

// Settle waits until the session has no run going or asked for, and
// applies every message it sent.
func (a *App) Settle() {
	a.t.Helper()
	deadline := time.Now().Add(Timeout)
	for a.sess.Busy() {
		if time.Now().After(deadline) {
			a.t.Fatalf("sttest: the session was still running after %s", Timeout)
		}
		time.Sleep(200 * time.Microsecond)
	}
	a.drain()
}

// Until waits until cond holds of the page, applying the messages the app
// sends meanwhile (runs a goroutine of the app pushed, say), and fails the
// test if it does not within Timeout.
func (a *App) Until(cond func(*App) bool) {
	a.t.Helper()
	deadline := time.After(Timeout)
	for {
		a.drain()
		if cond(a) {
			return
		}
		select {
		case <-a.notify:
		case <-deadline:
			a.t.Fatalf("sttest: the page did not get there within %s; it shows %q", Timeout, a.Texts())
		}
	}
}

// drain applies every message received so far.
func (a *App) drain() {
	a.mu.Lock()
	msgs := a.inbox
	a.inbox = nil
	a.mu.Unlock()
	for _, m := range msgs {
		a.handle(m)
	}
}

// fakeClock is the harness's runtime.Clock.
type fakeClock struct {
	mu     sync.Mutex
	t      time.Duration // time since the app started
	seq    int
	timers []*fakeTimer
}

type fakeTimer struct {
	at  time.Duration
	seq int // timers due at once fire in the order they were made
	f   func()
}

func (c *fakeClock) AfterFunc(d time.Duration, f func()) func() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.seq++
	t := &fakeTimer{at: c.t + d, seq: c.seq, f: f}
	c.timers = append(c.timers, t)
	return func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		i := slices.Index(c.timers, t)
		if i < 0 {
			return false
		}
		c.timers = slices.Delete(c.timers, i, i+1)
		return true
	}
}

func (c *fakeClock) now() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) set(t time.Duration) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// next takes the earliest timer due by end, moves the clock to it and
// returns its func.
func (c *fakeClock) next(end time.Duration) (func(), bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var first *fakeTimer
	for _, t := range c.timers {
		if t.at <= end && (first == nil || t.at < first.at || t.at == first.at && t.seq < first.seq) {
			first = t
		}
	}
	if first == nil {
		return nil, false
	}
	c.timers = slices.DeleteFunc(c.timers, func(t *fakeTimer) bool { return t == first })
	c.t = first.at
	return first.f, true
}
