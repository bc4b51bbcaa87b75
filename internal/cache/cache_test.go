package cache

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// counting returns a loader that counts its calls per key and returns the
// key with the number of the call, so a test can tell a stored result from
// a new one.
func counting() (func(context.Context, string) (string, error), *sync.Map) {
	var calls sync.Map
	return func(_ context.Context, k string) (string, error) {
		n, _ := calls.LoadOrStore(k, new(atomic.Int32))
		return fmt.Sprintf("%s#%d", k, n.(*atomic.Int32).Add(1)), nil
	}, &calls
}

func TestGetStoresExpiresAndEvicts(t *testing.T) {
	t.Parallel()
	type step struct {
		advance time.Duration // the clock moves first
		key     string
		want    string
	}
	for _, tc := range []struct {
		name  string
		opts  Options
		steps []step
	}{{
		name:  "the same key is computed once",
		steps: []step{{0, "a", "a#1"}, {0, "a", "a#1"}, {0, "b", "b#1"}, {time.Hour, "a", "a#1"}},
	}, {
		name:  "a result expires after its TTL",
		opts:  Options{TTL: time.Minute},
		steps: []step{{0, "a", "a#1"}, {59 * time.Second, "a", "a#1"}, {time.Second, "a", "a#2"}, {30 * time.Second, "a", "a#2"}},
	}, {
		name: "the least recently used goes first",
		opts: Options{MaxEntries: 2},
		// a is used after b, so c pushes b out, not a.
		steps: []step{{0, "a", "a#1"}, {0, "b", "b#1"}, {0, "a", "a#1"}, {0, "c", "c#1"}, {0, "a", "a#1"}, {0, "b", "b#2"}, {0, "c", "c#2"}},
	}, {
		name:  "TTL and a bound together",
		opts:  Options{TTL: time.Minute, MaxEntries: 1},
		steps: []step{{0, "a", "a#1"}, {0, "b", "b#1"}, {0, "a", "a#2"}, {2 * time.Minute, "a", "a#3"}},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			load, _ := counting()
			c := New(load, tc.opts)
			now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
			c.now = func() time.Time { return now }
			for i, s := range tc.steps {
				now = now.Add(s.advance)
				got, err := c.Get(context.Background(), s.key)
				if err != nil || got != s.want {
					t.Fatalf("step %d: Get(%q) = %q, %v; want %q", i, s.key, got, err, s.want)
				}
				if m := tc.opts.MaxEntries; m > 0 && c.Len() > m {
					t.Fatalf("step %d: %d entries stored, bound %d", i, c.Len(), m)
				}
			}
		})
	}
}

func TestErrorsAreNotCached(t *testing.T) {
	t.Parallel()
	calls := 0
	c := New(func(_ context.Context, k int) (int, error) {
		calls++
		if calls == 1 {
			return 0, errors.New("database down")
		}
		return k * 10, nil
	}, Options{})
	if _, err := c.Get(context.Background(), 1); err == nil || err.Error() != "database down" {
		t.Fatalf("first Get: error %v, want the loader's", err)
	}
	if v, err := c.Get(context.Background(), 1); v != 10 || err != nil {
		t.Fatalf("after an error Get = %d, %v; want the loader run again", v, err)
	}
	if calls != 2 || c.Len() != 1 {
		t.Errorf("%d calls, %d stored; want 2 and 1", calls, c.Len())
	}
}

