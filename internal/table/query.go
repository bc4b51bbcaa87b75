package table

// Queries of a Frame: the order and the filters a page asks for, computed
// on the server and kept for every session that asks the same.

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// A Query is what a page asks of a Frame: an order and filters. Sort -1
// and nothing else is the rows as the app gave them.
type Query struct {
	Sort   int  // column to sort by, or -1 (and Desc false) for none
	Desc   bool // descending
	Filter []Filter
	Search string // rows with a cell that contains it, ignoring case
	// Hidden columns are left out of the search; sorting or filtering by
	// one is an error.
	Hidden []bool `json:",omitempty"`
}

// A Filter keeps the rows whose cell in column Col matches Text: contains
// it, ignoring case; for a number column, ">10", "<=3" or "=5" compare.
type Filter struct {
	Col  int
	Text string
}

// Check reports a query that names a column the frame does not have, or
// a hidden one.
func (f *Frame) Check(q Query) error {
	hidden := func(j int) bool { return j >= 0 && j < len(q.Hidden) && q.Hidden[j] }
	if q.Sort < -1 || q.Sort >= len(f.Columns) || hidden(q.Sort) {
		return fmt.Errorf("no column %d to sort by", q.Sort)
	}
	for _, fl := range q.Filter {
		if fl.Col < 0 || fl.Col >= len(f.Columns) || hidden(fl.Col) {
			return fmt.Errorf("no column %d to filter by", fl.Col)
		}
	}
	return nil
}

func (q Query) key() string {
	b, _ := json.Marshal(q) // quotes the texts: no two queries share a key
	return string(b)
}

func (q Query) identity() bool { return q.Sort < 0 && len(q.Filter) == 0 && q.Search == "" }

type view struct {
	key   string
	ready chan struct{}
	rows  []int32 // the rows in the query's order
}

// Window returns the rows from to to (exclusive) of the frame as q orders
// and filters it: their indices in the data, their cells as the page gets
// them (raw: see [ShowRows]), and how many rows q leaves. The first query of an order
// sorts the frame (about 0.2 s a million rows); sessions asking the same
// wait for that one sort, and later ones find it done.
func (f *Frame) Window(q Query, from, to int) (total int, index []int, rows [][]any) {
	total = f.n
	var order []int32
	if !q.identity() {
		order = f.view(q)
		total = len(order)
	}
	from, to = max(0, min(from, total)), max(0, min(to, total))
	if to < from {
		to = from
	}
	index = make([]int, 0, to-from)
	rows = make([][]any, 0, to-from)
	for k := from; k < to; k++ {
		i := k
		if order != nil {
			i = int(order[k])
		}
		row := make([]any, len(f.Columns))
		for j := range row {
			row[j] = f.get(i, j)
		}
		index = append(index, i)
		rows = append(rows, row)
	}
	return total, index, rows
}

// view returns the order of rows q asks for, computing it once.
func (f *Frame) view(q Query) []int32 {
	k := q.key()
	f.mu.Lock()
	for i, v := range f.views {
		if v.key == k {
			// Most recently used last: evicted last.
			f.views = append(append(f.views[:i:i], f.views[i+1:]...), v)
			f.mu.Unlock()
			<-v.ready
			return v.rows
		}
	}
	v := &view{key: k, ready: make(chan struct{})}
	if len(f.views) >= maxViews {
		f.views = slices.Delete(f.views, 0, 1)
	}
	f.views = append(f.views, v)
	f.mu.Unlock()
	defer close(v.ready)
	v.rows = f.compute(q)
	return v.rows
}

func (f *Frame) compute(q Query) []int32 {
	plain := len(q.Filter) == 0 && q.Search == ""
	if q.Sort >= 0 && !plain {
		// Filter the sorted order, shared with the queries that only sort.
		return f.keep(slices.Clone(f.view(Query{Sort: q.Sort, Desc: q.Desc})), q)
	}
	rows := make([]int32, f.n)
	for i := range rows {
		rows[i] = int32(i)
	}
	if q.Sort >= 0 && q.Desc {
		// Descending is ascending read backwards, nils still last and
		// ties still in the data's order: O(n), not another sort.
		return f.reverse(f.view(Query{Sort: q.Sort}), q.Sort)
	}
	if q.Sort >= 0 {
		f.sortRows(rows, q.Sort, false)
		return rows
	}
	return f.keep(rows, q)
}

// reverse returns asc, rows sorted ascending by column j, in descending
// order: the non-nil rows backwards, each run of equal cells kept in its
// order, then the nils as they were.
func (f *Frame) reverse(asc []int32, j int) []int32 {
	k := f.key(j)
	null := func(i int32) bool {
		if k.num != nil {
			return math.IsNaN(k.num[i])
		}
		return k.null[i]
	}
	equal := func(a, b int32) bool {
		if k.num != nil {
			return k.num[a] == k.num[b]
		}
		return k.text[a] == k.text[b]
	}
	n := len(asc)
	for n > 0 && null(asc[n-1]) {
		n--
	}
	out := make([]int32, 0, len(asc))
	for end := n; end > 0; {
		start := end - 1
		for start > 0 && equal(asc[start-1], asc[end-1]) {
			start--
		}
		out = append(out, asc[start:end]...)
		end = start
	}
	return append(out, asc[n:]...)
}

// keep keeps the rows that pass q's filters and search, in their order.
func (f *Frame) keep(rows []int32, q Query) []int32 {
	match := f.matcher(q)
	kept := rows[:0]
	for _, i := range rows {
		if match(int(i)) {
			kept = append(kept, i)
		}
	}
	return slices.Clip(kept)
}

