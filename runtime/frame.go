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

// flush sends the frame a wake asked for on the caller's goroutine, if it
// is due now (the last frame went more than frameEvery ago): streamed text
// that comes after a quiet spell goes out at once, rather than when the
// timer's goroutine is scheduled, which on a busy machine is late. A frame
// that is not due yet stays with the timer, so pieces that come faster
// than frames still share one. The caller must not hold the run's lock.
func (f *frames) flush() {
	f.mu.Lock()
	if !f.pending || f.stopped || time.Since(f.last) < frameEvery || !f.timer.Stop() {
		// Nothing asked, not due, or the timer has fired and sends it.
		f.mu.Unlock()
		return
	}
	f.pending = false
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
