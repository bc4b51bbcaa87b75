package runtime

import (
	"strconv"
	"sync/atomic"
	"time"
)

// runners runs a server's sessions' run loops on goroutines kept between
// runs, when a loop is not started by a browser's message (a push, a
// fragment's timer): a message's reader runs that loop itself (readLoop).
// A run on a goroutine of its own would start it, and grow its stack from
// the smallest as App's calls go deep: copying the stack as it grew was 5%
// of the server's CPU per rerun at 1,000 active sessions. A runner
// is any goroutine; only one runs a session's loop at a time, as before
// (Session.request starts the loop only when none runs).
type runners struct {
	work chan *Session // unbuffered: a send succeeds only to an idle runner
	idle atomic.Int32
	made atomic.Int64 // runners made
	tags atomic.Int64 // tags given (label), to runners and readers
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
	r.made.Add(1)
	tag := r.label()
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

// label gives the calling goroutine a runner tag of its own, for the
// watchdog, and returns it: a runner, or a reader that runs loops
// (runHere).
func (r *runners) label() string {
	tag := strconv.FormatInt(r.tags.Add(1), 10)
	labelRunner(tag)
	return tag
}

// runHere runs sess's loop on the calling goroutine, c's reader, which
// labels itself for the watchdog the first time (tag). It reports whether
// the goroutine is still c's reader: false when a run went on long
// enough that another took over (handOff), and this one must end.
func (c *conn) runHere(sess *Session, r *runners, tag *string) (reader bool) {
	if *tag == "" {
		*tag = r.label()
	}
	sess.runner = *tag // no loop runs: ask said to start one
	c.mu.Lock()
	c.loops++
	mine := c.loops
	c.inline = mine
	c.mu.Unlock()
	sess.loop()
	c.mu.Lock()
	// A reader handOff started may be in a loop of its own by now.
	handed := c.handed == mine
	if c.inline == mine {
		c.inline = 0
	}
	c.mu.Unlock()
	return !handed
}

// handOff starts another reader for c, whose reader runs a loop that has
// gone on for a while; the reader running it ends after the loop. Under
// c's lock with runHere's end, exactly one goroutine reads.
func (c *conn) handOff() {
	c.mu.Lock()
	if c.inline == 0 || c.handed == c.inline || c.srv == nil {
		c.mu.Unlock()
		return
	}
	c.handed = c.inline
	c.mu.Unlock()
	go c.srv.readLoop(c)
}
