package st

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/gost-dev/gost/internal/jobs"
)

// Job returns the user's job named key: work that belongs to the user,
// not to the run or the tab. Started with [Job.Start], it keeps running
// while the user reruns, reloads the page or closes it; any tab of the
// same user (the same login, or without login the same browser) finds it
// again by its key, with what it wrote so far, and the page reruns as it
// goes on. Its result stays a while after it ends (30 minutes), and a user
// runs at most a few jobs at once (3).
//
// Job does not start anything: it looks the job up, and has the page
// follow it. fn is what Start runs; it stops when ctx is cancelled (the
// user cancelled it, or the server stops). Jobs live in the server
// process: a restart forgets them, and under gost run a new version of the
// app starts without them (the old process finishes them, for at most 5
// minutes, but no tab sees them any more).
//
//	job := st.Job("report", buildReport)
//	if st.Button("Build the report") {
//		if err := job.Start(); err != nil {
//			st.Error(err.Error())
//		}
//	}
//	s := job.Status()
//	st.Progress(s.Progress, s.Text)
//	st.Markdown(s.Output)
func (c *Ctx) Job(key string, fn func(ctx context.Context, j *JobCtx) error) *Job {
	c.run.Check()
	h, ok := c.run.Pusher().(jobs.Host)
	if !ok {
		return &Job{key: key, err: errors.New("st.Job: jobs need a session served by gost (or sttest)")}
	}
	reg, owner := h.Jobs()
	h.WatchJob(key, c.run.FragmentKey())
	return &Job{key: key, reg: reg, owner: owner, fn: fn}
}

// Job is a user's job, as [Ctx.Job] finds it. Its methods may be called
// from any goroutine.
type Job struct {
	key   string
	reg   *jobs.Registry
	owner string
	fn    func(ctx context.Context, j *JobCtx) error
	err   error // jobs cannot run here
}

// Start starts the job, unless it is running already. It fails when the
// user runs too many jobs at once; the error says so, for the page.
func (j *Job) Start() error {
	if j.err != nil {
		return j.err
	}
	if j.reg == nil {
		return errors.New("st.Job: a Job comes from st.Job")
	}
	_, err := j.reg.Start(j.owner, j.key, func(ctx context.Context, job *jobs.Job) error {
		return j.fn(ctx, &JobCtx{j: job})
	})
	if err != nil {
		return fmt.Errorf("st.Job %q: %s", j.key, strings.TrimPrefix(err.Error(), "jobs: "))
	}
	return nil
}

// Cancel asks the running job to stop: its context is cancelled.
func (j *Job) Cancel() {
	if j.reg == nil {
		return
	}
	if job := j.reg.Get(j.owner, j.key); job != nil {
		job.Cancel()
	}
}

// JobStatus is a job as it is at one moment.
type JobStatus struct {
	// State is "" (never started, or its result expired), "running",
	// "done", "failed" or "cancelled".
	State    string
	Output   string  // what it wrote
	Progress float64 // from 0 to 1
	Text     string  // what it says it is doing
	Err      error   // why it failed (a panic included) or was cancelled
	Started  time.Time
	Ended    time.Time
}

// Running reports whether the job is running.
func (s JobStatus) Running() bool { return s.State == string(jobs.Running) }

// Status returns the job as it is now.
func (j *Job) Status() JobStatus {
	if j.reg == nil {
		return JobStatus{Err: j.err}
	}
	job := j.reg.Get(j.owner, j.key)
	if job == nil {
		return JobStatus{}
	}
	s := job.Snapshot()
	return JobStatus{State: string(s.State), Output: s.Output, Progress: s.Progress, Text: s.Text,
		Err: s.Err, Started: s.Started, Ended: s.Ended}
}

// JobCtx is what a job's func reports through: every tab of its user that
// follows the job reruns when it writes or moves on.
type JobCtx struct{ j *jobs.Job }

// Write appends text to the job's output. What a job keeps is bounded (1
// MiB): past it the oldest text goes.
func (j *JobCtx) Write(text string) { j.j.Write(text) }

// Progress sets how far the job has got, from 0 to 1, and what it does.
func (j *JobCtx) Progress(v float64, text string) { j.j.SetProgress(v, text) }
