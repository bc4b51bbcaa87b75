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

// TestRunsEchoTheLastRerunApplied: the page numbers its reruns (seq), and
// a run's run, delta and done say the highest number it applied, so the
// page can tell which of its edits are still on their way (issue 8.6).
// Reruns merged into one run are echoed by their highest number; a run no
// rerun asked for echoes the last one applied; a new connection counts
// from nothing, and no number costs no bytes.
func TestRunsEchoTheLastRerunApplied(t *testing.T) {
	_, ts := testServer(t, func(st *st.Ctx) {
		st.Text(fmt.Sprintf("count=%v", st.NumberInput("Count")))
		if st.Button("Again") {
			st.Rerun()
		}
		time.Sleep(300 * time.Millisecond) // well past streamAfter: a run message and a delta go out
	})
	b := dial(t, ts)
	sess := b.hello("", nil)
	if done := b.until("done"); bytes.Contains(done.raw, []byte(`"seq"`)) {
		t.Fatalf("the hello's run, with no rerun applied, sent a seq: %s", done.raw)
	}
	rerun := func(seq int64, widgets map[string]any) {
		b.send(map[string]any{"t": "rerun", "widgets": widgets, "seq": seq})
	}
	// expect reads the messages of the next run up to its done, and checks
	// that each echoes seq and that the run showed count ("": not checked).
	expect := func(what string, seq int64, count string) {
		t.Helper()
		run := b.until("run")
		if run.Seq != seq {
			t.Errorf("%s: %s echoes seq %d, want %d", what, run.raw, run.Seq, seq)
		}
		deltas, shown := 0, false
		for {
			m := b.read()
			if m.T != "delta" && m.T != "done" {
				continue
			}
			if m.Seq != seq {
				t.Errorf("%s: %s echoes seq %d, want %d", what, m.raw, m.Seq, seq)
			}
			shown = shown || bytes.Contains(m.raw, []byte("count="+count))
			if m.T == "delta" {
				deltas++
				continue
			}
			if !shown && count != "" {
				t.Errorf("%s: the run never showed count=%s", what, count)
			}
			if deltas == 0 {
				t.Errorf("%s: a run of 300 ms sent no delta", what)
			}
			return
		}
	}
	rerun(1, map[string]any{"number_input:Count": 1})
	expect("one rerun", 1, "1")

	// Three more while the first of them runs: merged into one run, which
	// has applied the last.
	rerun(2, map[string]any{"number_input:Count": 2})
	if run := b.until("run"); run.Seq != 2 {
		t.Errorf("the run of rerun 2 echoes seq %d", run.Seq)
	}
	rerun(3, map[string]any{"number_input:Count": 3})
	rerun(4, map[string]any{"number_input:Count": 4})
	rerun(5, map[string]any{"number_input:Count": 5})
	expect("merged reruns", 5, "5")

	// A click whose run asks for another (st.Rerun): the second run
	// applied nothing new, and echoes 6 too.
	b.send(map[string]any{"t": "rerun", "trigger": "button:Again", "seq": 6})
	expect("a click and the run st.Rerun asked for", 6, "")

	// A rerun from a page that does not number them changes nothing.
	b.send(map[string]any{"t": "rerun", "widgets": map[string]any{"number_input:Count": 8}})
	expect("an unnumbered rerun", 6, "8")

	// The same session on a new connection counts again from nothing.
	b.ws.Close()
	b2 := dial(t, ts)
	b2.hello(sess.ID, map[string]any{"number_input:Count": 8})
	if done := b2.until("done"); done.Seq != 0 {
		t.Errorf("the hello's run on a new connection echoes seq %d, want none", done.Seq)
	}
}
