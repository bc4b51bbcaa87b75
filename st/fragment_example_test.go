package st_test

import (
	"context"
	"fmt"
	"time"

	"github.com/gost-dev/gost/st"
	"github.com/gost-dev/gost/sttest"
)

// clock is a fragment: it reruns on its timer, App does not.
func clock(st *st.Ctx) {
	state := st.SessionState()
	state.Set("ticks", state.Int("ticks")+1)
	st.Text(fmt.Sprintf("ticks: %d", state.Int("ticks")))
}

// A fragment with Every reruns on its own; the rest of the page stays.
func ExampleCtx_Fragment() {
	runs := 0
	app := sttest.Run(nil, func(st *st.Ctx) {
		runs++
		st.Text(fmt.Sprintf("page runs: %d", runs))
		st.Fragment("clock", clock, st.Every(time.Second))
	})
	app.Advance(3 * time.Second) // sttest's clock is fake: no waiting
	fmt.Println(app.Texts())
	// Output: [page runs: 1 ticks: 4]
}

// count is a job: it belongs to the browser, not to the tab.
func count(ctx context.Context, j *st.JobCtx) error {
	for i := 1; i <= 3; i++ {
		j.Write(fmt.Sprint(i, " "))
	}
	return nil
}

// A job goes on when its tab closes; another tab of the browser finds it.
func ExampleCtx_Job() {
	app := func(st *st.Ctx) {
		job := st.Job("count", count)
		if st.Button("Count") {
			job.Start()
		}
		s := job.Status()
		st.Text(s.State + ": " + s.Output)
	}
	browser := sttest.NewBrowser(nil, 0, 0)
	defer browser.Close()
	tab := browser.Open(app)
	tab.Click("Count")
	tab.Close()
	other := browser.Open(app)
	other.Until(func(a *sttest.App) bool { return a.Contains("done") })
	fmt.Println(other.Texts())
	// Output: [Count done: 1 2 3 ]
}
