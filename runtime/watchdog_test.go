package runtime

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http/httptest"
	"runtime/pprof"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gost-dev/gost/internal/syncbuf"
	"github.com/gost-dev/gost/st"
)

// spinUntil is a run that makes no st call until released: nothing can
// stop it early.
func spinUntil(released *atomic.Bool) {
	for !released.Load() {
		time.Sleep(time.Millisecond)
	}
}

type noticeMsgT struct {
	T, Level, Text string
}

// untilNotice reads until a notice and returns its text.
func (b *browser) untilNotice() string {
	b.t.Helper()
	var n noticeMsgT
	json.Unmarshal(b.until("notice").raw, &n)
	return n.Text
}

// A run that goes on past MaxRun is reported in the page and the log with
// its stack, at the app's own function; superseded, it is reported as
// ignoring the request to stop, and counted; under gost run a new tab is
// told the count; when it ends at last, the log says so and the count
// goes down.
func TestRunawayRunIsReportedWithItsStack(t *testing.T) {
	var logs syncbuf.Buffer
	var released atomic.Bool
	t.Cleanup(func() { released.Store(true) })
	srv := NewServer(func(st *st.Ctx) {
		if st.Button("Spin") {
			spinUntil(&released)
		}
		st.Text("done spinning")
	}, Options{}, slog.New(slog.NewTextHandler(&logs, nil)))
	srv.SetConfig(Config{MaxRun: 300 * time.Millisecond})
	srv.dog.dev.Store(true)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)

	b := dial(t, ts)
	b.hello("", nil)
	b.until("done")
	b.send(map[string]any{"t": "rerun", "trigger": "button:Spin"})
	// The page moves on before the watchdog fires: the spinning run is
	// stale, and ignores it.
	time.Sleep(50 * time.Millisecond)
	b.send(map[string]any{"t": "rerun"})
	text := b.untilNotice()
	for _, want := range []string{"earlier state of this page", "ignores the request to stop", "runtime.spinUntil", "watchdog_test.go"} {
		if !strings.Contains(text, want) {
			t.Errorf("the page's notice lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "runtime.(*Session).handle") {
		t.Errorf("the page's notice shows gost's own frames:\n%s", text)
	}
	log := logs.String()
	if !strings.Contains(log, "still going") || !strings.Contains(log, "runtime.spinUntil") || !strings.Contains(log, "superseded_or_tab_gone=true") {
		t.Errorf("the log lacks the report with the stack:\n%s", log)
	}
	if srv.dog.stuck.Load() != 1 || srv.dog.stale.Load() != 1 {
		t.Errorf("counted %d stuck, %d stale; want 1 and 1", srv.dog.stuck.Load(), srv.dog.stale.Load())
	}

	other := dial(t, ts)
	other.hello("", nil)
	if got := other.untilNotice(); !strings.Contains(got, "1 run(s)") {
		t.Errorf("a new tab under gost run was told %q, want the count", got)
	}

	released.Store(true)
	if got := b.untilNotice(); !strings.Contains(got, "has ended") {
		t.Errorf("when the run ended, the page was told %q", got)
	}
	b.until("done")
	deadline := time.Now().Add(5 * time.Second)
	for srv.dog.stuck.Load() != 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if srv.dog.stuck.Load() != 0 || srv.dog.stale.Load() != 0 || !strings.Contains(logs.String(), "has ended") {
		t.Errorf("after the run ended: %d stuck, %d stale, log:\n%s", srv.dog.stuck.Load(), srv.dog.stale.Load(), logs.String())
	}
}

// A callback that goes on past MaxRun, before App runs, is reported as
// App's runs are: the page told it is a callback and where it is (the
// app's frames, not the engine's or reflect's), the log given its stack;
// when it ends, the run goes on to App.
func TestRunawayCallbackIsReportedWithItsStack(t *testing.T) {
	var logs syncbuf.Buffer
	var released atomic.Bool
	t.Cleanup(func() { released.Store(true) })
	srv := NewServer(func(st *st.Ctx) {
		st.Button("Spin", st.OnClick(spinUntil, &released))
		st.Text("app ran")
	}, Options{}, slog.New(slog.NewTextHandler(&logs, nil)))
	srv.SetConfig(Config{MaxRun: 300 * time.Millisecond})
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)

	b := dial(t, ts)
	b.hello("", nil)
	b.until("done")
	b.send(map[string]any{"t": "rerun", "trigger": "button:Spin"})
	text := b.untilNotice()
	for _, want := range []string{"A callback (OnClick, OnChange…) of this page has been going for 300ms", "runtime.spinUntil", "watchdog_test.go"} {
		if !strings.Contains(text, want) {
			t.Errorf("the page's notice lacks %q:\n%s", want, text)
		}
	}
	for _, not := range []string{"reflect.", "internal/script", "runtime.(*Session).handle"} {
		if strings.Contains(text, not) {
			t.Errorf("the page's notice shows %q, not the app's:\n%s", not, text)
		}
	}
	log := logs.String()
	if !strings.Contains(log, "a callback (OnClick, OnChange...) of a run of App is still going") || !strings.Contains(log, "runtime.spinUntil") ||
		!strings.Contains(log, "superseded_or_tab_gone=false") {
		t.Errorf("the log lacks the report with the stack:\n%s", log)
	}
	if srv.dog.stuck.Load() != 1 {
		t.Errorf("counted %d stuck, want 1", srv.dog.stuck.Load())
	}
	released.Store(true)
	if got := b.untilNotice(); !strings.Contains(got, "has ended") {
		t.Errorf("when the callback ended, the page was told %q", got)
	}
	b.until("done")
	if srv.dog.stuck.Load() != 0 {
		t.Errorf("after the callback ended: %d stuck", srv.dog.stuck.Load())
	}
}

// A run that ends in time is never reported, and a negative MaxRun turns
// the watch off.
func TestShortRunsAreNotReported(t *testing.T) {
	for _, maxRun := range []time.Duration{time.Second, -1} {
		var logs syncbuf.Buffer
		srv := NewServer(func(st *st.Ctx) {
			time.Sleep(100 * time.Millisecond)
			st.Text("slow but fine")
		}, Options{}, slog.New(slog.NewTextHandler(&logs, nil)))
		srv.SetConfig(Config{MaxRun: maxRun})
		if maxRun < 0 && srv.dog.maxRun.Load() != 0 {
			t.Errorf("MaxRun %v: the watch is on", maxRun)
		}
		ts := httptest.NewServer(srv)
		b := dial(t, ts)
		b.hello("", nil)
		b.until("done")
		if strings.Contains(logs.String(), "still going") {
			t.Errorf("MaxRun %v: a 100 ms run was reported:\n%s", maxRun, logs.String())
		}
		ts.Close()
	}
}

func TestLoopStackFindsTheLabelledRunner(t *testing.T) {
	labelRunner("7")
	defer pprof.SetGoroutineLabels(context.Background())
	stack := string(loopStack("7"))
	if !strings.Contains(stack, "TestLoopStackFindsTheLabelledRunner(") || !strings.Contains(stack, "watchdog_test.go:") {
		t.Errorf("the stack of the goroutine labelled as runner 7 is not this test's:\n%s", stack)
	}
	if other := loopStack("8"); other != nil {
		t.Errorf("a runner that does not exist has a stack:\n%s", other)
	}
}
