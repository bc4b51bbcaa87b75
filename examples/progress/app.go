// Progress shows a long job as it goes: a bar that moves, a status that
// turns complete (or red, when the job fails), a placeholder that always
// shows the latest step, and a toast when it is done, all updated during
// one run. Run it from the repository root with
//
//	go run ./cmd/gost run examples/progress
package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/gost-dev/gost/st"
)

// steps are the job's steps; step is how long each takes.
var (
	steps = []string{"Fetching orders", "Joining customers", "Computing totals", "Writing the report"}
	step  = 400 * time.Millisecond
)

func App(st *st.Ctx) {
	st.Title("Monthly report")
	fail := st.Checkbox("Make the last step fail")
	if !st.Button("Build the report", st.Primary(true)) {
		return
	}
	bar := st.Progress(0, "Starting…")
	latest := st.Empty()
	status := st.Status("Building the report", st.Expanded(true))
	status.Run(func() {
		for i, name := range steps {
			latest.Caption("Now: " + name)
			status.Write(fmt.Sprintf("%d. %s…", i+1, name))
			if err := work(st.Context()); err != nil {
				return // the user moved on
			}
			if fail && i == len(steps)-1 {
				panic(errors.New("the report's disk is full"))
			}
			bar.Set(100*(i+1)/len(steps), name)
		}
	})
	latest.Success("Report ready.")
	st.Toast("Report ready", st.Icon("📄"))
}

// work stands in for one step of a real job.
func work(ctx context.Context) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(step):
		return nil
	}
}
