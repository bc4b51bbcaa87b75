// Package jobs holds work that belongs to a user, not to a run or a tab:
// a report, a long answer of a language model. A job keeps running while
// its user reruns, reloads, or closes every tab; any of the user's tabs
// finds it again by its key and sees what it has written so far, then the
// rest as it comes.
//
// One [Registry] per process owns every job. Its API is small: Start a
// job, Get it, Watch a key (a session asks to be told of changes, and
// reruns), Close at shutdown. Jobs live in the process's memory: when the
// process stops they are cancelled and forgotten (see [Registry.Close]).
package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strings"
	"sync"
	"time"
)

// Defaults of [Options].
const (
	DefaultMaxRunning = 3
	DefaultKeep       = 30 * time.Minute
	// MaxOutput bounds what one job keeps of its output; past it the
	// oldest text goes, so a job that never stops writing has bounded
	// memory.
	MaxOutput = 1 << 20
)

// ErrLimit is returned by [Registry.Start] when the owner has
// Options.MaxRunning jobs running already.
var ErrLimit = errors.New("jobs: too many jobs running")

// ErrClosed is returned by [Registry.Start] once the registry is closed.
var ErrClosed = errors.New("jobs: the server is stopping")

// Options configure a [Registry]. The zero value takes the defaults.
type Options struct {
	MaxRunning int           // jobs one owner may run at once (0: DefaultMaxRunning)
	Keep       time.Duration // how long an ended job's result stays (0: DefaultKeep)
	Log        *slog.Logger  // where a job's panic is logged (nil: slog.Default())
}

// Registry owns the jobs of one process, by owner and key.
type Registry struct {
	opts Options
	now  func() time.Time

	mu       sync.Mutex
	jobs     map[id]*Job
	watchers map[id]map[*watcher]struct{}
	closed   bool
	wg       sync.WaitGroup
	expired  time.Time // when expire last looked
}

type id struct{ owner, key string }

type watcher struct{ f func() }

// New returns an empty registry.
func New(opts Options) *Registry {
	if opts.MaxRunning <= 0 {
		opts.MaxRunning = DefaultMaxRunning
	}
	if opts.Keep <= 0 {
		opts.Keep = DefaultKeep
	}
	if opts.Log == nil {
		opts.Log = slog.Default()
	}
	return &Registry{opts: opts, now: time.Now, jobs: make(map[id]*Job), watchers: make(map[id]map[*watcher]struct{})}
}

// A Func is a job's work. It returns when ctx is cancelled (the user
// cancelled the job, or the server stops); its error is the job's.
type Func func(ctx context.Context, j *Job) error

// State is where a job is in its life.
type State string

const (
	Running   State = "running"
	Done      State = "done"
	Failed    State = "failed" // returned an error or panicked
	Cancelled State = "cancelled"
)

// Job is one job. Its methods are safe from any goroutine.
type Job struct {
	Key    string
	reg    *Registry
	id     id
	cancel context.CancelFunc
	done   chan struct{}

	mu       sync.Mutex
	out      strings.Builder
	dropped  int // bytes of output dropped from the start (MaxOutput)
	progress float64
	text     string
	state    State
	err      error
	started  time.Time
	ended    time.Time
	asked    bool // Cancel was called
}

// Snapshot is a job as it was at one moment.
type Snapshot struct {
	Key      string
	State    State
	Output   string // what the job wrote, less any dropped from its start
	Progress float64
	Text     string // the text of its progress
	Err      error
	Started  time.Time
	Ended    time.Time // zero while it runs
}

// Start starts fn as owner's job key, unless that job is running already:
// then it returns the running one. An ended job of that key is replaced.
// It fails with ErrLimit when owner runs MaxRunning jobs already.
func (r *Registry) Start(owner, key string, fn Func) (*Job, error) {
	r.mu.Lock()
	r.expire()
	if r.closed {
		r.mu.Unlock()
		return nil, ErrClosed
	}
	k := id{owner, key}
	if j := r.jobs[k]; j != nil && j.running() {
		r.mu.Unlock()
		return j, nil
	}
	running := 0
	for k2, j := range r.jobs {
		if k2.owner == owner && j.running() {
			running++
		}
	}
	if running >= r.opts.MaxRunning {
		r.mu.Unlock()
		return nil, fmt.Errorf("%w: %d running, at most %d at once; cancel one or wait for one to end", ErrLimit, running, r.opts.MaxRunning)
	}
	ctx, cancel := context.WithCancel(context.Background())
	j := &Job{Key: key, reg: r, id: k, cancel: cancel, done: make(chan struct{}), state: Running, started: r.now()}
	r.jobs[k] = j
	r.wg.Add(1)
	r.mu.Unlock()
	go j.run(ctx, fn)
	r.notify(k)
	return j, nil
}

