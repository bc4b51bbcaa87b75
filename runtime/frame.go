package runtime

import (
	"sync"
	"time"
)

// frameEvery is how often, at most, a run's live changes (a progress bar
// set, a placeholder refilled, text streamed) go to the browser: one frame
// of a 60 Hz screen. A change waits at most this long, instead of the
// streamAfter tick, and a flood of changes costs one message per frame.
//
// It bounds the frames' rate, not each gap: a frame may follow the last
// sooner when the one before came later (one frame of slack), so that a
// stream of pieces that come a little slower than frames (a model's 50
// tokens a second) goes at once, piece by piece, though a busy machine
// delays one piece a little and brings the next a little early.
const frameEvery = 16 * time.Millisecond

// frames schedules the frames of one run: wake asks for one, which is
// sent at once when the frames so far leave room for it (on average one
// per frameEvery, two in a row at most), else as soon as they do. wake is
// called with the run's lock held, so it only arms a timer.
type frames struct {
	send  func()           // sends a frame; called on the timer's goroutine
	clock func() time.Time // time.Now, unless a test says otherwise

	mu    sync.Mutex
	timer *time.Timer
	// next is when a frame may go without slack: frameEvery after the
	// last, or after next as it was, if that is later (a frame that used
	// the slack). A frame may go from next-frameEvery on.
	next    time.Time
	pending bool // a frame is due and its timer armed
	stopped bool
}

func (f *frames) now() time.Time {
	if f.clock != nil {
		return f.clock()
	}
	return time.Now()
}

// wait returns how long a frame asked for at now must wait.
func (f *frames) wait(now time.Time) time.Duration {
	if !f.next.After(now) {
		return 0 // and the zero next is long ago: Sub would saturate
	}
	return max(0, f.next.Sub(now)-frameEvery)
}

// sent notes a frame sent at now.
func (f *frames) sent(now time.Time) {
	if f.next.Before(now) {
		f.next = now
	}
	f.next = f.next.Add(frameEvery)
}

func (f *frames) wake() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.arm()
}

// arm arms the timer for the frame asked for. The caller holds f.mu.
func (f *frames) arm() {
	if f.pending || f.stopped {
		return
	}
	f.pending = true
	d := f.wait(f.now())
	if f.timer == nil {
		f.timer = time.AfterFunc(d, f.fire)
	} else {
		f.timer.Reset(d)
	}
}

func (f *frames) fire() {
	f.mu.Lock()
	if f.stopped {
		f.mu.Unlock()
		return
	}
	f.pending = false
	f.sent(f.now())
	f.mu.Unlock()
	f.send()
}

// flush asks for a frame for streamed text, on the run's goroutine and
// without its lock: when it may go now it is sent there and then, rather
// than when a timer's goroutine is scheduled, which on a busy machine is
// late, and without a timer at all; else the timer is armed as wake arms
// it, so pieces that come faster than frames still share one.
func (f *frames) flush() {
	f.mu.Lock()
	now := f.now()
	if f.pending || f.stopped || f.wait(now) > 0 {
		f.arm() // nothing if armed already, or stopped
		f.mu.Unlock()
		return
	}
	f.sent(now)
	f.mu.Unlock()
	f.send()
}

// stop ends the frames: the run is over, and its "done" carries the rest.
func (f *frames) stop() {
	f.mu.Lock()
	f.stopped = true
	if f.timer != nil {
		f.timer.Stop()
	}
	f.mu.Unlock()
}
