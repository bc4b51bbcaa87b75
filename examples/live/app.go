// Live shows a page that updates by itself: a metrics panel that ticks
// every second (a fragment on a timer), a log that a goroutine tails into
// the page, and a report that is written by a job, which goes on when the
// tab is reloaded or closed, and which any tab of the browser finds again.
// Run it from the repository root with
//
//	go run ./cmd/gost run examples/live/app.go
package main

import (
	"context"
	"fmt"
	"math"
	"strings"
	"sync"
	"time"

	"github.com/gost-dev/gost/st"
)

// How fast things go; the tests make them faster.
var (
	tick       = time.Second            // the metrics panel's timer
	logEvery   = 700 * time.Millisecond // a new log line
	reportStep = 400 * time.Millisecond // a line of the report
	// tickWork is how long a tick's work takes before it draws: none
	// here. The tests make it last, as a real panel's query would, to see
	// the panel fade while a tick goes on longer than a moment.
	tickWork time.Duration
)

const reportLines = 20

// App draws the page. Only the first run of a session, and clicks outside
// the fragments, run it; the panels rerun on their own.
func App(st *st.Ctx) {
	st.Title("Live")
	state := st.SessionState()
	state.Set("runs", state.Int("runs")+1)
	st.Caption(fmt.Sprintf("page runs: %d", state.Int("runs")))
	st.Button("Rerun the page")

	st.Fragment("metrics", metrics, st.Every(tick))

	// The log tail: one goroutine per session, which stops with it.
	if _, ok := state.Get("log"); !ok {
		t := &tail{}
		state.Set("log", t)
		go t.follow(st.Session())
	}
	st.Fragment("log", logPanel)

	st.Fragment("report", reportPanel)
}

// metrics is a panel that reruns every tick.
func metrics(st *st.Ctx) {
	time.Sleep(tickWork)
	state := st.SessionState()
	n := state.Int("ticks") + 1
	state.Set("ticks", n)
	st.Subheader("Metrics")
	load := 50 + 40*math.Sin(float64(n)/3)
	st.Metric("Load", fmt.Sprintf("%.0f %%", load))
	st.Caption(fmt.Sprintf("ticks: %d", n))
}

// tail keeps the last lines of a log that a goroutine follows.
type tail struct {
	mu    sync.Mutex
	lines []string
}

func (t *tail) follow(h *st.Handle) {
	ticker := time.NewTicker(logEvery)
	defer ticker.Stop()
	for i := 1; ; i++ {
		select {
		case <-h.Context().Done():
			return // the session ended
		case now := <-ticker.C:
			t.mu.Lock()
			t.lines = append(t.lines, fmt.Sprintf("%s request %d served", now.Format(time.TimeOnly), i))
			if len(t.lines) > 8 {
				t.lines = t.lines[1:]
			}
			t.mu.Unlock()
			h.RerunFragment("log")
		}
	}
}

func logPanel(st *st.Ctx) {
	st.Subheader("Log")
	v, _ := st.SessionState().Get("log")
	t, _ := v.(*tail)
	if t == nil {
		return
	}
	t.mu.Lock()
	text := strings.Join(t.lines, "\n")
	t.mu.Unlock()
	st.Code(text)
}

// reportPanel follows the browser's report job.
func reportPanel(st *st.Ctx) {
	st.Subheader("Report")
	job := st.Job("report", writeReport)
	s := job.Status()
	if s.Running() {
		if st.Button("Cancel the report") {
			job.Cancel()
		}
	} else if st.Button("Write the report") {
		if err := job.Start(); err != nil {
			st.Error(err.Error())
		}
		s = job.Status()
	}
	switch s.State {
	case "running":
		st.Progress(s.Progress, s.Text)
	case "done":
		st.Success("report done")
	case "cancelled":
		st.Warning("report cancelled")
	case "failed":
		st.Error(s.Err.Error())
	}
	if s.Output != "" {
		st.Code(s.Output)
	}
}

// writeReport is the job: a line at a time, as a slow model would.
func writeReport(ctx context.Context, j *st.JobCtx) error {
	for i := 1; i <= reportLines; i++ {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(reportStep):
		}
		j.Write(fmt.Sprintf("line %d\n", i))
		j.Progress(float64(i)/reportLines, fmt.Sprintf("%d of %d lines", i, reportLines))
	}
	return nil
}
