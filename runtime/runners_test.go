package runtime

import (
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gost-dev/gost/st"
)

// TestClicksRunOnTheirReader: a browser's click is read, run and answered
// on its connection's reader; no runner is woken for it, none is made.
func TestClicksRunOnTheirReader(t *testing.T) {
	srv, ts := testServer(t, func(st *st.Ctx) { st.Button("Go") })
	a, b := dial(t, ts), dial(t, ts)
	for _, br := range []*browser{a, b} {
		br.hello("", nil)
		br.until("done")
	}
	for range 5 {
		for _, br := range []*browser{a, b} {
			br.send(map[string]any{"t": "rerun", "trigger": "button:Go"})
			if done := br.until("done"); done.S != "ok" {
				t.Fatalf("a click gave %s", done.raw)
			}
		}
	}
	if made := srv.runners.made.Load(); made != 0 {
		t.Errorf("%d runners made for clicks, want none: each ran on its reader", made)
	}
}

// TestLongRunHandsTheReadingOver: a run that goes on hands the reading of
// its browser's messages to another goroutine, so a click made meanwhile
// is read at once and makes the run stale, which stops it at its next st
// call: had the reader run on, the click would have waited for the run's
// end, and the run would have finished.
func TestLongRunHandsTheReadingOver(t *testing.T) {
	var finished atomic.Int32
	_, ts := testServer(t, func(st *st.Ctx) {
		if st.Button("Slow") {
			for range 200 { // 2 s, with an st call every 10 ms
				time.Sleep(10 * time.Millisecond)
				st.Empty()
			}
			finished.Add(1)
		}
		st.Button("Fast")
	})
	b := dial(t, ts)
	b.hello("", nil)
	b.until("done")
	b.send(map[string]any{"t": "rerun", "trigger": "button:Slow", "seq": 1})
	b.until("run") // the slow run has gone on for a moment
	b.send(map[string]any{"t": "rerun", "trigger": "button:Fast", "seq": 2})
	if done := b.until("done"); done.Seq != 2 {
		t.Errorf("the first done after the second click is %s, want the second click's", done.raw)
	}
	if n := finished.Load(); n != 0 {
		t.Errorf("the slow run finished %d time(s): the click made meanwhile was not read while it ran", n)
	}
}

// TestRunsReuseAnIdleRunner: a run no browser message started (a push,
// Session.Rerun) goes to a runner that waits for work, not to a goroutine
// of its own: runs one after the other, in two sessions, keep one runner.
func TestRunsReuseAnIdleRunner(t *testing.T) {
	srv, ts := testServer(t, func(st *st.Ctx) { st.Button("Go") })
	a, b := dial(t, ts), dial(t, ts)
	var sessions []*Session
	for _, br := range []*browser{a, b} {
		id := br.hello("", nil).ID
		br.until("done")
		srv.mu.Lock()
		sessions = append(sessions, srv.sessions[id])
		srv.mu.Unlock()
	}
	waitIdle := func(want int32) {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for srv.runners.idle.Load() != want && time.Now().Before(deadline) {
			runtime.Gosched()
		}
		if got := srv.runners.idle.Load(); got != want {
			t.Fatalf("%d idle runners, want %d", got, want)
		}
	}
	for range 5 {
		for i, br := range []*browser{a, b} {
			// The loop that sent the last done may still be ending, on
			// the reader: a run asked for meanwhile would be its.
			for sessions[i].Busy() {
				runtime.Gosched()
			}
			sessions[i].Rerun(nil, "button:Go")
			br.until("done")
			waitIdle(1)
		}
	}
	if made := srv.runners.made.Load(); made != 1 {
		t.Errorf("%d runners made, want 1", made)
	}
}

// TestStCallsHandTheReadingOverEarly: a run that makes st calls hands the
// reading over at its first one past handoffAfter, long before the run
// timer would: a click made 10 ms into a run of 90 ms is read while it
// goes on and stops it. Had the reading waited for the timer (100 ms), the
// run would have finished first.
func TestStCallsHandTheReadingOverEarly(t *testing.T) {
	var finished atomic.Int32
	started := make(chan struct{}, 1)
	_, ts := testServer(t, func(st *st.Ctx) {
		if st.Button("Slow") {
			started <- struct{}{}
			for range 90 { // 90 ms or more, with an st call every millisecond
				time.Sleep(time.Millisecond)
				st.Empty()
			}
			finished.Add(1)
		}
		st.Button("Fast")
	})
	b := dial(t, ts)
	b.hello("", nil)
	b.until("done")
	b.send(map[string]any{"t": "rerun", "trigger": "button:Slow", "seq": 1})
	<-started
	time.Sleep(10 * time.Millisecond)
	b.send(map[string]any{"t": "rerun", "trigger": "button:Fast", "seq": 2})
	if done := b.until("done"); done.Seq != 2 {
		t.Errorf("the first done after the second click is %s, want the second click's", done.raw)
	}
	if n := finished.Load(); n != 0 {
		t.Errorf("the slow run finished: the click made 10 ms into it was not read while it ran")
	}
}
