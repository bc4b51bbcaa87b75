package st_test

import (
	"context"
	"testing"

	"github.com/gost-dev/gost/st"
	"github.com/gost-dev/gost/sttest"
)

// jobApp follows the job "answer": its steps write words, one for each
// value sent on step.
func jobApp(step chan string) func(*st.Ctx) {
	work := func(ctx context.Context, j *st.JobCtx) error {
		for {
			select {
			case w, ok := <-step:
				if !ok {
					return nil
				}
				if w == "panic" {
					panic("the model fell over")
				}
				j.Write(w + " ")
			case <-ctx.Done():
				return ctx.Err()
			}
		}
	}
	return func(st *st.Ctx) {
		job := st.Job("answer", work)
		if st.Button("Start") {
			if err := job.Start(); err != nil {
				st.Error(err.Error())
			}
		}
		if st.Button("Cancel") {
			job.Cancel()
		}
		s := job.Status()
		st.Text("state: " + s.State)
		st.Text("out: " + s.Output)
		if s.Err != nil {
			st.Text("err: " + s.Err.Error())
		}
	}
}

func shows(s string) func(*sttest.App) bool {
	return func(a *sttest.App) bool { return a.Contains(s) }
}

func TestJobOutlivesTheTabAndAnotherTabFollowsIt(t *testing.T) {
	b := sttest.NewBrowser(t, 0, 0)
	defer b.Close()
	step := make(chan string)
	tab := b.Open(jobApp(step))
	tab.Click("Start")
	step <- "once"
	tab.Until(shows("out: once "))
	tab.Close()
	step <- "upon" // written while no tab shows the job
	second := b.Open(jobApp(step))
	second.Until(shows("out: once upon "))
	step <- "a" // and the rest, live, as the job pushes reruns
	second.Until(shows("out: once upon a "))
	if !second.Contains("state: running") {
		t.Errorf("second tab: %v", second)
	}
	close(step)
	second.Until(shows("state: done"))
	// The result stays for a later tab.
	third := b.Open(jobApp(nil))
	if !third.Contains("out: once upon a ") || !third.Contains("state: done") {
		t.Errorf("third tab: %v", third)
	}
}

func TestJobCancelAndPanic(t *testing.T) {
	b := sttest.NewBrowser(t, 0, 0)
	defer b.Close()
	step := make(chan string)
	tab := b.Open(jobApp(step))
	tab.Click("Start")
	tab.Click("Cancel")
	tab.Until(shows("state: cancelled"))
	if !tab.Contains("err: context canceled") {
		t.Errorf("cancelled job: %v", tab)
	}
	tab.Click("Start") // an ended job starts anew
	step <- "panic"
	tab.Until(shows("state: failed"))
	if !tab.Contains("the model fell over") {
		t.Errorf("panicked job shows %v, want its panic as its error", tab)
	}
}

func TestJobLimitPerUser(t *testing.T) {
	b := sttest.NewBrowser(t, 1, 0)
	defer b.Close()
	block := func(ctx context.Context, j *st.JobCtx) error { <-ctx.Done(); return ctx.Err() }
	app := b.Open(func(st *st.Ctx) {
		for _, key := range []string{"one", "two"} {
			job := st.Job(key, block)
			if st.Button("Start " + key) {
				if err := job.Start(); err != nil {
					st.Error(err.Error())
				}
			}
		}
	})
	app.Click("Start one")
	app.Click("Start two")
	if !app.Contains(`st.Job "two": too many jobs running: 1 running, at most 1 at once`) {
		t.Errorf("second job over the limit: %v", app)
	}
}

func TestJobWithoutASession(t *testing.T) {
	// sttest.Run's tab has jobs of its own; a Job's zero value has none.
	var j st.Job
	if err := j.Start(); err == nil {
		t.Error("a zero Job started")
	}
}
