package st

import (
	"context"
	"fmt"
	"time"

	"github.com/gost-dev/gost/internal/cache"
)

// A Cache holds the results of a loader, shared by every session of the
// app, as Streamlit's @st.cache_data and @st.cache_resource do. Make one
// with [CacheData] or [CacheResource], as a package-level variable, and call
// its Get where App needs the data:
//
//	var loadSales = st.CacheData(func(ctx context.Context, region string) ([]Sale, error) {
//		return querySales(ctx, db, region)
//	}, st.TTL(10*time.Minute), st.MaxEntries(100))
//
//	func App(st *st.Ctx) {
//		sales, err := loadSales.Get(context.Background(), st.Selectbox("Region", regions))
//		…
//	}
//
// Get has the loader's signature, so loadSales.Get can be passed wherever
// the loader was. Calls with equal keys (compared with ==, so a pointer key
// is its address, not what it points to) share one result; several
// arguments go in one comparable struct, no argument is struct{}. When many
// sessions ask for the same key at once, the loader runs once, on the
// goroutine of the first, and the others wait for it.
//
// A loader's error, or panic, is not cached: the next Get runs it again.
// A panic unwinds the run that called the loader, which shows it as any
// panic of App; the sessions that were waiting for that call get an error
// saying it panicked.
//
// Caches live as long as the process. `gost run` rebuilds the app into a
// new process when its code changes, so every cache starts empty after a
// reload, whether or not its loader changed: results cannot be carried from
// one build to the next without knowing which code made them.
// The zero Cache is not usable.
type Cache[K comparable, V any] struct {
	c      *cache.Cache[K, V]
	copied bool
}

// CacheData caches load's results for data, the way @st.cache_data does:
// every call of Get returns its own deep copy of the result (see below), so
// a session that sorts or edits what it got changes nothing for the others,
// as Streamlit's unpickled copies do. The result is also copied once when
// stored, so a loader that keeps a reference to what it returned cannot
// change the cache either.
//
// The copy is made by reflection: slices, maps, pointers, interfaces and
// exported struct fields are copied all the way down; unexported fields,
// channels and functions are shared. A result type with a method
// Clone() V is copied by that method instead. Copying costs about 3 ms
// per million float64s; for data too big to copy per run, or that every
// session may share read-only, use [CacheResource] and do not modify what
// it returns.
func CacheData[K comparable, V any](load func(ctx context.Context, key K) (V, error), opts ...CacheOption) *Cache[K, V] {
	stored := func(ctx context.Context, key K) (V, error) {
		v, err := load(ctx, key)
		if err != nil {
			return v, err
		}
		return cache.Clone(v), nil
	}
	return &Cache[K, V]{c: cache.New(stored, cacheOptions(opts)), copied: true}
}

// CacheResource caches load's results for handles that are shared, never
// copied, the way @st.cache_resource does: a *sql.DB, an HTTP client, a
// model loaded into memory. Every session gets the same value, so it must
// be safe for concurrent use, and sessions must not modify it unless they
// mean to change it for everyone.
func CacheResource[K comparable, V any](load func(ctx context.Context, key K) (V, error), opts ...CacheOption) *Cache[K, V] {
	return &Cache[K, V]{c: cache.New(load, cacheOptions(opts))}
}

// Get returns the result of the loader for key: a stored one, the one a
// call already under way returns, or a new one. Only the caller that runs
// the loader passes it ctx; the others stop waiting, with ctx's error, when
// their own ctx ends. If the loader returns the context error of a caller
// that went away, the callers still waiting run it again.
func (c *Cache[K, V]) Get(ctx context.Context, key K) (V, error) {
	v, err := c.c.Get(ctx, key)
	if err != nil || !c.copied {
		return v, err
	}
	return cache.Clone(v), nil
}

// Clear forgets every result of this cache, as Streamlit's func.clear()
// does. A call under way still returns its result to its callers, but the
// result is not kept.
func (c *Cache[K, V]) Clear() { c.c.Clear() }

// A CacheOption bounds a [Cache]. Caches are made outside App, so unlike an
// element's [Option] these are functions of the package.
type CacheOption interface {
	applyCache(*cache.Options)
}

type cacheOptionFunc func(*cache.Options)

func (f cacheOptionFunc) applyCache(o *cache.Options) { f(o) }

// TTL makes a result expire d after it was computed (Streamlit's ttl=);
// the next Get runs the loader again. Without it, results never expire.
// An expired result is dropped when it is next asked for or pushed out by
// [MaxEntries]: give a cache of many keys a bound too.
func TTL(d time.Duration) CacheOption {
	return cacheOptionFunc(func(o *cache.Options) { o.TTL = d })
}

// MaxEntries bounds how many results a cache keeps (Streamlit's
// max_entries=); a new result beyond it pushes out the one least recently
// used. Without it, or with 0, there is no bound.
func MaxEntries(n int) CacheOption {
	return cacheOptionFunc(func(o *cache.Options) { o.MaxEntries = n })
}

// cacheOptions applies opts. A negative TTL or bound is a mistake in the
// program, found when the package's variables are made, before any page
// is served: it panics then, as regexp.MustCompile does.
func cacheOptions(opts []CacheOption) cache.Options {
	var o cache.Options
	for _, opt := range opts {
		if opt != nil {
			opt.applyCache(&o)
		}
	}
	if o.TTL < 0 {
		panic(fmt.Sprintf("st: cache TTL %s is negative", o.TTL))
	}
	if o.MaxEntries < 0 {
		panic(fmt.Sprintf("st: cache MaxEntries %d is negative", o.MaxEntries))
	}
	return o
}
