package st

import (
	"fmt"
	"maps"
	"net/url"
	"slices"

	"github.com/gost-dev/gost/internal/script"
)

var rerun = element{"rerun", "st.Rerun", false, takes(optScope)}

// Rerun stops this run and starts App again at once, like st.rerun. Called
// from a callback, it does nothing: a rerun follows every callback anyway.
// Called inside a [Ctx.Dialog], it closes the dialog first, as Streamlit's
// st.rerun does. Inside a [Ctx.Fragment], st.Rerun(st.Scope("fragment"))
// reruns only the fragment, like st.rerun(scope="fragment").
func (c *Ctx) Rerun(opts ...Option) {
	if c.run.Done() {
		return
	}
	cfg, ok := c.check(rerun, "", opts)
	if !ok {
		return
	}
	switch cfg.scope {
	case "", "app":
		if d := c.dialog(); d != nil {
			d.Close()
		}
		panic(script.RerunNow{})
	case "fragment":
		if !c.run.InFragment() {
			c.fail(rerun, "", fmt.Errorf(`Scope("fragment") is for a call inside a fragment`))
			return
		}
		panic(script.RerunFragmentNow{Key: c.run.FragmentKey()})
	}
	c.fail(rerun, "", fmt.Errorf(`Scope(%q): want "app" or "fragment"`, cfg.scope))
}

// Scope sets what [Ctx.Rerun] reruns: "app" (the default) or "fragment",
// the fragment the call is in.
func (*Ctx) Scope(scope string) Option {
	return stringOption{optScope, scope}
}

// Stop ends this run here, like st.stop: what was drawn so far stays.
func (c *Ctx) Stop() {
	if c.run.Done() {
		return
	}
	panic(script.StopRun{})
}

// QueryParams returns the query parameters of the page's address, like
// st.query_params: reading them reads the address, and setting them changes
// the address bar, without a reload or a new history entry, once the run is
// over. They are this session's, not a copy: what a run sets, it and later
// runs read.
//
//	if st.QueryParams().Get("tab") == "" {
//		st.QueryParams().Set("tab", "sales")
//	}
func (c *Ctx) QueryParams() *QueryParams { return &QueryParams{run: c.run} }

// QueryParams are the page's query parameters; see [Ctx.QueryParams].
type QueryParams struct {
	run *script.Run
}

func (q *QueryParams) values() url.Values {
	v, _ := url.ParseQuery(q.run.Query())
	return v
}

func (q *QueryParams) store(v url.Values) { q.run.SetQuery(v.Encode()) }

// Get returns the value of key, the last one if key is repeated (as
// Streamlit does), or "" if there is none.
func (q *QueryParams) Get(key string) string {
	all := q.values()[key]
	if len(all) == 0 {
		return ""
	}
	return all[len(all)-1]
}

// GetAll returns every value of key, in the order of the address.
func (q *QueryParams) GetAll(key string) []string { return q.values()[key] }

// Has reports whether the address has key.
func (q *QueryParams) Has(key string) bool { return q.values().Has(key) }

// Keys returns the keys of the address, sorted.
func (q *QueryParams) Keys() []string { return slices.Sorted(maps.Keys(q.values())) }

// Set makes value key's one value.
func (q *QueryParams) Set(key, value string) {
	v := q.values()
	v.Set(key, value)
	q.store(v)
}

// Add adds value to key's values.
func (q *QueryParams) Add(key, value string) {
	v := q.values()
	v.Add(key, value)
	q.store(v)
}

// Del removes key.
func (q *QueryParams) Del(key string) {
	v := q.values()
	v.Del(key)
	q.store(v)
}

// Clear removes every parameter.
func (q *QueryParams) Clear() { q.run.SetQuery("") }
