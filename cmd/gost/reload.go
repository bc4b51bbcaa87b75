package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sync"
	"time"

	"github.com/gost-dev/gost/internal/devloop"
)

// "Always rerun": gost run watches the app's source, rebuilds on save, and
// starts each good build as a new process on the same listener. Once the
// new process says it serves, the old one is told to hand its tabs over
// (runtime/reload.go) and ends when they have left. A build that fails, or
// a new version that dies before it serves, is shown in every tab while the
// old version goes on serving.

// failQuiet is how long a failed build waits for a newer save before the
// failure is shown. Success is never delayed.
const failQuiet = 150 * time.Millisecond

// child is one app process, with its control channel.
type child struct {
	proc *process
	ctl  *devloop.Control // nil where there is no control channel
	dir  string           // its build directory, removed once it has exited
	out  *tailBuffer      // what it printed, shown if it dies before it serves
}

// tell sends m to c, if c can hear it. A child that is going away may not
// read it any more, which is no reason to fail.
func (c *child) tell(m devloop.Msg) {
	if c != nil && c.ctl != nil {
		c.ctl.Send(m)
	}
}

// Events of the supervise loop, sent by goroutines it started.
type (
	built struct {
		gen   int // which save's build this is
		bin   string
		dir   string
		quick bool // compiled and linked without the go command (quick.go)
		err   error
	}
	childReady  struct{ c *child }
	childExited struct{ c *child }
)

// post sends ev to the supervise loop, unless the loop has ended.
func (a *app) post(ev any) {
	select {
	case a.events <- ev:
	case <-a.quit:
	}
}

// follow reports c's "ready" and its exit to the supervise loop.
func (a *app) follow(c *child) {
	if c.ctl != nil {
		go c.ctl.Receive(func(m devloop.Msg) {
			if m.T == devloop.CtlReady {
				a.post(childReady{c})
			}
		})
	}
	go func() {
		<-c.proc.done
		if c.ctl != nil {
			c.ctl.Close()
		}
		a.post(childExited{c})
	}()
}

