package runtime

// Runaway runs. A run of App stops early only at an st call, which sees
// that a newer interaction superseded it (script.Abort). Go has no way to
// stop a goroutine from outside: a loop that makes no st call, or a call
// that blocks without a context, runs until it returns, whatever the tab
// does, and holds its session's run loop meanwhile. What the server can do
// is say so: after [Config.MaxRun] the watchdog logs the run's goroutine
// stack (in App or in a callback, which runs before App) and tells the
// page where it is, and it counts the runs in that
// state, which the page shows under gost run.

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"runtime/pprof"
	"strconv"
	"sync/atomic"
	"time"
)

// watchdog is a Server's watch over its sessions' runs.
type watchdog struct {
	log    *slog.Logger
	maxRun atomic.Int64 // a time.Duration; 0: no watch
	dev    atomic.Bool  // under gost run: the counts show in every page

	stuck atomic.Int64 // runs past maxRun that are still going
	stale atomic.Int64 // of those, runs whose page moved on or went away
}

// watchRun is the watchdog's view of one run, kept by the session's run
// timer (runtimer.go), which calls report past the limit and ended when
// the run ends.
type watchRun struct {
	limit    time.Duration // 0: not watched
	start    time.Time
	runner   string // the tag of the runner the run is on (runners.go)
	reported bool
	stale    bool // when reported: the page had moved on or gone
}

// watch starts the watch over a run that runs its callbacks and App on
// the calling goroutine, a runner or a reader running the loop (runHere),
// labelled with its tag. A session without a server
// (NewSession), which has no runners, is not watched.
func (s *Session) watch() watchRun {
	d := s.dog
	if d == nil || d.maxRun.Load() <= 0 || s.runner == "" {
		return watchRun{}
	}
	return watchRun{limit: time.Duration(d.maxRun.Load()), start: time.Now(), runner: s.runner}
}

// due reports whether the run, at age, is past its limit and not reported.
func (w *watchRun) due(age time.Duration) bool {
	return w.limit > 0 && !w.reported && age >= w.limit
}

// report logs run n's stack and tells the page where it is.
func (s *Session) report(w *watchRun, n int64) {
	d := s.dog
	w.reported = true
	w.stale = s.state.Newest() != n || !s.idleSince().IsZero()
	d.stuck.Add(1)
	if w.stale {
		d.stale.Add(1)
	}
	stack := loopStack(w.runner) // the run is on the runner's goroutine
	cb := inCallback(stack)
	what := "a run of App"
	if cb {
		what = "a callback (OnClick, OnChange...) of a run of App"
	}
	d.log.Warn("runtime: "+what+" is still going; Go cannot stop it from outside, so it runs until it returns or makes an st call",
		"session", s.ID, "run", n, "after", w.limit, "superseded_or_tab_gone", w.stale,
		"stuck_runs", d.stuck.Load(), "stack", string(stack))
	s.send(noticeMsg("warning", runawayText(w.limit, w.stale, cb, appFrames(stack))))
}

// ended counts off a run that was reported, now that it has ended, and
// says so in the log and the page.
func (s *Session) ended(w watchRun, n int64) {
	if !w.reported {
		return
	}
	d := s.dog
	d.stuck.Add(-1)
	if w.stale {
		d.stale.Add(-1)
	}
	took := time.Since(w.start).Round(time.Second)
	d.log.Info("runtime: the run reported as still going has ended", "session", s.ID, "run", n, "after", took)
	// The warning banner stays until dismissed: say it is over.
	s.send(noticeMsg("info", "The run reported as still going has ended, after "+took.String()+"."))
}

// greet tells a tab that just said hello, under gost run, how many runs
// are stuck, since each holds a CPU or memory until the process ends.
func (d *watchdog) greet(c *conn) {
	if !d.dev.Load() {
		return
	}
	if n := d.stuck.Load(); n > 0 {
		c.Send(noticeMsg("warning", fmt.Sprintf("Development: %d run(s) of this app have gone on longer than [runner] maxRunSeconds, %d of them for a page that moved on or closed; "+
			"they end only when App returns or makes an st call (the log has their stacks). Restart gost run to be rid of them.", n, d.stale.Load())))
	}
}

