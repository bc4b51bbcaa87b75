package cache

import (
	"sync"
	"weak"
)

// clearer is what the registry needs of a cache, whatever its types.
type clearer interface{ Clear() }

// registry holds every cache made by [New], weakly: caches are usually
// package-level variables that live as long as the process, but a cache made
// in a test or a function must not be kept alive by being registered.
// It is the only mutable global of the package.
var registry struct {
	mu     sync.Mutex
	caches []func() clearer // each returns nil once its cache is collected
}

func register[K comparable, V any](c *Cache[K, V]) {
	p := weak.Make(c)
	get := func() clearer {
		if c := p.Value(); c != nil {
			return c
		}
		return nil
	}
	registry.mu.Lock()
	defer registry.mu.Unlock()
	registry.caches = append(live(), get)
}

// live drops the collected caches from the registry and returns what is
// left; registry.mu is held.
func live() []func() clearer {
	kept := registry.caches[:0]
	for _, get := range registry.caches {
		if get() != nil {
			kept = append(kept, get)
		}
	}
	clear(registry.caches[len(kept):])
	registry.caches = kept
	return kept
}

// ClearAll empties every cache of the process, as Streamlit's "Clear
// caches" does. The runtime calls it when a developer asks (the C key);
// apps clear one cache with its Clear method.
func ClearAll() {
	registry.mu.Lock()
	var caches []clearer
	for _, get := range live() {
		if c := get(); c != nil {
			caches = append(caches, c)
		}
	}
	registry.mu.Unlock()
	// Each Clear takes its own cache's lock: not while holding the
	// registry's, so the two locks are never taken in both orders.
	for _, c := range caches {
		c.Clear()
	}
}
