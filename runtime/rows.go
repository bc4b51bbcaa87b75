package runtime

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gost-dev/gost/internal/table"
)

// rowsPath is where a page reads the rows of a big table (st.Dataframe)
// as it scrolls: rowsPath + session + "/" + table id, relative to the app.
const rowsPath = "_gost/rows/"

// Bounds on what a page may ask for in one request. The page is not
// trusted: these keep a request's cost to about one screenful of work,
// bar the first sort or filter of a column, which is kept for every
// session.
const (
	maxWindow     = 1000 // rows per request
	maxQueryText  = 200  // bytes of a filter or the search
	maxRowFilters = 64
)

// rowsAnswer is the JSON of one window.
type rowsAnswer struct {
	Total int     `json:"total"` // rows the query leaves
	From  int     `json:"from"`
	Index []int   `json:"index"` // each row's place in the app's data
	Rows  [][]any `json:"rows"`
}

// serveRows answers GET _gost/rows/{session}/{id}?from=&to=&sort=&desc=&filter=&q=
// with rows from to to (exclusive) of a table the session's latest runs
// drew, sorted by column sort (desc=1: descending), keeping the rows whose
// cell in column j contains text for each filter=j:text, and those with a
// cell containing q. Access is as for a download: the session's id and the
// table's random id, and, for a logged-in session, that user's cookie.
func (s *Server) serveRows(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	s.mu.Lock()
	sess := s.sessions[r.PathValue("session")]
	s.mu.Unlock()
	var frame *table.Shown
	if sess != nil {
		if v, ok := sess.state.Tables().Get(r.PathValue("id")); ok {
			frame, _ = v.(*table.Shown)
		}
	}
	if frame != nil {
		if key := sess.userKey(); key != "" {
			if u, _ := s.identify(http.Header{}, r); u.Key != key {
				frame = nil
			}
		}
	}
	if frame == nil {
		http.Error(w, "no such table: the page may have changed since; reload it", http.StatusNotFound)
		return
	}
	q, from, to, err := rowsQuery(r.URL.Query(), frame)
	if err != nil {
		http.Error(w, "runtime: rows: "+err.Error(), http.StatusBadRequest)
		return
	}
	var total int
	var index []int
	var rows [][]any
	sess.state.Tables().Work(func() { total, index, rows = frame.Window(q, from, to) })
	frame.Show(rows)
	b, err := json.Marshal(rowsAnswer{total, min(from, total), index, rows})
	if err != nil {
		s.log.Error("runtime: rows: a cell cannot be sent", "err", err)
		http.Error(w, "runtime: rows: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Write(b)
}

// rowsQuery reads and checks a request's parameters against the table.
func rowsQuery(v url.Values, f *table.Shown) (q table.Query, from, to int, err error) {
	q.Hidden = f.Hidden
	num := func(name string, def, lo, hi int) (int, error) {
		s := v.Get(name)
		if s == "" {
			return def, nil
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < lo || n > hi {
			return 0, fmt.Errorf("%s=%.20q: want a whole number from %d to %d", name, s, lo, hi)
		}
		return n, nil
	}
	if from, err = num("from", 0, 0, f.Len()); err != nil {
		return
	}
	if to, err = num("to", from, from, from+maxWindow); err != nil {
		return
	}
	if q.Sort, err = num("sort", -1, -1, len(f.Columns)-1); err != nil {
		return
	}
	desc, _ := num("desc", 0, 0, 1)
	q.Desc = desc == 1 && q.Sort >= 0
	q.Search = v.Get("q")
	if len(q.Search) > maxQueryText {
		return q, 0, 0, fmt.Errorf("q: %d bytes, want at most %d", len(q.Search), maxQueryText)
	}
	filters := v["filter"]
	if len(filters) > maxRowFilters {
		return q, 0, 0, fmt.Errorf("%d filters, want at most %d", len(filters), maxRowFilters)
	}
	for _, fl := range filters {
		col, text, ok := strings.Cut(fl, ":")
		j, err := strconv.Atoi(col)
		switch {
		case !ok || err != nil || j < 0 || j >= len(f.Columns):
			return q, 0, 0, fmt.Errorf("filter=%.20q: want column:text, a column from 0 to %d", fl, len(f.Columns)-1)
		case len(text) > maxQueryText:
			return q, 0, 0, fmt.Errorf("filter: %d bytes, want at most %d", len(text), maxQueryText)
		}
		if text != "" {
			q.Filter = append(q.Filter, table.Filter{Col: j, Text: text})
		}
	}
	if err := f.Check(q); err != nil {
		return q, 0, 0, errors.New(err.Error())
	}
	return q, from, to, nil
}