func runawayText(limit time.Duration, stale, callback bool, where string) string {
	var what string
	switch {
	case callback && stale:
		what = "A callback (OnClick, OnChange…) for an earlier state of this page is still going after " + limit.String() + ", and holds up the next run: it ignores the request to stop."
	case callback:
		what = "A callback (OnClick, OnChange…) of this page has been going for " + limit.String() + " without finishing; the app runs once it has."
	case stale:
		what = "A run of the app for an earlier state of this page is still going after " + limit.String() + ", and holds up the next one: it ignores the request to stop."
	default:
		what = "This page's run of the app has been going for " + limit.String() + " without finishing."
	}
	return what + " It stops only when it returns or calls st, which a loop or a blocking call without st calls never does." +
		" It is at:\n" + where
}

// callbackFrame is the engine's call of a callback, in a run's stack.
var callbackFrame = []byte("github.com/gost-dev/gost/internal/script.Callback.call(")

// inCallback reports whether a run's stack is in one of its callbacks,
// which the engine calls before App.
func inCallback(stack []byte) bool { return bytes.Contains(stack, callbackFrame) }

// loopLabel is the pprof label that marks a runner goroutine (runners.go)
// with its tag: the watchdog finds the goroutine's stack by it among all
// goroutines. A runner labels itself once, and a session's run notes the
// tag of the runner it is on (Session.runner): a pointer store per run,
// where reading the goroutine's id cost a stack trace per run.
const loopLabel = "gost_runner"

// labelRunner labels the calling goroutine, a runner, with tag.
func labelRunner(tag string) {
	pprof.SetGoroutineLabels(pprof.WithLabels(context.Background(), pprof.Labels(loopLabel, tag)))
}

// loopStack is the stack of the runner labelled tag, in a session's run
// loop, from a profile of all goroutines (which briefly stops the world:
// it is taken once per runaway run), written as runtime.Stack writes one:
// a line per function, then its file and line. Goroutines the run started
// inherit the label: the one in the run loop is the run.
func loopStack(tag string) []byte {
	var all bytes.Buffer
	pprof.Lookup("goroutine").WriteTo(&all, 1)
	label := []byte("# labels: {" + strconv.Quote(loopLabel) + ":" + strconv.Quote(tag) + "}")
	var found []byte
	for g := range bytes.SplitSeq(all.Bytes(), []byte("\n\n")) {
		if !bytes.Contains(g, label) {
			continue
		}
		if found == nil || bytes.Contains(g, []byte("runtime.(*Session).loop+")) {
			found = g
		}
	}
	if found == nil {
		return nil
	}
	out := []byte("goroutine (runner " + tag + "):\n")
	for l := range bytes.SplitSeq(found, []byte("\n")) {
		// #	0x4a3b6b	main.spin+0x2b		/app/main.go:10 (tabs aligned)
		f := bytes.FieldsFunc(l, func(r rune) bool { return r == '\t' })
		if len(f) != 4 || !bytes.Equal(f[0], []byte("#")) {
			continue
		}
		fn, off, _ := bytes.Cut(f[2], []byte("+"))
		out = append(append(out, fn...), "(...)\n\t"...)
		out = append(append(append(append(out, f[3]...), " +"...), off...), '\n')
	}
	return out
}

// appFrames is the part of a run's stack above the engine's call of App
// or of a callback: the app's own frames (and the library calls it is
// in), without the goroutine's header and gost's run loop below.
func appFrames(stack []byte) string {
	lines := bytes.Split(stack, []byte("\n"))
	var out [][]byte
	for i, l := range lines {
		if i == 0 {
			continue // goroutine 42 [running]:
		}
		if bytes.HasPrefix(l, []byte("github.com/gost-dev/gost/internal/script.(*Run).")) || bytes.HasPrefix(l, callbackFrame) {
			// The engine calling App, through the st func that binds it,
			// or a callback, through reflect: nothing below is the app's.
			for len(out) >= 2 && (bytes.HasPrefix(out[len(out)-2], []byte("github.com/gost-dev/gost/st.init")) ||
				bytes.HasPrefix(out[len(out)-2], []byte("reflect."))) {
				out = out[:len(out)-2]
			}
			break
		}
		out = append(out, bytes.TrimSpace(l))
	}
	const maxLines = 24
	if len(out) > maxLines {
		out = append(out[:maxLines], []byte("…"))
	}
	return string(bytes.Join(out, []byte("\n")))
}
