package runtime

import (
	"sync"
	"time"
)

// frameEvery is how often, at most, a run's live changes (a progress bar
// set, a placeholder refilled, text streamed) go to the browser: one frame
// of a 60 Hz screen. A change waits at most this long, instead of the
// streamAfter tick, and a flood of changes costs one message per frame.
const frameEvery = 16 * time.Millisecond

// frames schedules the frames of one run: wake asks for one, which is
// sent at once when the last was sent more than frameEvery ago, else when
// frameEvery has passed since it. wake is called with the run's lock held,
// so it only arms a timer.
type frames struct {
	send func() // sends a frame; called on the timer's goroutine

	mu      sync.Mutex
	timer   *time.Timer
	last    time.Time
	pending bool // a frame is due and its timer armed
	stopped bool
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
	d := frameEvery - time.Since(f.last)
	if d < 0 {
		d = 0
	}
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
	f.last = time.Now()
	f.mu.Unlock()
	f.send()
}

// flush asks for a frame for streamed text, on the run's goroutine and
// without its lock: when due (the last frame went more than frameEvery
// ago) it is sent there and then, rather than when a timer's goroutine is
// scheduled, which on a busy machine is late, and without a timer at all;
// else the timer is armed as wake arms it, so pieces that come faster than
// frames still share one.
func (f *frames) flush() {
	f.mu.Lock()
	if f.pending || f.stopped || time.Since(f.last) < frameEvery {
		f.arm() // nothing if armed already, or stopped
		f.mu.Unlock()
		return
	}
	f.last = time.Now()
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