// run runs fn and records how it ended. A panic is the job's error; the
// process goes on.
func (j *Job) run(ctx context.Context, fn Func) {
	defer j.reg.wg.Done()
	var err error
	func() {
		defer func() {
			if v := recover(); v != nil {
				j.reg.opts.Log.Error("jobs: job panicked", "key", j.Key, "panic", v, "stack", string(debug.Stack()))
				err = fmt.Errorf("jobs: job %q panicked: %v", j.Key, v)
			}
		}()
		err = fn(ctx, j)
	}()
	j.mu.Lock()
	switch {
	case j.asked:
		j.state = Cancelled
		if err == nil {
			err = context.Canceled
		}
	case err != nil:
		j.state = Failed
	default:
		j.state = Done
	}
	j.err, j.ended = err, j.reg.now()
	j.mu.Unlock()
	j.cancel()
	close(j.done)
	j.reg.notify(j.id)
}

// Get returns owner's job key, or nil when there is none: never started,
// or ended longer than Options.Keep ago.
func (r *Registry) Get(owner, key string) *Job {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.expire()
	j := r.jobs[id{owner, key}]
	if j != nil && j.gone(r.now(), r.opts.Keep) {
		delete(r.jobs, id{owner, key})
		return nil
	}
	return j
}

// gone reports whether j ended longer than keep before now.
func (j *Job) gone(now time.Time, keep time.Duration) bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.state != Running && now.Sub(j.ended) > keep
}

// Watch calls f whenever owner's job key changes: it starts, writes,
// moves its progress, ends. f must be quick and must not block (a
// session's push is). Watch returns the func that stops it.
func (r *Registry) Watch(owner, key string, f func()) (stop func()) {
	k := id{owner, key}
	w := &watcher{f}
	r.mu.Lock()
	if r.watchers[k] == nil {
		r.watchers[k] = make(map[*watcher]struct{})
	}
	r.watchers[k][w] = struct{}{}
	r.mu.Unlock()
	return func() {
		r.mu.Lock()
		delete(r.watchers[k], w)
		if len(r.watchers[k]) == 0 {
			delete(r.watchers, k)
		}
		r.mu.Unlock()
	}
}

func (r *Registry) notify(k id) {
	r.mu.Lock()
	fs := make([]func(), 0, len(r.watchers[k]))
	for w := range r.watchers[k] {
		fs = append(fs, w.f)
	}
	r.mu.Unlock()
	for _, f := range fs {
		f()
	}
}

// expire forgets the jobs that ended longer than Keep ago, looking at
// most once a second: every run of every tab that follows a job calls Get.
// r.mu is held.
func (r *Registry) expire() {
	now := r.now()
	if now.Sub(r.expired) < time.Second && now.After(r.expired) {
		return
	}
	r.expired = now
	for k, j := range r.jobs {
		if j.gone(now, r.opts.Keep) {
			delete(r.jobs, k)
		}
	}
}

// Close cancels every job and waits for them to return, until ctx is
// done. Jobs live in the process: once it exits they are gone, with their
// output; a new process starts with none. Start fails after Close.
func (r *Registry) Close(ctx context.Context) error {
	r.mu.Lock()
	r.closed = true
	jobs := make([]*Job, 0, len(r.jobs))
	for _, j := range r.jobs {
		jobs = append(jobs, j)
	}
	r.mu.Unlock()
	for _, j := range jobs {
		j.Cancel()
	}
	done := make(chan struct{})
	go func() { r.wg.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("jobs: jobs still running at shutdown: %w", ctx.Err())
	}
}

// Running reports how many jobs run.
func (r *Registry) Running() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, j := range r.jobs {
		if j.running() {
			n++
		}
	}
	return n
}

// Write appends text to the job's output, which its watchers show.
func (j *Job) Write(text string) {
	j.mu.Lock()
	j.out.WriteString(text)
	if over := j.out.Len() - MaxOutput; over > 0 {
		rest := j.out.String()[over:]
		j.out.Reset()
		j.out.WriteString(rest)
		j.dropped += over
	}
	j.mu.Unlock()
	j.reg.notify(j.id)
}

// SetProgress sets how far the job has got, from 0 to 1, and what it is
// doing.
func (j *Job) SetProgress(v float64, text string) {
	v = min(max(v, 0), 1)
	j.mu.Lock()
	j.progress, j.text = v, text
	j.mu.Unlock()
	j.reg.notify(j.id)
}

// Cancel asks the job to stop: its context is cancelled. It ends Cancelled
// once its func returns.
func (j *Job) Cancel() {
	j.mu.Lock()
	if j.state == Running {
		j.asked = true
	}
	j.mu.Unlock()
	j.cancel()
}

func (j *Job) running() bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.state == Running
}

// Done is closed when the job has ended.
func (j *Job) Done() <-chan struct{} { return j.done }

// Snapshot returns the job as it is now.
func (j *Job) Snapshot() Snapshot {
	j.mu.Lock()
	defer j.mu.Unlock()
	return Snapshot{Key: j.Key, State: j.state, Output: j.out.String(), Progress: j.progress, Text: j.text,
		Err: j.err, Started: j.started, Ended: j.ended}
}

// Host is what a session offers package st for jobs: the registry, whose
// jobs the session's user owns, and a way to be rerun when one changes.
type Host interface {
	Jobs() (r *Registry, owner string)
	// WatchJob reruns the fragment with key fragment ("" for the whole app)
	// when the owner's job key changes, until the session ends.
	WatchJob(key, fragment string)
}
