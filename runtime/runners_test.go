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

// TestLongRunHandsTheReadingOver: a run that goes on hands the reading of
// its browser's messages to another goroutine, so a click made meanwhile
// is read and makes the run stale, which stops it at its next st call;
// had the reader run on, the click would have waited for the run's end,
// and the run would have finished. A run making st calls hands it over at
// its first one past handoffAfter (a click 10 ms into a run of 90 ms,
// which the run timer, at 100 ms, would read too late); a run making none
// when the run timer first fires.
func TestLongRunHandsTheReadingOver(t *testing.T) {
	for _, tc := range []struct {
		name string
		work func(st *st.Ctx)
		wait func(b *browser) // from the slow run's start to the second click
	}{
		{"st calls, past handoffAfter", func(st *st.Ctx) {
			for range 90 { // 90 ms or more, with an st call every millisecond
				time.Sleep(time.Millisecond)
				st.Empty()
			}
		}, func(*browser) { time.Sleep(10 * time.Millisecond) }},
		{"no st calls, the run timer", func(st *st.Ctx) {
			time.Sleep(400 * time.Millisecond) // no st call: no check of the clock
			st.Empty()
		}, func(b *browser) { b.until("run") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var finished atomic.Int32
			started := make(chan struct{}, 1)
			_, ts := testServer(t, func(st *st.Ctx) {
				if st.Button("Slow") {
					started <- struct{}{}
					tc.work(st)
					finished.Add(1)
				}
				st.Button("Fast")
			})
			b := dial(t, ts)
			b.hello("", nil)
			b.until("done")
			b.send(map[string]any{"t": "rerun", "trigger": "button:Slow", "seq": 1})
			<-started
			tc.wait(b)
			b.send(map[string]any{"t": "rerun", "trigger": "button:Fast", "seq": 2})
			if done := b.until("done"); done.Seq != 2 {
				t.Errorf("the first done after the second click is %s, want the second click's", done.raw)
			}
			if n := finished.Load(); n != 0 {
				t.Errorf("the slow run finished: the click made while it ran was not read")
			}
		})
	}
}
