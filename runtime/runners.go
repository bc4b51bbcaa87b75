package runtime

import (
	"strconv"
	"sync/atomic"
	"time"
)

// runners runs a server's sessions' run loops on goroutines kept between
// runs. A run on a goroutine of its own would start it, and grow its stack
// from the smallest as App's calls go deep: copying the stack as it grew
// was 5% of the server's CPU per rerun at 1,000 active sessions. A runner
// is any goroutine; only one runs a session's loop at a time, as before
// (Session.request starts the loop only when none runs).
type runners struct {
	work chan *Session // unbuffered: a send succeeds only to an idle runner
	idle atomic.Int32
	made atomic.Int64 // runners made: their tags
}

func newRunners() runners { return runners{work: make(chan *Session)} }

const (
	// maxIdleRunners is how many runners wait for work; more runs at once
	// start more goroutines, which end after their run.
	maxIdleRunners = 8
	// runnerIdle is how long a runner waits for work before it ends.
	runnerIdle = 10 * time.Second
)

// start runs s's loop on an idle runner, or on a new goroutine. A session
// without a server (r nil) runs on a goroutine of its own.
func (r *runners) start(s *Session) {
	if r == nil {
		go s.loop()
		return
	}
	select {
	case r.work <- s:
	default:
		go r.run(s)
	}
}

// run runs s's loop, then waits for another session's. It labels itself
// for the watchdog (watchdog.go).
func (r *runners) run(s *Session) {
	tag := strconv.FormatInt(r.made.Add(1), 10)
	labelRunner(tag)
	var idle *time.Timer
	for {
		s.runner = tag // s's loop is not running: no other goroutine reads it
		s.loop()
		if r.idle.Add(1) > maxIdleRunners {
			r.idle.Add(-1)
			return
		}
		if idle == nil {
			idle = time.NewTimer(runnerIdle)
		} else {
			idle.Reset(runnerIdle)
		}
		select {
		case s = <-r.work:
			r.idle.Add(-1)
		case <-idle.C:
			r.idle.Add(-1)
			return
		}
	}
}
