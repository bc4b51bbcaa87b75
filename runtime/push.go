package runtime

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gost-dev/gost/internal/jobs"
	"github.com/gost-dev/gost/internal/script"
)

// Pushes: runs a session asks itself for, not its browser: a fragment's
// timer (st.Every) and a goroutine of the app's (st.Session). They go
// through the same pending request as the browser's interactions, so they
// never race a run and coalesce: any number of pushes while a run is
// pending make one run. Unlike an interaction they do not make the run
// going on stale: a page that ticks faster than App runs would otherwise
// never finish a run.

// maxPushedFragments bounds the fragments one pending request names; past
// it the request reruns the whole app, so a flood of keys is bounded too.
const maxPushedFragments = 64

// A Clock makes the timers of a session's fragments. The zero Session uses
// the real one; sttest uses a fake one it advances by hand.
type Clock interface {
	// AfterFunc calls f in its own goroutine after d, unless stop is
	// called first.
	AfterFunc(d time.Duration, f func()) (stop func() bool)
}

type realClock struct{}

func (realClock) AfterFunc(d time.Duration, f func()) func() bool { return time.AfterFunc(d, f).Stop }

// live is a session's side of pushes: its context, its fragments' timers.
type live struct {
	ended atomic.Bool // the session has ended (end); set under mu

	mu     sync.Mutex
	ctx    context.Context // made on first use (Context): most sessions never ask
	cancel context.CancelFunc
	clock  Clock
	timers map[string]*fragmentTimer
	ends   []func() // called when the session ends (a job's subscription)

	// Jobs (jobs.go): the registry, the user who owns what the session
	// sees, and the jobs it watches.
	reg     *jobs.Registry
	owner   string
	watches map[string]*jobWatch
}

type fragmentTimer struct {
	every time.Duration
	stop  func() bool
}

func newLive() live {
	return live{clock: realClock{}}
}

// SetClock makes c the clock of the session's fragment timers. Call it
// before the first run.
func (s *Session) SetClock(c Clock) {
	s.live.mu.Lock()
	s.live.clock = c
	s.live.mu.Unlock()
}

// Context is cancelled when the session ends. It implements script.Pusher.
// It is made on first use, since most sessions never ask for it (an idle
// tab's memory, BENCHMARKS.md).
func (s *Session) Context() context.Context {
	l := &s.live
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.ctx == nil {
		l.ctx, l.cancel = context.WithCancel(context.Background())
		if l.ended.Load() {
			l.cancel()
		}
	}
	return l.ctx
}

// Push asks for a run of the fragment with key, or of the whole app ("").
// It implements script.Pusher: st.Session's Handle calls it from any
// goroutine. After the session ended it does nothing.
func (s *Session) Push(key string) {
	if s.live.ended.Load() {
		return
	}
	s.mu.Lock()
	if s.pending == nil {
		s.pending = &request{widgets: make(map[string]any), push: true}
	}
	p := s.pending
	switch {
	case key == "" || p.full:
		p.full, p.frags = true, nil
	case len(p.frags) >= maxPushedFragments:
		p.full, p.frags = true, nil
	default:
		if p.frags == nil {
			p.frags = make(map[string]bool)
		}
		p.frags[key] = true
	}
	start := !s.running
	s.running = true
	s.mu.Unlock()
	if start {
		s.runners.start(s)
	}
}

// Busy reports whether the session has a run going or asked for. Test
// harnesses wait for it to be false.
func (s *Session) Busy() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.running || s.pending != nil
}

// scope says what req reruns: the whole app (full), or only the fragments
// with keys: those its widgets were drawn in and those pushed.
func (s *Session) scope(req *request, in script.Input) (keys []string, full bool) {
	if req.full || req.at != nil {
		return nil, true
	}
	if len(in.Widgets) > 0 || in.Trigger != "" {
		if keys, full = s.state.Scope(in); full {
			return nil, true
		}
	} else if len(req.frags) == 0 {
		return nil, true // a rerun with nothing in it: the whole app
	}
	for k := range req.frags {
		if !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys, false
}

// requeue puts what an aborted run was for back into the pending request
// that superseded it: a newer interaction with one fragment must not leave
// the rest of an aborted run of the app undrawn.
func (s *Session) requeue(full bool, keys []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.pending
	if p == nil {
		return
	}
	if full {
		p.full, p.frags = true, nil
		return
	}
	if p.full {
		return
	}
	if p.frags == nil {
		p.frags = make(map[string]bool)
	}
	for _, k := range keys {
		p.frags[k] = true
	}
}

// syncTimers makes the session's timers those of the fragments the page
// shows now: new ones start, changed ones restart, gone ones stop. It runs
// on the run loop after each run.
func (s *Session) syncTimers() {
	every := s.state.Every()
	l := &s.live
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.ended.Load() {
		return
	}
	for key, t := range l.timers {
		if every[key] != t.every {
			t.stop()
			delete(l.timers, key)
		}
	}
	for key, d := range every {
		if l.timers[key] == nil {
			t := &fragmentTimer{every: d}
			if l.timers == nil { // made on first use: most apps have no st.Every
				l.timers = make(map[string]*fragmentTimer)
			}
			l.timers[key] = t
			s.arm(key, t)
		}
	}
}

// arm starts t's next period. At its end the fragment reruns, if a browser
// shows the page (a page no one sees need not tick; the next hello reruns
// everything), and the next period starts. l.mu is held.
func (s *Session) arm(key string, t *fragmentTimer) {
	t.stop = s.live.clock.AfterFunc(t.every, func() {
		s.mu.Lock()
		shown := s.client != nil
		s.mu.Unlock()
		if shown {
			s.Push(key)
		}
		s.live.mu.Lock()
		if s.live.timers[key] == t && !s.live.ended.Load() {
			s.arm(key, t)
		}
		s.live.mu.Unlock()
	})
}

// onEnd calls f when the session ends (at once if it has).
func (s *Session) onEnd(f func()) {
	l := &s.live
	l.mu.Lock()
	if !l.ended.Load() {
		l.ends = append(l.ends, f)
		f = nil
	}
	l.mu.Unlock()
	if f != nil {
		f()
	}
}

// end ends what the session holds beyond its state: its uploads are
// removed, its context is cancelled, its timers stop and what it watched
// forgets it. The server calls it when it forgets the session.
func (s *Session) end() {
	s.uploads.Close() // files do not outlive their session, nor go to a new process
	l := &s.live
	l.mu.Lock()
	l.ended.Store(true)
	if l.cancel != nil {
		l.cancel()
	}
	for key, t := range l.timers {
		t.stop()
		delete(l.timers, key)
	}
	ends := l.ends
	l.ends = nil
	l.mu.Unlock()
	for _, f := range ends {
		f()
	}
}

// End ends a session no server holds (a test harness's tab that closes):
// as when the server forgets one.
func (s *Session) End() { s.end() }
