package runtime

import (
	"runtime"
	"testing"
	"time"

	"github.com/gost-dev/gost/st"
)

// TestRunsReuseAnIdleRunner: a session's run loop goes to a runner that
// waits for work, not to a goroutine of its own: clicks one after the
// other, in two sessions, keep one runner.
func TestRunsReuseAnIdleRunner(t *testing.T) {
	srv, ts := testServer(t, func(st *st.Ctx) { st.Button("Go") })
	a, b := dial(t, ts), dial(t, ts)
	a.hello("", nil)
	a.until("done")
	b.hello("", nil)
	b.until("done")
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
	waitIdle(1)
	for range 5 {
		for _, br := range []*browser{a, b} {
			br.send(map[string]any{"t": "rerun", "trigger": "button:Go"})
			br.until("done")
			waitIdle(1)
		}
	}
}
