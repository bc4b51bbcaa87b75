package runtime

import (
	"sync"
	"time"
)

// runClock is one timer over the run timers of many sessions: a server's
// (one per server), or a session's own when it has no server.
//
// A timer per session cost a wake-up of another thread on nearly every
// run: a run's timer, due a moment later, was the earliest of the process,
// and arming the earliest timer wakes Go's network poller to wait for it
// (runtime.wakeNetPoller). Most runs end long before their timer is due.
// The clock's one timer is armed when the first run of a burst starts;
// the runs that start before it fires only enter a set. When it fires,
// it hands the runs that are due to their sessions and waits for the
// earliest of the rest; a fire that finds no run due costs one
// goroutine, at most once a moment (streamAfter), so the clock is never
// stopped.
//
// The zero value is ready to use.
type runClock struct {
	mu    sync.Mutex
	t     *time.Timer
	epoch time.Time  // times are durations since, on the monotonic clock
	at    int64      // when t fires; 0: not armed
	runs  []*Session // whose run timer is armed; in s.timer, slot is the index + 1, due when it is due
}

// now returns the time on the clock's scale; under c.mu.
func (c *runClock) now() int64 {
	if c.epoch.IsZero() {
		c.epoch = time.Now()
	}
	return int64(time.Since(c.epoch)) + 1 // never 0, which means not armed
}

// clockGrain is the clock's resolution: a run timer fires up to this much
// late. Due times on one grid are fired together, so however many runs go
// on at once (a thousand tabs streaming, each ticking every streamAfter),
// the clock fires, and looks over them, at most once a grain.
const clockGrain = int64(5 * time.Millisecond)

// arm makes s's run timer fire in d, rounded up to the clock's grain.
func (c *runClock) arm(s *Session, d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	rt := &s.timer
	due := c.now() + int64(d)
	rt.due = due + clockGrain - 1 - (due-1)%clockGrain
	if rt.slot == 0 {
		c.runs = append(c.runs, s)
		rt.slot = len(c.runs)
	}
	if c.at == 0 || rt.due < c.at {
		c.reset(rt.due)
	}
}

// disarm stops s's run timer. The clock's own timer goes on: another run
// is likely to start before it fires, and then needs no arming.
func (c *runClock) disarm(s *Session) {
	c.mu.Lock()
	c.remove(s)
	c.mu.Unlock()
}

// remove takes s out of the set; under c.mu.
func (c *runClock) remove(s *Session) {
	i := s.timer.slot - 1
	if i < 0 {
		return
	}
	last := len(c.runs) - 1
	c.runs[i] = c.runs[last]
	c.runs[i].timer.slot = i + 1
	c.runs[last] = nil
	c.runs = c.runs[:last]
	s.timer.slot = 0
}

// reset makes the clock's timer fire at at; under c.mu.
func (c *runClock) reset(at int64) {
	c.at = at
	d := time.Duration(at - c.now())
	if c.t == nil {
		c.t = time.AfterFunc(d, c.fire)
	} else {
		c.t.Reset(d)
	}
}

// fire hands the runs that are due to their sessions, each on a goroutine
// of its own (a fire may send a long run's elements), as a timer of their
// own would, and waits for the earliest of the rest.
func (c *runClock) fire() {
	c.mu.Lock()
	now := c.now()
	var due []*Session
	next := int64(0)
	for i := 0; i < len(c.runs); {
		s := c.runs[i]
		if s.timer.due <= now {
			due = append(due, s)
			c.remove(s) // moves the last into slot i
			continue
		}
		if next == 0 || s.timer.due < next {
			next = s.timer.due
		}
		i++
	}
	if next != 0 {
		c.reset(next)
	} else {
		c.at = 0
	}
	c.mu.Unlock()
	for _, s := range due {
		go s.fire()
	}
}
