package runtime

import (
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gost-dev/gost/st"
)

type stCtx = st.Ctx

func liveFragment(st *st.Ctx) {
	st.Button("Inner")
	st.Text("inner")
}

// TestFragmentRunOverTheWebsocket: a click in a fragment brings a done
// naming the fragment (the run is fast: no run message before it), whose
// ops stay inside it.
func TestFragmentRunOverTheWebsocket(t *testing.T) {
	var appRuns atomic.Int64
	_, ts := testServer(t, func(st *st.Ctx) {
		appRuns.Add(1)
		st.Text("outside")
		st.Fragment("f", liveFragment)
	})
	b := dial(t, ts)
	b.hello("", nil)
	b.until("done")
	b.send(map[string]any{"t": "rerun", "widgets": map[string]any{}, "trigger": "button:Inner"})
	done := b.read()
	if done.T != "done" || !strings.Contains(string(done.raw), `"f":["f"]`) {
		t.Errorf("message %s, want a done naming fragment f", done.raw)
	}
	for _, op := range done.Ops {
		if !strings.Contains(string(op), `"p":[0,1,`) {
			t.Errorf("op %s outside the fragment at [0,1]", op)
		}
	}
	if appRuns.Load() != 1 {
		t.Errorf("App ran %d times, want 1", appRuns.Load())
	}
}

// TestSessionEndCancelsItsGoroutinesAndTimers: once the server forgets a
// session, its Handle's context is done and pushes do nothing.
func TestSessionEndCancelsItsGoroutinesAndTimers(t *testing.T) {
	var h atomic.Pointer[st.Handle]
	var ticks atomic.Int64
	srv, ts := testServer(t, func(st *st.Ctx) {
		h.Store(st.Session())
		st.Fragment("t", func(*stCtx) { ticks.Add(1) }, st.Every(10*time.Millisecond))
	})
	b := dial(t, ts)
	b.hello("", nil)
	b.until("done")
	b.until("done") // the timer ticks while the tab is attached
	ctx := h.Load().Context()
	if ctx.Err() != nil {
		t.Fatal("the context is done while the session lives")
	}
	b.ws.Close()
	for srv.Sessions() > 0 {
		srv.sweep(time.Now().Add(time.Hour), sessionGrace)
		time.Sleep(time.Millisecond)
	}
	select {
	case <-ctx.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("the session's context was not cancelled when it ended")
	}
	n := ticks.Load()
	h.Load().Rerun()
	time.Sleep(20 * time.Millisecond)
	if got := ticks.Load(); got != n {
		t.Errorf("an ended session ran %d more times", got-n)
	}
}

// TestRunMessageComesBeforeTheCallbacks: the page shows a run going while
// a slow OnClick still works, in a fragment as in the app.
func TestRunMessageComesBeforeTheCallbacks(t *testing.T) {
	release := make(chan struct{})
	slow := func() { <-release }
	_, ts := testServer(t, func(c *st.Ctx) {
		c.Button("Slow", c.OnClick(slow))
		c.Fragment("f", func(f *stCtx) { f.Button("Slow in fragment", f.OnClick(slow)) })
	})
	b := dial(t, ts)
	b.hello("", nil)
	b.until("done")
	for _, id := range []string{"button:Slow", "button:Slow in fragment"} {
		b.send(map[string]any{"t": "rerun", "widgets": map[string]any{}, "trigger": id})
		if m := b.read(); m.T != "run" {
			t.Fatalf("%s: first message %s, want run while the callback works", id, m.raw)
		}
		release <- struct{}{}
		b.until("done")
	}
}

// TestSessionContextEndsWithTheSession: the session's context, made when
// first asked for, is cancelled when the session ends, whether it was
// asked for before or after.
func TestSessionContextEndsWithTheSession(t *testing.T) {
	t.Parallel()
	before := NewSession(func(*st.Ctx) {}, discard{})
	ctx := before.Context()
	if ctx != before.Context() {
		t.Error("a second Context is another context")
	}
	if ctx.Err() != nil {
		t.Fatalf("a live session's context: %v", ctx.Err())
	}
	before.End()
	select {
	case <-ctx.Done():
	case <-time.After(5 * time.Second):
		t.Error("the context asked for before the end was not cancelled by it")
	}
	after := NewSession(func(*st.Ctx) {}, discard{})
	after.End()
	if after.Context().Err() == nil {
		t.Error("the context asked for after the end is not cancelled")
	}
}

// discard is a browser that reads nothing.
type discard struct{}

func (discard) Send([]byte) {}
