package runtime

import (
	"sync/atomic"
	"testing"
	"time"
)

// A frame asked for by streamed text after a quiet spell goes at once, on
// the goroutine that asks (flush); frames asked for within frameEvery of
// the last one wait for the timer and go together.
func TestFramesFlushAtOnceWhenDueAndCoalesceOtherwise(t *testing.T) {
	t.Parallel()
	var sent atomic.Int32
	f := &frames{send: func() { sent.Add(1) }}
	defer f.stop()
	f.flush()
	if got := sent.Load(); got != 1 {
		t.Fatalf("a frame asked for after a quiet spell: %d sent by the time flush returned, want 1", got)
	}
	start := time.Now()
	f.flush()
	f.wake() // an element drawn: the same frame
	f.flush()
	if got := sent.Load(); got != 1 {
		t.Errorf("three frames asked for within a frame of the last: %d sent at once, want none", got-1)
	}
	for sent.Load() < 2 {
		if time.Since(start) > 5*time.Second {
			t.Fatal("the coalesced frame never went")
		}
		time.Sleep(time.Millisecond)
	}
	if took := time.Since(start); took < frameEvery-2*time.Millisecond {
		t.Errorf("the coalesced frame went after %v, before a frame (%v) had passed", took, frameEvery)
	}
	time.Sleep(3 * frameEvery)
	if got := sent.Load(); got != 2 {
		t.Errorf("three frames asked for within one frame went as %d, want 1", got-1)
	}
}
