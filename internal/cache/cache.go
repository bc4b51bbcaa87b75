// Package cache is the engine under st.CacheData and st.CacheResource: a
// typed map from a loader's argument to its result, shared by every session
// of the process, with a time to live, a bound on its entries (the least
// recently used goes first), and one computation per key however many
// sessions ask for it at once.
//
// It also owns the one registry of every cache in the process, so that the
// runtime can empty them all (Streamlit's "Clear caches", the C key) without
// knowing their types: see [ClearAll]. That registry is the package's only
// mutable global; it holds weak pointers, so a cache that nothing else
// references still goes to the garbage collector.
package cache

import (
	"container/list"
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Options bound a cache. The zero value keeps every entry forever.
type Options struct {
	TTL        time.Duration // how long a result is served after it was computed; 0: forever
	MaxEntries int           // how many results are kept, the least recently used dropped first; 0: no bound
}

// Cache maps a key to the result of load(ctx, key). Its methods are safe for
// concurrent use. Errors and panics of load are never cached.
type Cache[K comparable, V any] struct {
	load func(context.Context, K) (V, error)
	opts Options
	now  func() time.Time // time.Now; tests move it

	mu      sync.Mutex
	entries map[K]*entry[K, V]
	lru     list.List // of *entry, most recently used at the front; only finished entries
	gen     uint64    // bumped by Clear: a computation started before it is not stored
}

// entry is a result, or a computation whose result is on its way: done is
// closed once val and err are set.
type entry[K comparable, V any] struct {
	key     K
	done    chan struct{}
	val     V
	err     error
	expires time.Time     // zero: never
	elem    *list.Element // in lru, once done and stored
}

// New returns a cache of load's results, registered for [ClearAll].
func New[K comparable, V any](load func(context.Context, K) (V, error), opts Options) *Cache[K, V] {
	c := &Cache[K, V]{load: load, opts: opts, now: time.Now, entries: make(map[K]*entry[K, V])}
	register(c)
	return c
}

// Get returns the result for key: a stored one if it has not expired, else
// the one a computation already under way returns, else it runs load on the
// calling goroutine, so that a panic in load unwinds the caller as any panic
// of its own code would. The callers that were waiting for that computation
// get an error that says it panicked.
//
// A caller that waits stops waiting when its ctx is done. The computation
// runs with the context of the caller that started it; when that context
// ends the computation (its load returns ctx's error), the callers that were
// waiting for it start again rather than take another caller's
// cancellation as theirs.
func (c *Cache[K, V]) Get(ctx context.Context, key K) (V, error) {
	for {
		c.mu.Lock()
		e, ok := c.entries[key]
		if ok && e.elem != nil && !e.expires.IsZero() && !c.now().Before(e.expires) {
			c.drop(e)
			ok = false
		}
		if !ok {
			e = &entry[K, V]{key: key, done: make(chan struct{})}
			c.entries[key] = e
			gen := c.gen
			c.mu.Unlock()
			return c.compute(ctx, e, gen)
		}
		if e.elem != nil {
			c.lru.MoveToFront(e.elem)
			c.mu.Unlock()
			return e.val, nil
		}
		c.mu.Unlock()
		select {
		case <-e.done:
		case <-ctx.Done():
			var zero V
			return zero, ctx.Err()
		}
		if e.err == nil {
			return e.val, nil
		}
		if isContextErr(e.err) && ctx.Err() == nil {
			continue // the leader's context ended, not ours: compute again
		}
		var zero V
		return zero, e.err
	}
}

// compute runs load for e and stores its result unless it failed, or the
// cache was cleared meanwhile (the result may come from data the clear was
// meant to forget).
func (c *Cache[K, V]) compute(ctx context.Context, e *entry[K, V], gen uint64) (v V, err error) {
	returned := false
	defer func() {
		if !returned {
			r := recover()
			if r == nil { // runtime.Goexit, as t.FailNow in a test: let it go on
				e.err = errors.New("cache: the loader exited its goroutine")
				c.finish(e, gen)
				return
			}
			e.err = fmt.Errorf("cache: the loader panicked: %v", r)
			c.finish(e, gen)
			panic(r)
		}
		c.finish(e, gen)
	}()
	v, err = c.load(ctx, e.key)
	e.val, e.err = v, err
	returned = true
	return v, err
}

// finish publishes e's result to its waiters and stores it if it may be.
func (c *Cache[K, V]) finish(e *entry[K, V], gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	close(e.done)
	if c.entries[e.key] != e {
		return // cleared while it ran
	}
	if e.err != nil || gen != c.gen {
		delete(c.entries, e.key)
		return
	}
	if c.opts.TTL > 0 {
		e.expires = c.now().Add(c.opts.TTL)
	}
	e.elem = c.lru.PushFront(e)
	for c.opts.MaxEntries > 0 && c.lru.Len() > c.opts.MaxEntries {
		c.drop(c.lru.Back().Value.(*entry[K, V]))
	}
}

// drop forgets a stored entry; c.mu is held.
func (c *Cache[K, V]) drop(e *entry[K, V]) {
	c.lru.Remove(e.elem)
	e.elem = nil
	delete(c.entries, e.key)
}

// Clear forgets every stored result. Computations under way finish for the
// callers waiting on them, but their results are not kept.
func (c *Cache[K, V]) Clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	for k, e := range c.entries {
		if e.elem != nil {
			c.lru.Remove(e.elem)
			e.elem = nil
		}
		delete(c.entries, k)
	}
}

// Len returns how many results are stored, expired ones included until a
// Get finds them.
func (c *Cache[K, V]) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lru.Len()
}

func isContextErr(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}
