package runtime

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/gost-dev/gost/st"
)

// TestRunMessageOnlyForSlowRuns: a fast rerun is one frame, its done; a
// run longer than a moment says so with a run message first, which echoes
// the rerun's seq, and nothing of the run comes after its done.
func TestRunMessageOnlyForSlowRuns(t *testing.T) {
	_, ts := testServer(t, func(st *st.Ctx) {
		if st.Button("Slow") {
			time.Sleep(3 * streamAfter)
		}
		st.Button("Fast")
		st.Text("end")
	})
	b := dial(t, ts)
	b.hello("", nil)
	b.until("done")

	b.send(map[string]any{"t": "rerun", "trigger": "button:Fast", "seq": 1})
	if m := b.read(); m.T != "done" || m.Seq != 1 {
		t.Errorf("a fast rerun sent %s first, want its done echoing seq 1", m.raw)
	}

	b.send(map[string]any{"t": "rerun", "trigger": "button:Slow", "seq": 2})
	run := b.read()
	if run.T != "run" || run.Seq != 2 || run.N != 3 {
		t.Fatalf("a slow rerun sent %s first, want run 3 echoing seq 2", run.raw)
	}
	for m := b.read(); m.T != "done"; m = b.read() {
		if m.T != "delta" {
			t.Errorf("during the slow run: %s", m.raw)
		}
	}
	// The next message is the fast rerun's done: no run message of the
	// slow run came late.
	b.send(map[string]any{"t": "rerun", "trigger": "button:Fast", "seq": 3})
	if m := b.read(); m.T != "done" || m.N != 4 {
		t.Errorf("after the slow run's done: %s, want the next run's done", m.raw)
	}
}

// TestRunMessageComesBeforeALiveDelta: a live change (a progress bar set)
// goes out within a frame, sooner than the moment: the run message goes
// just before it, so the page fades the old elements first.
func TestRunMessageComesBeforeALiveDelta(t *testing.T) {
	_, ts := testServer(t, func(st *st.Ctx) {
		if st.Button("Work") {
			bar := st.Progress(0)
			bar.Set(50)
			time.Sleep(streamAfter / 2)
			bar.Set(100)
		}
	})
	b := dial(t, ts)
	b.hello("", nil)
	b.until("done")
	b.send(map[string]any{"t": "rerun", "trigger": "button:Work"})
	if m := b.read(); m.T != "run" {
		t.Fatalf("a run with a live change sent %s first, want run", m.raw)
	}
	deltas := 0
	for m := b.read(); m.T != "done"; m = b.read() {
		if m.T != "delta" {
			t.Errorf("during the run: %s", m.raw)
		}
		deltas++
	}
	if deltas == 0 {
		t.Error("the progress bar's change sent no delta within the run")
	}
}

// TestSlowFragmentRunThatRerunsTheApp: a slow run of a fragment names it
// in its run message; when it asks for a run of the app (st.Rerun), the
// slow run of the app sends a run message without f, which fades the
// whole page, and its done names no fragment.
func TestSlowFragmentRunThatRerunsTheApp(t *testing.T) {
	_, ts := testServer(t, func(c *st.Ctx) {
		c.Fragment("f", func(f *stCtx) {
			if f.Button("All") {
				time.Sleep(3 * streamAfter)
				f.Rerun()
			}
		})
		if c.SessionState().Int("again") == 1 {
			time.Sleep(3 * streamAfter)
		}
		c.SessionState().Set("again", c.SessionState().Int("again")+1)
	})
	b := dial(t, ts)
	b.hello("", nil)
	b.until("done")
	b.send(map[string]any{"t": "rerun", "trigger": "button:All"})
	var runs []string
	for m := b.read(); ; m = b.read() {
		if m.T == "run" {
			runs = append(runs, string(m.raw))
		}
		if m.T == "done" {
			if bytes.Contains(m.raw, []byte(`"f"`)) {
				t.Errorf("the done of a run of the app names fragments: %s", m.raw)
			}
			break
		}
	}
	if len(runs) != 2 || !strings.Contains(runs[0], `"f":["f"]`) || strings.Contains(runs[1], `"f"`) {
		t.Errorf("run messages %q, want one naming fragment f, then one of the whole app", runs)
	}
}

// TestRunClockIsArmedOncePerBurst: the sessions of a server share one
// clock; runs that start while it is armed only join its set, so a burst
// of fast runs arms its timer once. A run that goes on past the moment is
// fired (its run message goes), and the fast runs of another session on
// the same clock are not.
func TestRunClockIsArmedOncePerBurst(t *testing.T) {
	t.Parallel()
	var c runClock
	session := func() (*Session, *recorder) {
		r := &recorder{}
		s := NewSession(func(*st.Ctx) {}, r)
		s.timer.clock = &c
		return s, r
	}
	fast, fastSent := session()
	slow, slowSent := session()
	runs := func(r *recorder) (n int) { // the run messages r was sent
		for _, m := range r.all() {
			if bytes.HasPrefix(m, []byte(`{"t":"run"`)) {
				n++
			}
		}
		return n
	}

	fast.beginRun(1, 0, nil, true)
	fast.endRun()
	c.mu.Lock()
	at := c.at
	c.mu.Unlock()
	if at == 0 {
		t.Fatal("a run did not arm the clock")
	}
	slow.beginRun(1, 1, nil, true)
	for n := range int64(100) {
		fast.beginRun(n+2, 0, nil, true)
		fast.endRun()
	}
	c.mu.Lock()
	if c.at != at {
		t.Errorf("runs that started while the clock was armed re-armed it: %d, then %d", at, c.at)
	}
	if len(c.runs) != 1 || c.runs[0] != slow || slow.timer.slot != 1 || fast.timer.slot != 0 {
		t.Errorf("the clock's set holds %d sessions (slow's slot %d, fast's %d), want the slow run's only",
			len(c.runs), slow.timer.slot, fast.timer.slot)
	}
	c.mu.Unlock()

	deadline := time.Now().Add(10 * time.Second)
	for runs(slowSent) == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	slow.endRun()
	if n := runs(slowSent); n != 1 {
		t.Errorf("the run going past the moment was sent %d run messages, want 1", n)
	}
	if n := runs(fastSent); n != 0 {
		t.Errorf("the fast runs were sent %d run messages, want none", n)
	}
}

// TestRunClockFiresOncePerGrain: runs that start at different moments
// fall due on the clock's grid, so however many go on at once, the clock
// looks over them at most once a grain.
func TestRunClockFiresOncePerGrain(t *testing.T) {
	t.Parallel()
	var c runClock
	var sessions []*Session
	start := time.Now()
	for time.Since(start) < 4*time.Duration(clockGrain) {
		s := NewSession(func(*st.Ctx) {}, &recorder{})
		s.timer.clock = &c
		s.beginRun(1, 0, nil, true)
		sessions = append(sessions, s)
		time.Sleep(time.Duration(clockGrain) / 10)
	}
	dues := map[int64]bool{}
	c.mu.Lock()
	for _, s := range sessions {
		dues[s.timer.due] = true
		if s.timer.due%clockGrain != 0 {
			t.Errorf("a run is due at %d, off the clock's %d ns grid", s.timer.due, clockGrain)
		}
	}
	c.mu.Unlock()
	for _, s := range sessions {
		s.endRun()
	}
	// Started over 4 grains (and late wake-ups of the sleep): at most 5
	// due times, plus what a busy machine adds.
	if len(sessions) > 10 && len(dues) > len(sessions)/2 {
		t.Errorf("%d runs fall due at %d different times, want a few", len(sessions), len(dues))
	}
}
