package runtime

import (
	"sync/atomic"
	"testing"
	"time"
)

// A frame asked for by streamed text goes at once, on the goroutine that
// asks (flush), while the frames so far leave room for it: one per
// frameEvery on average, with one frame of slack; frames asked for beyond
// that wait for the timer and go together.
func TestFramesFlushAtOnceWhenDueAndCoalesceOtherwise(t *testing.T) {
	t.Parallel()
	var sent atomic.Int32
	// The frames' own clock stands still: what goes at once does not
	// depend on how busy the machine is; the timer runs on real time.
	still := time.Now()
	f := &frames{send: func() { sent.Add(1) }, clock: func() time.Time { return still }}
	defer f.stop()
	f.flush()
	if got := sent.Load(); got != 1 {
		t.Fatalf("a frame asked for after a quiet spell: %d sent by the time flush returned, want 1", got)
	}
	f.flush()
	if got := sent.Load(); got != 2 {
		t.Fatalf("a second frame at once (the slack): %d sent by the time flush returned, want 2", got)
	}
	start := time.Now()
	f.flush()
	f.wake() // an element drawn: the same frame
	f.flush()
	if got := sent.Load(); got != 2 {
		t.Errorf("three frames asked for after two in a row: %d sent at once, want none", got-2)
	}
	for sent.Load() < 3 {
		if time.Since(start) > 5*time.Second {
			t.Fatal("the coalesced frame never went")
		}
		time.Sleep(time.Millisecond)
	}
	if took := time.Since(start); took < frameEvery-2*time.Millisecond {
		t.Errorf("the coalesced frame went after %v, before a frame (%v) had passed", took, frameEvery)
	}
	time.Sleep(3 * frameEvery)
	if got := sent.Load(); got != 3 {
		t.Errorf("three frames asked for within one frame went as %d, want 1", got-2)
	}
}

// A flood of streamed text costs at most one frame per frameEvery, and the
// slack.
func TestFramesBoundAFlood(t *testing.T) {
	t.Parallel()
	var sent atomic.Int32
	f := &frames{send: func() { sent.Add(1) }}
	start := time.Now()
	for time.Since(start) < 20*frameEvery {
		f.flush()
		time.Sleep(time.Millisecond / 2)
	}
	f.stop()
	took := time.Since(start)
	if n, most := int(sent.Load()), int(took/frameEvery)+2; n > most || n < 2 {
		t.Errorf("a flood of %v sent %d frames, want at most %d (and some)", took, n, most)
	}
}
