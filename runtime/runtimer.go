package runtime

import (
	"sync"
	"sync/atomic"
	"time"
)

// runTimer is a session's one timer over its runs, for what a run does
// once it has gone on longer than a moment (streamAfter): it tells the
// browser that the run is going (the run message, which shows the running
// indicator and fades the page), sends what the run has drawn every
// streamAfter (stream), and past [Config.MaxRun] has the watchdog report
// it (watchdog.go). Most runs end well within the moment: their done is
// the only message the browser gets, one write and one wake-up.
//
// A server's sessions share its clock, which looks at the runs going every
// clockTick: a run costs an entry in a set, where arming a timer of its
// own cost the runtime's timer heap and often a wake-up of its poller.
// A session without a server (NewSession) arms a timer of its own, made
// by its first run: the zero value is ready.
type runTimer struct {
	mu  sync.Mutex
	t   *time.Timer  // without a clock
	due atomic.Int64 // with a clock: when to fire, in Unix nanoseconds; 0: not armed
	on  bool         // a run is going: beginRun was called, endRun not yet
	gen uint64       // counts the runs, for a fire that outlives its run

	// The run going.
	start  time.Time
	n, seq int64
	keys   []string    // the fragments it reruns; nil: the whole app
	tick   func() bool // its stream's (stream), while App runs; false: stop ticking

	// The request's: the run message went (announced), for fragments
	// only (fragments), which a run of the app that follows (st.Rerun)
	// must send again, fading more of the page.
	announced, fragments bool

	watch watchRun // the watchdog's view of the run (watchdog.go)
}

// beginRun starts the timer for run n of the request that applied the
// browser's reruns up to seq; first: the request's first run, which has
// not told the browser anything yet.
func (s *Session) beginRun(n, seq int64, keys []string, first bool) {
	rt := &s.timer
	rt.mu.Lock()
	defer rt.mu.Unlock()
	rt.gen++
	rt.on, rt.start, rt.n, rt.seq, rt.keys, rt.tick = true, time.Now(), n, seq, keys, nil
	if first {
		rt.announced, rt.fragments = false, false
	}
	rt.watch = s.watch()
	s.armRun(rt.next(0, true))
	if s.clock != nil {
		s.clock.add(s)
	}
}

// armRun makes the run timer fire in d; under the timer's lock.
func (s *Session) armRun(d time.Duration) {
	rt := &s.timer
	switch {
	case s.clock != nil:
		rt.due.Store(time.Now().Add(d).UnixNano())
	case rt.t == nil:
		rt.t = time.AfterFunc(d, s.fire)
	default:
		rt.t.Reset(d)
	}
}

// next is how long from age (the run's) the timer should wait: to the
// next tick while the run ticks, else to the watchdog's limit, if the run
// has not been reported yet; 0: no need to fire again.
func (rt *runTimer) next(age time.Duration, ticking bool) time.Duration {
	var d time.Duration
	if ticking {
		d = streamAfter - age%streamAfter
	}
	if w := rt.watch.limit; w > 0 && !rt.watch.reported && (d == 0 || w-age < d) {
		d = max(w-age, time.Millisecond)
	}
	return d
}

// streamTo makes tick the run's stream (nil: none), which the timer calls
// every streamAfter while it returns true.
func (s *Session) streamTo(tick func() bool) {
	s.timer.mu.Lock()
	s.timer.tick = tick
	s.timer.mu.Unlock()
}

// announce sends the run message, if the browser has not had it for this
// run: before the first delta, which may come sooner than the moment (a
// live element's change goes within a frame, frame.go).
func (s *Session) announce() {
	s.timer.mu.Lock()
	s.announceLocked()
	s.timer.mu.Unlock()
}

// announceLocked sends the run message under the timer's lock, so that
// it goes before the run's deltas and never after its done (endRun).
func (s *Session) announceLocked() {
	rt := &s.timer
	if !rt.on || rt.announced && !(rt.keys == nil && rt.fragments) {
		return
	}
	rt.announced, rt.fragments = true, rt.keys != nil
	s.send(runMsg(rt.n, rt.seq, rt.keys))
}

// fire is the timer's: the run has gone on for a moment (or a tick more),
// or to the watchdog's limit.
func (s *Session) fire() {
	rt := &s.timer
	rt.mu.Lock()
	if !rt.on {
		rt.mu.Unlock()
		return
	}
	age := time.Since(rt.start)
	if age < streamAfter && (rt.watch.limit <= 0 || age < rt.watch.limit) {
		// A fire for the run before, which ended as it came.
		s.armRun(rt.next(age, true))
		rt.mu.Unlock()
		return
	}
	s.announceLocked()
	if rt.watch.due(age) {
		// Under the lock: the run's end waits for the report, and counts
		// it off (watchdog.go).
		s.report(&rt.watch, rt.n)
	}
	tick, gen := rt.tick, rt.gen
	rt.mu.Unlock()

	ticking := tick == nil || tick() // no stream yet: the callbacks run

	rt.mu.Lock()
	if rt.on && rt.gen == gen {
		if d := rt.next(time.Since(rt.start), ticking); d > 0 {
			s.armRun(d)
		}
	}
	rt.mu.Unlock()
}

// endRun stops the timer at the end of a run: no run message goes after
// it, so none follows the run's done.
func (s *Session) endRun() {
	rt := &s.timer
	rt.mu.Lock()
	rt.on, rt.tick = false, nil
	if s.clock != nil {
		rt.due.Store(0)
	} else {
		rt.t.Stop()
	}
	w, n := rt.watch, rt.n
	rt.mu.Unlock()
	if s.clock != nil {
		s.clock.remove(s)
	}
	s.ended(w, n)
}

// clockTick is how often a server's clock looks at its runs going: the
// run message, a long run's elements and the watchdog's report come up to
// this much later than their time.
const clockTick = 10 * time.Millisecond

// clock is a server's one ticker over its sessions' runs going. It ticks
// only while a run goes: its goroutine ends at a tick that finds none,
// and the next run starts another.
type clock struct {
	mu      sync.Mutex
	runs    map[*Session]struct{}
	ticking bool
}

func (c *clock) add(s *Session) {
	c.mu.Lock()
	if c.runs == nil {
		c.runs = make(map[*Session]struct{})
	}
	c.runs[s] = struct{}{}
	start := !c.ticking
	c.ticking = true
	c.mu.Unlock()
	if start {
		go c.run()
	}
}

func (c *clock) remove(s *Session) {
	c.mu.Lock()
	delete(c.runs, s)
	c.mu.Unlock()
}

// run ticks while runs go, and fires those that are due, each on a
// goroutine of its own (a fire may send a long run's elements), as a
// timer of their own would.
func (c *clock) run() {
	t := time.NewTicker(clockTick)
	defer t.Stop()
	var due []*Session
	for now := range t.C {
		c.mu.Lock()
		if len(c.runs) == 0 {
			c.ticking = false
			c.mu.Unlock()
			return
		}
		due = due[:0]
		for s := range c.runs {
			// Swapped to 0: the fire re-arms it, so it is never
			// dispatched twice at once.
			if d := s.timer.due.Load(); d != 0 && d <= now.UnixNano() && s.timer.due.CompareAndSwap(d, 0) {
				due = append(due, s)
			}
		}
		c.mu.Unlock()
		for _, s := range due {
			go s.fire()
		}
	}
}
