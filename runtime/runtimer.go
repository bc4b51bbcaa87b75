package runtime

import (
	"sync"
	"time"

	"github.com/gost-dev/gost/internal/script"
)

// runTimer is a session's one timer over its runs, for what a run does
// once it has gone on longer than a moment (streamAfter): it tells the
// browser that the run is going (the run message, which shows the running
// indicator and fades the page), sends what the run has drawn every
// streamAfter (stream), and past [Config.MaxRun] has the watchdog report
// it (watchdog.go). Most runs end well within the moment: their done is
// the only message the browser gets, one write and one wake-up.
//
// The timer is a place on a clock shared by the server's sessions
// (runclock.go), which calls the session's fire. The zero value is ready: a
// session without a server makes a clock of its own at its first run.
type runTimer struct {
	mu    sync.Mutex
	clock *runClock // the server's; made by the first run without one
	on    bool      // a run is going: beginRun was called, endRun not yet
	gen   uint64    // counts the runs, for a fire that outlives its run

	// The clock's, under its lock: where the session is in its set of
	// armed timers (index + 1; 0: not armed), and when the timer is due.
	slot int
	due  int64

	// The run going.
	start  time.Time
	n, seq int64
	keys   []string    // the fragments it reruns; nil: the whole app
	tick   *script.Run // the run the stream sends (stream), while App runs

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
}

// armRun makes the run timer fire in d; under the timer's lock.
func (s *Session) armRun(d time.Duration) {
	rt := &s.timer
	if rt.clock == nil {
		rt.clock = new(runClock)
	}
	rt.clock.arm(s, d)
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

// streamTo has the timer send tick's frames (nil: none) every streamAfter
// while it goes on.
func (s *Session) streamTo(tick *script.Run) {
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
	if age >= streamAfter {
		// A run on a reader (readLoop) that made no st call past
		// handoffAfter has kept the browser's next messages waiting
		// for a moment: another goroutine reads them now.
		s.handOff()
	}
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

	ticking := tick == nil || s.sendFrame(tick) // no stream yet: the callbacks run

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
	rt.clock.disarm(s)
	w, n := rt.watch, rt.n
	rt.mu.Unlock()
	s.ended(w, n)
}
