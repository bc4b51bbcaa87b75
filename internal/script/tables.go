package script

import "sync"

// Tables holds the data sets a session's latest runs show a window at a
// time (st.Dataframe of many rows): the page reads their rows over HTTP by
// id as it scrolls. It holds references only: the data is the app's,
// shared by every session that shows it.
//
// Like Media it has its own lock: the run loop adds tables while the HTTP
// handler reads them.
type Tables struct {
	mu    sync.Mutex
	byID  map[string]*shown
	byKey map[any]*shown

	work sync.Mutex // one request of the page's at a time: see Work
}

type shown struct {
	id  string
	key any
	v   any
	lifespan
}

func newTables() *Tables {
	return &Tables{} // its maps are made by the first Put
}

// Put offers v, identified by key (comparable: the data set's own
// pointer), and returns its id. The same key keeps its id from run to
// run, so a rerun showing the same data changes no props and the page
// keeps its scroll and its sort.
func (t *Tables) Put(key, v any) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	s, ok := t.byKey[key]
	if !ok {
		s = &shown{id: randomID(), key: key}
		if t.byKey == nil { // made on first use: most pages show no big table
			t.byKey, t.byID = make(map[any]*shown), make(map[string]*shown)
		}
		t.byKey[key] = s
		t.byID[s.id] = s
	}
	s.v, s.drawn = v, true
	return s.id
}

// Get returns what id names, if a recent run showed it.
func (t *Tables) Get(id string) (any, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	s, ok := t.byID[id]
	if !ok {
		return nil, false
	}
	return s.v, true
}

// Work runs fn, one call of the session's at a time: a page asking for
// many new sorts or searches at once (a hostile one) uses one CPU, not
// all of them, while other sessions' requests go on.
func (t *Tables) Work(fn func()) {
	t.work.Lock()
	defer t.work.Unlock()
	fn()
}

// Len returns how many tables the session holds.
func (t *Tables) Len() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.byID)
}

// startRun and endRun keep, as Media does, what the last two runs drew:
// a page still scrolling the table of the run before gets its rows.
func (t *Tables) startRun() {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, s := range t.byID {
		s.drawn = false
	}
}

func (t *Tables) endRun() {
	t.mu.Lock()
	defer t.mu.Unlock()
	for id, s := range t.byID {
		if s.ended() {
			delete(t.byID, id)
			delete(t.byKey, s.key)
		}
	}
}
