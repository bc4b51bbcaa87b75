package sttest

import (
	"context"
	"time"

	"github.com/gost-dev/gost/internal/jobs"
	"github.com/gost-dev/gost/runtime"
	"github.com/gost-dev/gost/st"
)

// Browser is one browser with its user: its tabs ([Browser.Open]) share
// the user's jobs (st.Job), as the tabs of one browser do on a server.
// A tab that closes ([App.Close]) leaves its jobs running; a tab opened
// later finds them.
type Browser struct {
	t     TB
	reg   *jobs.Registry
	owner string
}

// NewBrowser returns a browser whose jobs follow opts' limits: at most
// maxRunning at once (0: gost's default), results kept for keep (0: the
// default).
func NewBrowser(t TB, maxRunning int, keep time.Duration) *Browser {
	if t == nil {
		t = panicTB{}
	}
	return &Browser{t: t, reg: jobs.New(jobs.Options{MaxRunning: maxRunning, Keep: keep}), owner: "browser:sttest"}
}

// Open opens app in a new tab of the browser and waits for its first run.
func (b *Browser) Open(app func(*st.Ctx)) *App {
	b.t.Helper()
	return open(b.t, "", app, func(s *runtime.Session) { s.SetJobs(b.reg, b.owner) })
}

// Close stops the browser's jobs, as a server does when it stops, and
// waits for them to return.
func (b *Browser) Close() {
	ctx, cancel := context.WithTimeout(context.Background(), Timeout)
	defer cancel()
	if err := b.reg.Close(ctx); err != nil {
		b.t.Fatalf("sttest: %v", err)
	}
}

// Close closes the tab: the session ends, with its timers and what it
// watched. The user's jobs go on.
func (a *App) Close() {
	a.sess.Detach(a)
	a.sess.End()
}