// supervise runs the app's processes until the current one exits or ctx is
// cancelled, rebuilding on changes the watcher w reports (w may be nil).
// It returns gost's exit code: the current process's.
func (a *app) supervise(ctx context.Context, current *child, w *watcher) int {
	var changed <-chan struct{}
	if w != nil && current.ctl != nil {
		changed = w.changed()
	}
	var (
		starting    *child   // the new version, started but not yet serving
		old         []*child // replaced versions finishing their tabs
		gen         int      // numbers the saves, so a superseded build is known
		cancelBuild = func() {}
		saved       time.Time // when the save being built was seen
		builtAt     time.Time
		builtBy     string // "go build" or "quick build"
	)
	defer func() { cancelBuild() }()
	all := func() []*child { return append(append([]*child{current}, old...), starting) }
	tellAll := func(m devloop.Msg) {
		for _, c := range all() {
			c.tell(m)
		}
	}
	stopAll := func() {
		var wg sync.WaitGroup
		for _, c := range all() {
			if c == nil {
				continue
			}
			wg.Go(func() {
				if err := c.proc.stop(stopGrace); err != nil {
					fmt.Fprintf(a.stderr, "gost: %v\n", err)
				}
			})
		}
		wg.Wait()
		for _, c := range all() {
			if c != nil {
				os.RemoveAll(c.dir)
			}
		}
	}
	for {
		select {
		case <-ctx.Done():
			stopAll()
			return current.proc.exitCode()

		case <-changed:
			ch := w.take()
			if ch.gomod {
				go a.refreshWatch(ctx, w)
			}
			if ch.config {
				tellAll(devloop.Msg{T: devloop.CtlSecretsChanged})
			}
			if !ch.source {
				continue
			}
			// A newer save supersedes whatever the last one started.
			cancelBuild()
			if starting != nil {
				go starting.proc.stop(stopGrace)
				starting = nil
			}
			tellAll(devloop.Msg{T: devloop.CtlSourceChanged})
			gen++
			saved = time.Now()
			bctx, cancel := context.WithCancel(ctx)
			cancelBuild = cancel
			go func(gen int) {
				bin, dir, quick, err := a.rebuild(bctx)
				if err != nil && bctx.Err() == nil {
					// An editor that writes in place truncates the file
					// first, and the build may have read it empty. Report
					// a failure only if no newer save follows at once
					// (a newer save cancels bctx).
					select {
					case <-time.After(failQuiet):
					case <-bctx.Done():
						err = bctx.Err()
					}
				}
				a.post(built{gen, bin, dir, quick, err})
			}(gen)

		case ev := <-a.events:
			switch ev := ev.(type) {
			case built:
				if ev.gen != gen || errors.Is(ev.err, context.Canceled) {
					os.RemoveAll(ev.dir) // superseded by a newer save
					continue
				}
				if ev.err != nil {
					os.RemoveAll(ev.dir)
					fmt.Fprintf(a.stderr, "gost: %v\n", ev.err)
					tellAll(devloop.Msg{T: devloop.CtlBuildError, Text: ev.err.Error()})
					continue
				}
				builtAt, builtBy = time.Now(), "go build"
				if ev.quick {
					builtBy = "quick build"
				} else {
					a.prepareQuick(ctx) // for the next save
				}
				tellAll(devloop.Msg{T: devloop.CtlBuildOK})
				c, err := a.start(ev.bin, ev.dir)
				if err != nil {
					os.RemoveAll(ev.dir)
					fmt.Fprintf(a.stderr, "gost: %v\n", err)
					tellAll(devloop.Msg{T: devloop.CtlBuildError, Text: err.Error()})
					continue
				}
				starting = c

			case childReady:
				if ev.c != starting {
					continue // superseded, and being stopped
				}
				ev.c.out.stop()
				current.tell(devloop.Msg{T: devloop.CtlNewVersion})
				old = append(old, current)
				current, starting = starting, nil
				now := time.Now()
				fmt.Fprintf(a.stdout, "gost: new version serving, %.2fs after the save (%s %.2fs, start %.2fs)\n",
					now.Sub(saved).Seconds(), builtBy, builtAt.Sub(saved).Seconds(), now.Sub(builtAt).Seconds())
				go a.refreshWatch(ctx, w) // its imports may have changed

			case childExited:
				os.RemoveAll(ev.c.dir)
				switch {
				case ev.c == current:
					// The app ended by itself: so does gost, with its code.
					stopAll()
					return current.proc.exitCode()
				case ev.c == starting:
					starting = nil
					early := a.exitedEarly(ev.c)
					early.what = "the new version of " + early.what
					fmt.Fprintf(a.stderr, "gost: %s\n", early.summary()) // its output is on the console already
					tellAll(devloop.Msg{T: devloop.CtlBuildError, Text: early.Error()})
				default:
					old = removeChild(old, ev.c)
				}
			}
		}
	}
}

func removeChild(cs []*child, c *child) []*child {
	out := cs[:0]
	for _, x := range cs {
		if x != c {
			out = append(out, x)
		}
	}
	return out
}

// rebuild checks and builds the app after a save. Cancelling ctx, as a
// newer save does, kills the go command.
func (a *app) rebuild(ctx context.Context) (bin, dir string, quick bool, err error) {
	if err := checkApp(a.pkg); err != nil {
		return "", "", false, err
	}
	return a.build(ctx)
}

// refreshWatch updates what w watches from the go command's view of the
// app's packages.
func (a *app) refreshWatch(ctx context.Context, w *watcher) {
	if w == nil {
		return
	}
	if err := w.refresh(ctx, a.pkg, a.tmp); err != nil && ctx.Err() == nil {
		fmt.Fprintf(a.stderr, "gost: watching the source: %v\n", err)
	}
}

// lookGo finds the go command.
func lookGo() (string, error) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		return "", fmt.Errorf("gost needs the go command to build apps: %w", err)
	}
	return gobin, nil
}

// tailBuffer keeps the last bytes written to it, up to a limit, until
// stopped: a new version's output, in case it dies while starting.
type tailBuffer struct {
	mu      sync.Mutex
	buf     []byte
	limit   int
	stopped bool
}

func newTailBuffer(limit int) *tailBuffer { return &tailBuffer{limit: limit} }

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.stopped {
		t.buf = append(t.buf, p...)
		if over := len(t.buf) - t.limit; over > 0 {
			t.buf = append(t.buf[:0], t.buf[over:]...)
		}
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.buf)
}

// stop stops recording and frees what was kept: the process serves.
func (t *tailBuffer) stop() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.stopped, t.buf = true, nil
}

var _ io.Writer = (*tailBuffer)(nil)
