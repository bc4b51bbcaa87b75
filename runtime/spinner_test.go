package runtime

import (
	"bytes"
	"testing"

	"github.com/gost-dev/gost/st"
)

// TestSpinnerStreamsWhileItsWorkRuns: a run that works longer than a
// moment sends the spinning spinner in a delta, and the done that ends it
// stops the spinner.
func TestSpinnerStreamsWhileItsWorkRuns(t *testing.T) {
	release := make(chan struct{})
	_, ts := testServer(t, func(st *st.Ctx) {
		st.Spinner("Crunching…", func() { <-release })
		st.Text("crunched")
	})
	b := dial(t, ts)
	b.hello("", nil)
	delta := b.until("delta")
	if !bytes.Contains(delta.raw, []byte(`"k":"spinner"`)) || !bytes.Contains(delta.raw, []byte("Crunching…")) || bytes.Contains(delta.raw, []byte(`"done":true`)) {
		t.Fatalf("the delta of the slow run: %s, want the running spinner", delta.raw)
	}
	close(release)
	// The stopped spinner may come in a delta of its own (a change of a
	// live element goes out within a frame) or with the done.
	var after []byte
	for {
		m := b.read()
		if m.T == "delta" || m.T == "done" {
			after = append(after, m.raw...)
		}
		if m.T == "done" {
			break
		}
	}
	if !bytes.Contains(after, []byte(`"done":true`)) || !bytes.Contains(after, []byte("crunched")) {
		t.Errorf("after the work: %s, want the spinner stopped and what followed", after)
	}
}