// sortKey is a column's cells in a form quick to compare.
type sortKey struct {
	num  []float64 // Number, Bool, Time; NaN for nil
	text []string  // Text, Other
	null []bool    // for text: the cell is nil
}

func (f *Frame) key(j int) *sortKey {
	f.mu.Lock()
	defer f.mu.Unlock()
	if k := f.keys[j]; k != nil {
		return k
	}
	k := &sortKey{}
	switch f.Kinds[j] {
	case Number, Bool, Time:
		k.num = make([]float64, f.n)
		for i := range f.n {
			k.num[i] = number(f.get(i, j))
		}
	default:
		k.text, k.null = make([]string, f.n), make([]bool, f.n)
		for i := range f.n {
			c := f.get(i, j)
			k.null[i] = c == nil
			k.text[i] = text(c)
		}
	}
	if f.keys == nil {
		f.keys = make(map[int]*sortKey)
	}
	f.keys[j] = k
	return k
}

// sortRows sorts rows by column j: nils last whichever way, ties in the
// data's order. Nils are set apart first; the rest are sorted by value,
// then by index, which is a stable sort at the speed of an unstable one.
func (f *Frame) sortRows(rows []int32, j int, desc bool) {
	k := f.key(j)
	null := func(i int32) bool { return k.null[i] }
	if k.num != nil {
		null = func(i int32) bool { return math.IsNaN(k.num[i]) }
	}
	n := 0
	var nils []int32
	for _, i := range rows {
		if null(i) {
			nils = append(nils, i)
		} else {
			rows[n] = i
			n++
		}
	}
	copy(rows[n:], nils)
	vals := rows[:n]
	dir := 1
	if desc {
		dir = -1
	}
	if k.num != nil {
		slices.SortFunc(vals, func(a, b int32) int {
			if c := dir * cmp.Compare(k.num[a], k.num[b]); c != 0 {
				return c
			}
			return cmp.Compare(a, b)
		})
		return
	}
	slices.SortFunc(vals, func(a, b int32) int {
		if c := dir * strings.Compare(k.text[a], k.text[b]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
}

func boolCmp(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// number is a cell as a float64 to sort by, NaN for nil.
func number(c any) float64 {
	switch c := c.(type) {
	case nil:
		return math.NaN()
	case bool:
		if c {
			return 1
		}
		return 0
	case time.Time:
		return float64(c.Unix()) + float64(c.Nanosecond())/1e9
	}
	if x, ok := Float(c); ok {
		return x
	}
	return math.NaN()
}

// text is a cell as the page shows it, for sorting and searching.
func text(c any) string {
	switch c := c.(type) {
	case nil:
		return ""
	case string:
		return c
	case int:
		return strconv.Itoa(c)
	case int64:
		return strconv.FormatInt(c, 10)
	case float64:
		return strconv.FormatFloat(c, 'g', -1, 64) // as fmt.Sprint, without its reflection
	case bool:
		return strconv.FormatBool(c)
	case time.Time:
		return ShowTime(c)
	case json.Marshaler:
		if b, err := c.MarshalJSON(); err == nil {
			return strings.Trim(string(b), `"`)
		}
	}
	return fmt.Sprint(c)
}

// matcher returns whether row i passes q's filters and search.
func (f *Frame) matcher(q Query) func(i int) bool {
	var tests []func(i int) bool
	for _, fl := range q.Filter {
		tests = append(tests, f.filter(fl))
	}
	if s := strings.ToLower(q.Search); s != "" {
		tests = append(tests, func(i int) bool {
			for j := range f.Columns {
				if j < len(q.Hidden) && q.Hidden[j] {
					continue
				}
				if containsFold(text(f.get(i, j)), s) {
					return true
				}
			}
			return false
		})
	}
	return func(i int) bool {
		for _, t := range tests {
			if !t(i) {
				return false
			}
		}
		return true
	}
}

func (f *Frame) filter(fl Filter) func(i int) bool {
	j, s := fl.Col, strings.TrimSpace(fl.Text)
	if f.Kinds[j] == Number {
		if cmp, bound, ok := comparison(s); ok {
			return func(i int) bool {
				x := number(f.get(i, j))
				return !math.IsNaN(x) && cmp(x, bound)
			}
		}
	}
	s = strings.ToLower(s)
	return func(i int) bool { return containsFold(text(f.get(i, j)), s) }
}

// comparison reads ">10", ">= 2.5", "<0", "=3".
func comparison(s string) (func(x, b float64) bool, float64, bool) {
	ops := []struct {
		op string
		fn func(x, b float64) bool
	}{
		{">=", func(x, b float64) bool { return x >= b }},
		{"<=", func(x, b float64) bool { return x <= b }},
		{">", func(x, b float64) bool { return x > b }},
		{"<", func(x, b float64) bool { return x < b }},
		{"=", func(x, b float64) bool { return x == b }},
	}
	for _, o := range ops {
		if rest, ok := strings.CutPrefix(s, o.op); ok {
			var b float64
			if _, err := fmt.Sscan(strings.TrimSpace(rest), &b); err != nil {
				return nil, 0, false
			}
			return o.fn, b, true
		}
	}
	return nil, 0, false
}

// containsFold reports whether s contains sub, which is lower case,
// ignoring case; ASCII text is compared without allocating.
func containsFold(s, sub string) bool {
	if sub == "" {
		return true
	}
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return strings.Contains(strings.ToLower(s), sub)
		}
	}
	n := len(sub)
	for i := 0; i+n <= len(s); i++ {
		k := 0
		for k < n {
			c := s[i+k]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != sub[k] {
				break
			}
			k++
		}
		if k == n {
			return true
		}
	}
	return false
}
