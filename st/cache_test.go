package st_test

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

	"github.com/gost-dev/gost/st"
	"github.com/gost-dev/gost/sttest"
)

// goTB lets a goroutine other than the test's run an sttest app: a failure
// is reported and ends that goroutine, as t.Fatalf may not.
type goTB struct{ t *testing.T }

func (g goTB) Helper() {}
func (g goTB) Fatalf(format string, args ...any) {
	g.t.Errorf(format, args...)
	runtime.Goexit()
}

// Fifty sessions opened at once, each asking for the same data, run the
// loader once and all show its result.
func TestCachedLoaderRunsOnceForFiftySessions(t *testing.T) {
	t.Parallel()
	const sessions = 50
	var calls, started atomic.Int32
	load := st.CacheData(func(ctx context.Context, region string) ([]int, error) {
		calls.Add(1)
		// Hold the computation until every session has started its run,
		// so that without sharing each would run its own.
		for deadline := time.Now().Add(5 * time.Second); started.Load() < sessions && time.Now().Before(deadline); {
			time.Sleep(time.Millisecond)
		}
		return []int{7, 8, 9}, nil
	})
	app := func(st *st.Ctx) {
		started.Add(1)
		units, err := load.Get(context.Background(), "EU")
		if err != nil {
			st.Exception(err)
			return
		}
		st.Write(fmt.Sprint("units ", units))
	}
	var wg sync.WaitGroup
	pages := make([]*sttest.App, sessions)
	for i := range pages {
		wg.Go(func() { pages[i] = sttest.Run(goTB{t}, app) })
	}
	wg.Wait()
	if n := calls.Load(); n != 1 {
		t.Errorf("%d sessions ran the loader %d times, want once", sessions, n)
	}
	for i, p := range pages {
		if p != nil && !p.Contains("units [7 8 9]") {
			t.Errorf("session %d shows %v", i, p)
		}
	}
}

func TestCacheDataHandsEachCallerItsOwnCopy(t *testing.T) {
	t.Parallel()
	type sale struct {
		Region string
		Units  []int
	}
	calls := 0
	load := st.CacheData(func(_ context.Context, region string) ([]sale, error) {
		calls++
		return []sale{{region, []int{1, 2}}}, nil
	})
	first, _ := load.Get(context.Background(), "EU")
	first[0].Units[0] = 99
	first[0].Region = "changed"
	second, _ := load.Get(context.Background(), "EU")
	if calls != 1 || second[0].Region != "EU" || second[0].Units[0] != 1 {
		t.Errorf("after the first caller changed its copy, the second got %+v (%d loads)", second, calls)
	}
}

func TestCacheResourceSharesOneHandle(t *testing.T) {
	t.Parallel()
	type db struct{ dsn string }
	calls := 0
	open := st.CacheResource(func(_ context.Context, dsn string) (*db, error) {
		calls++
		return &db{dsn}, nil
	})
	a, _ := open.Get(context.Background(), "postgres://a")
	b, _ := open.Get(context.Background(), "postgres://a")
	c, _ := open.Get(context.Background(), "postgres://c")
	if a != b || a == c || calls != 2 {
		t.Errorf("handles %p %p %p after %d opens; want the same handle per key", a, b, c, calls)
	}
	open.Clear()
	if d, _ := open.Get(context.Background(), "postgres://a"); d == a || calls != 3 {
		t.Errorf("after Clear the handle was not opened again (%d opens)", calls)
	}
}

func TestCacheOptions(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		opts  []st.CacheOption
		keys  string // Get in this order
		loads int
	}{
		{"no options keep everything", nil, "a b c a b c", 3},
		{"MaxEntries evicts the least recently used", []st.CacheOption{st.MaxEntries(2)}, "a b a c a b", 4},
		{"a TTL longer than the test keeps results", []st.CacheOption{st.TTL(time.Hour)}, "a a b b", 2},
		{"a TTL of a nanosecond keeps nothing for long", []st.CacheOption{st.TTL(time.Nanosecond)}, "a a a", 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			loads := 0
			c := st.CacheData(func(_ context.Context, k string) (string, error) {
				loads++
				time.Sleep(time.Microsecond) // a nanosecond TTL has passed when Get returns
				return k, nil
			}, tc.opts...)
			for k := range strings.FieldsSeq(tc.keys) {
				if v, err := c.Get(context.Background(), k); v != k || err != nil {
					t.Fatalf("Get(%q) = %q, %v", k, v, err)
				}
			}
			if loads != tc.loads {
				t.Errorf("gets %q ran the loader %d times, want %d", tc.keys, loads, tc.loads)
			}
		})
	}
}

func TestBadCacheOptionsPanicAtOnce(t *testing.T) {
	t.Parallel()
	for _, opt := range []st.CacheOption{st.TTL(-time.Second), st.MaxEntries(-1)} {
		func() {
			defer func() {
				if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "negative") {
					t.Errorf("a negative option: recovered %v, want a panic saying so", r)
				}
			}()
			st.CacheData(func(context.Context, int) (int, error) { return 0, nil }, opt)
		}()
	}
}

// A loader that fails shows its error or panic in the run that called it,
// and the next run calls it again.
func TestLoaderFailuresShowAndAreNotCached(t *testing.T) {
	t.Parallel()
	calls := 0
	load := st.CacheData(func(_ context.Context, _ struct{}) (string, error) {
		calls++
		switch calls {
		case 1:
			return "", errors.New("database down")
		case 2:
			panic("bad row")
		}
		return "sales", nil
	})
	app := sttest.Run(t, func(st *st.Ctx) {
		st.Button("Again")
		v, err := load.Get(context.Background(), struct{}{})
		if err != nil {
			st.Exception(err)
		}
		st.Write("got " + v)
	})
	if ex := app.All("exception"); len(ex) != 1 || !strings.Contains(ex[0].Text(), "database down") {
		t.Errorf("after an error the page shows %v", app)
	}
	app.Click("Again")
	if ex := app.All("exception"); len(ex) != 1 || !strings.Contains(ex[0].Text(), "bad row") || app.Status != "error" {
		t.Errorf("after a panic the page shows %v, status %s", app, app.Status)
	}
	app.Click("Again")
	if !app.Contains("got sales") || len(app.All("exception")) != 0 || calls != 3 {
		t.Errorf("third run shows %v after %d calls", app, calls)
	}
}