// A panic unwinds the caller that ran the loader; the callers waiting for
// that computation get an error, never a hang; and nothing is stored.
func TestPanicIsNotCachedAndWaitersGetAnError(t *testing.T) {
	t.Parallel()
	started, release := make(chan struct{}), make(chan struct{})
	var calls atomic.Int32
	c := New(func(_ context.Context, k string) (string, error) {
		if calls.Add(1) == 1 {
			close(started)
			<-release
			panic("bad row 7")
		}
		return "ok", nil
	}, Options{})

	leader := make(chan any)
	go func() {
		defer func() { leader <- recover() }()
		c.Get(context.Background(), "k")
	}()
	<-started
	waiters := make(chan error, 5)
	for range 5 {
		go func() { _, err := c.Get(context.Background(), "k"); waiters <- err }()
	}
	waitFor(t, func() bool { return known(c) == 1 }) // the waiters are queued or about to be
	time.Sleep(20 * time.Millisecond)
	close(release)
	if r := <-leader; r != "bad row 7" {
		t.Errorf("the caller that ran the loader recovered %v, want its panic", r)
	}
	for range 5 {
		select {
		case err := <-waiters:
			// A waiter that arrived after the panic computes again and succeeds.
			if err != nil && !strings.Contains(err.Error(), "panicked: bad row 7") {
				t.Errorf("waiter got %v, want the panic as an error", err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("a waiter hangs after the loader panicked")
		}
	}
	if v, err := c.Get(context.Background(), "k"); v != "ok" || err != nil {
		t.Errorf("after the panic Get = %q, %v; want a new computation", v, err)
	}
}

func TestConcurrentCallersShareOneComputation(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	release := make(chan struct{})
	c := New(func(_ context.Context, k string) ([]int, error) {
		calls.Add(1)
		<-release
		return []int{1, 2, 3}, nil
	}, Options{})
	var wg sync.WaitGroup
	var waiting atomic.Int32
	results := make([][]int, 50)
	for i := range results {
		wg.Go(func() {
			waiting.Add(1)
			v, err := c.Get(context.Background(), "sales")
			if err != nil {
				t.Error(err)
			}
			results[i] = v
		})
	}
	waitFor(t, func() bool { return waiting.Load() == 50 })
	time.Sleep(50 * time.Millisecond) // let the last callers reach Get
	close(release)
	wg.Wait()
	if n := calls.Load(); n != 1 {
		t.Errorf("50 concurrent callers ran the loader %d times, want 1", n)
	}
	for i, r := range results {
		if len(r) != 3 {
			t.Fatalf("caller %d got %v", i, r)
		}
	}
}

func TestAWaiterStopsWhenItsContextEnds(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	defer close(release)
	c := New(func(ctx context.Context, k int) (int, error) { <-release; return k, nil }, Options{})
	go c.Get(context.Background(), 1)
	waitFor(t, func() bool { return known(c) == 1 })
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := c.Get(ctx, 1); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("a waiter whose context ended got %v", err)
	}
}

// When the caller that runs the loader goes away (its context is cancelled
// and the loader honours it), the others compute again rather than fail with
// a cancellation that is not theirs.
func TestWaitersRetryWhenTheLeadersContextEnds(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	c := New(func(ctx context.Context, k int) (int, error) {
		if calls.Add(1) == 1 {
			<-ctx.Done()
			return 0, ctx.Err()
		}
		return 42, nil
	}, Options{})
	ctx, cancel := context.WithCancel(context.Background())
	leader := make(chan error)
	go func() { _, err := c.Get(ctx, 1); leader <- err }()
	waitFor(t, func() bool { return calls.Load() == 1 })
	waiter := make(chan int)
	go func() { v, _ := c.Get(context.Background(), 1); waiter <- v }()
	time.Sleep(20 * time.Millisecond)
	cancel()
	if err := <-leader; !errors.Is(err, context.Canceled) {
		t.Errorf("the cancelled caller got %v", err)
	}
	if v := <-waiter; v != 42 {
		t.Errorf("the waiter got %d, want a new computation's 42", v)
	}
}

func TestClearForgetsAndDropsWhatIsUnderWay(t *testing.T) {
	t.Parallel()
	load, _ := counting()
	release := make(chan struct{})
	slow := func(ctx context.Context, k string) (string, error) {
		if k == "slow" {
			<-release
		}
		return load(ctx, k)
	}
	c := New(slow, Options{})
	c.Get(context.Background(), "a")
	done := make(chan string)
	go func() { v, _ := c.Get(context.Background(), "slow"); done <- v }()
	waitFor(t, func() bool { return known(c) == 2 })
	c.Clear()
	close(release)
	if v := <-done; v != "slow#1" {
		t.Errorf("the computation under the clear returned %q to its caller", v)
	}
	if c.Len() != 0 {
		t.Errorf("%d results stored after Clear, want the one under way dropped", c.Len())
	}
	if v, _ := c.Get(context.Background(), "a"); v != "a#2" {
		t.Errorf("after Clear Get = %q, want a new computation", v)
	}
}

func TestClearAllClearsEveryLiveCache(t *testing.T) {
	// Not parallel: ClearAll empties the other tests' caches too.
	load, _ := counting()
	a, b := New(load, Options{}), New(load, Options{})
	a.Get(context.Background(), "x")
	b.Get(context.Background(), "y")
	func() { New(load, Options{}) }() // dropped at once: the registry must let it go
	runtime.GC()
	ClearAll()
	if a.Len() != 0 || b.Len() != 0 {
		t.Errorf("after ClearAll: %d and %d results stored", a.Len(), b.Len())
	}
	registry.mu.Lock()
	n := len(live())
	registry.mu.Unlock()
	if n < 2 {
		t.Errorf("registry holds %d caches, want at least the two live ones", n)
	}
	runtime.KeepAlive(a)
	runtime.KeepAlive(b)
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 5s")
		}
	}
}

// known counts the keys c knows of: stored or under way.
func known[K comparable, V any](c *Cache[K, V]) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}
