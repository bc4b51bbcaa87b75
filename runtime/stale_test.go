package runtime

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/gost-dev/gost/st"
)

// TestSupersededRunsSendNoDone is forty quick changes of a number input
// whose app sleeps after drawing, sent over a real websocket as fast as a
// page can: every run but the last is superseded while it sleeps and
// returns with no st call left. Such a run's done must never reach the
// page, or its older value is written into the field and the clicks after it
// count from there (issue 8.6: forty clicks ended at 20-35).
func TestSupersededRunsSendNoDone(t *testing.T) {
	_, ts := testServer(t, func(st *st.Ctx) {
		n := st.NumberInput("Count")
		st.Text(fmt.Sprintf("count=%v", n))
		time.Sleep(300 * time.Millisecond)
	})
	b := dial(t, ts)
	b.hello("", nil)
	if first := b.until("done"); first.N != 1 {
		t.Fatalf("the hello's run is %d, want 1", first.N)
	}
	// Run i+1 is the i-th change's. The first starts and sleeps; the
	// others arrive meanwhile and are merged into one run, the last.
	change := func(i int) {
		b.send(map[string]any{"t": "rerun", "widgets": map[string]any{"number_input:Count": i}})
	}
	change(1)
	if run := b.until("run"); run.N != 2 {
		t.Fatalf("the first change's run is %d, want 2", run.N)
	}
	for i := 2; i <= 40; i++ {
		change(i)
	}
	shown := false
	for {
		m := b.read()
		if m.T != "done" && m.T != "delta" {
			continue
		}
		if m.N != 41 {
			// A delta is what a run drew while it was the newest; a done
			// says what the page is, and only the newest run may send it.
			if m.T == "done" {
				t.Errorf("run %d, superseded, sent its done: %s", m.N, m.raw)
			}
			continue
		}
		// The last run streams what it drew before it sleeps: count=40 is
		// in its delta or its done.
		shown = shown || bytes.Contains(m.raw, []byte("count=40"))
		if m.T == "done" {
			if !shown {
				t.Errorf("the last run never showed count=40; its done: %s", m.raw)
			}
			return
		}
	}
}
