package jobs

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func wait(t *testing.T, j *Job) Snapshot {
	t.Helper()
	select {
	case <-j.Done():
	case <-time.After(5 * time.Second):
		t.Fatalf("job %q did not end", j.Key)
	}
	return j.Snapshot()
}

func TestJobRunsAndKeepsItsResult(t *testing.T) {
	r := New(Options{})
	var changes atomic.Int64
	defer r.Watch("alice", "report", func() { changes.Add(1) })()
	j, err := r.Start("alice", "report", func(ctx context.Context, j *Job) error {
		j.Write("hello ")
		j.SetProgress(0.5, "half")
		j.Write("world")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	s := wait(t, j)
	if s.State != Done || s.Output != "hello world" || s.Progress != 0.5 || s.Text != "half" || s.Err != nil {
		t.Errorf("snapshot %+v", s)
	}
	if changes.Load() < 5 { // start, 2 writes, progress, end
		t.Errorf("watchers told %d times, want at least 5", changes.Load())
	}
	if r.Get("alice", "report") != j || r.Get("bob", "report") != nil {
		t.Error("Get does not find the job by its owner and key only")
	}
}

func TestEndedJobsExpire(t *testing.T) {
	r := New(Options{Keep: time.Minute})
	now := time.Now()
	r.now = func() time.Time { return now }
	j, _ := r.Start("a", "k", func(context.Context, *Job) error { return nil })
	wait(t, j)
	now = now.Add(59 * time.Second)
	if r.Get("a", "k") == nil {
		t.Error("the result went before Keep")
	}
	now = now.Add(2 * time.Second)
	if r.Get("a", "k") != nil {
		t.Error("the result stayed after Keep")
	}
}

func TestLimitPerOwner(t *testing.T) {
	r := New(Options{MaxRunning: 2})
	block := func(ctx context.Context, j *Job) error { <-ctx.Done(); return ctx.Err() }
	a, _ := r.Start("a", "1", block)
	r.Start("a", "2", block)
	if _, err := r.Start("a", "3", block); !errors.Is(err, ErrLimit) || !strings.Contains(err.Error(), "at most 2") {
		t.Errorf("third job: %v, want ErrLimit saying the limit", err)
	}
	if again, err := r.Start("a", "1", block); err != nil || again != a {
		t.Errorf("starting a running job again: %v, %v; want the running one", again, err)
	}
	if _, err := r.Start("b", "1", block); err != nil {
		t.Errorf("another owner is limited by a's jobs: %v", err)
	}
	a.Cancel()
	if s := wait(t, a); s.State != Cancelled || !errors.Is(s.Err, context.Canceled) {
		t.Errorf("cancelled job: %+v", s)
	}
	if _, err := r.Start("a", "3", block); err != nil {
		t.Errorf("after a cancel: %v", err)
	}
	r.Close(context.Background())
}

func TestPanicIsTheJobsError(t *testing.T) {
	r := New(Options{})
	j, _ := r.Start("a", "p", func(context.Context, *Job) error { panic("boom") })
	if s := wait(t, j); s.State != Failed || !strings.Contains(s.Err.Error(), "boom") {
		t.Errorf("panicked job: %+v", s)
	}
	j2, _ := r.Start("a", "e", func(context.Context, *Job) error { return errors.New("no data") })
	if s := wait(t, j2); s.State != Failed || s.Err.Error() != "no data" {
		t.Errorf("failed job: %+v", s)
	}
}

func TestCloseCancelsEveryJob(t *testing.T) {
	r := New(Options{})
	j, _ := r.Start("a", "k", func(ctx context.Context, j *Job) error { <-ctx.Done(); return ctx.Err() })
	if err := r.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if s := j.Snapshot(); s.State != Cancelled {
		t.Errorf("after Close: %s", s.State)
	}
	if _, err := r.Start("a", "k2", func(context.Context, *Job) error { return nil }); !errors.Is(err, ErrClosed) {
		t.Errorf("Start after Close: %v", err)
	}
}

func TestOutputIsBounded(t *testing.T) {
	r := New(Options{})
	j, _ := r.Start("a", "k", func(ctx context.Context, j *Job) error {
		chunk := strings.Repeat("x", 4096)
		for range MaxOutput/4096 + 10 {
			j.Write(chunk)
		}
		j.Write("END")
		return nil
	})
	if s := wait(t, j); len(s.Output) > MaxOutput || !strings.HasSuffix(s.Output, "END") {
		t.Errorf("output of %d bytes, ending %q", len(s.Output), s.Output[len(s.Output)-3:])
	}
}
