package table

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// A Kind is what a column holds, as the page shows and sorts it.
type Kind uint8

const (
	Other  Kind = iota // shown as text, sorted as text
	Number             // right-aligned, sorted as numbers
	Text
	Bool
	Time
)

var kindNames = [...]string{"other", "number", "text", "bool", "time"}

// String is the kind's name on the wire.
func (k Kind) String() string { return kindNames[k] }

// MarshalText writes the kind's name.
func (k Kind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// A Frame is a table the server keeps so that pages can read it a window
// at a time: a million rows stay on the server, and the browser asks for
// the ones it scrolls to. It reads the app's data where it is (a slice of
// structs is not copied), so every session showing the same slice shares
// one Frame ([Shared]) and the data is held once.
//
// The data must not change once a Frame reads it, the rule of
// st.CacheResource: a Frame is read by the HTTP handlers of many sessions
// at once. Sorts and filters are computed on demand and kept, a few per
// Frame, for every session that asks for the same one.
type Frame struct {
	Columns []string
	Kinds   []Kind
	n       int
	get     func(i, j int) any // row i, column j; safe for concurrent use

	mu    sync.Mutex
	keys  map[int]*sortKey // per column, made on the first sort by it
	views []*view          // the latest queries answered, newest last
}

// maxViews bounds the sorted or filtered orders a Frame keeps: each is 4
// bytes a row.
const maxViews = 8

// Len returns the number of rows.
func (f *Frame) Len() int { return f.n }

// Cell returns row i's value in column j, as [From] would.
func (f *Frame) Cell(i, j int) any { return f.get(i, j) }

// A Shown is a Frame as one element shows it: with the layouts
// (time.Format's) of its time columns, "" for [ShowTime]'s. The Frame is
// shared; a Shown is the element's.
type Shown struct {
	*Frame
	Layouts []string // by column; nil for none
	// Hidden columns are never sent, sorted, filtered or searched: the
	// page has no way to read them.
	Hidden []bool
}

// Show turns the cells of rows into what the page gets: as [ShowRows], and
// nothing of hidden columns.
func (s *Shown) Show(rows [][]any) {
	ShowRows(rows, s.Layouts)
	for _, row := range rows {
		for j, h := range s.Hidden {
			if h {
				row[j] = nil
			}
		}
	}
}

// ShowRows turns the cells of rows into what the page gets: times as text,
// in layouts[j] for column j when set, others as they are.
func ShowRows(rows [][]any, layouts []string) {
	for _, row := range rows {
		for j, c := range row {
			if t, ok := c.(time.Time); ok {
				if j < len(layouts) && layouts[j] != "" {
					row[j] = t.Format(layouts[j])
				} else {
					row[j] = ShowTime(t)
				}
			}
		}
	}
}

// ShowTime writes a time as a table shows it, as Streamlit does: a date
// alone at midnight, else date and time, in the time's own zone. Text in
// this form sorts in time order.
func ShowTime(t time.Time) string {
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
		return t.Format(time.DateOnly)
	}
	return t.Format(time.DateTime)
}

// Rows returns how many rows data has without converting it, or -1 for
// a shape [From] does not take.
func Rows(data any) int {
	switch d := data.(type) {
	case *Frame:
		return d.n
	case Table:
		return len(d.Rows)
	case *Table:
		return len(d.Rows)
	}
	v := indirect(reflect.ValueOf(data))
	switch v.Kind() {
	case reflect.Slice, reflect.Array:
		return v.Len()
	case reflect.Map:
		n := 0
		for it := v.MapRange(); it.Next(); {
			if c := indirect(it.Value()); c.Kind() == reflect.Slice || c.Kind() == reflect.Array {
				n = max(n, c.Len())
			}
		}
		return n
	case reflect.Invalid:
		return 0
	}
	return -1
}

// NewFrame makes a Frame over data, which takes the shapes [From] does,
// or is a Table or a *Frame (returned as it is).
func NewFrame(data any) (*Frame, error) {
	switch d := data.(type) {
	case *Frame:
		return d, nil
	case Table:
		return tableFrame(d), nil
	case *Table:
		return tableFrame(*d), nil
	}
	v := indirect(reflect.ValueOf(data))
	switch v.Kind() {
	case reflect.Slice, reflect.Array:
		return rowsFrame(v)
	case reflect.Map:
		return columnsFrame(v)
	case reflect.Invalid:
		return tableFrame(Table{}), nil
	}
	return nil, fmt.Errorf("cannot show a %s as a table: want a slice of structs, maps or slices, or a map of slices", v.Type())
}

func tableFrame(t Table) *Frame {
	f := &Frame{Columns: t.Columns, n: len(t.Rows), get: func(i, j int) any { return t.Rows[i][j] }}
	f.Kinds = make([]Kind, len(t.Columns))
	for j := range t.Columns {
		f.Kinds[j] = f.scanKind(j)
	}
	return f
}

// rowsFrame reads a slice whose elements are rows, in place.
func rowsFrame(v reflect.Value) (*Frame, error) {
	elem := v.Type().Elem()
	for elem.Kind() == reflect.Pointer {
		elem = elem.Elem()
	}
	f := &Frame{n: v.Len()}
	switch {
	case elem.Kind() == reflect.Struct && !isScalar(elem):
		fields := structFields(elem)
		for _, fd := range fields {
			f.Columns = append(f.Columns, fd.name)
		}
		f.get = func(i, j int) any {
			r := indirect(v.Index(i))
			if !r.IsValid() {
				return nil
			}
			c, err := r.FieldByIndexErr(fields[j].index)
			if err != nil { // through a nil embedded pointer
				return nil
			}
			return cell(c)
		}
		f.Kinds = make([]Kind, len(fields))
		for j, fd := range fields {
			f.Kinds[j] = f.kindOf(elem.FieldByIndex(fd.index).Type, j)
		}
		return f, nil
	case elem.Kind() == reflect.Map && elem.Key().Kind() == reflect.String:
		seen := map[string]bool{}
		for i := range v.Len() {
			for _, k := range indirect(v.Index(i)).MapKeys() {
				if !seen[k.String()] {
					seen[k.String()] = true
					f.Columns = append(f.Columns, k.String())
				}
			}
		}
		slices.Sort(f.Columns)
		keys := make([]reflect.Value, len(f.Columns))
		for j, c := range f.Columns {
			keys[j] = reflect.ValueOf(c).Convert(elem.Key())
		}
		f.get = func(i, j int) any {
			m := indirect(v.Index(i))
			if !m.IsValid() {
				return nil
			}
			return cell(m.MapIndex(keys[j]))
		}
		f.Kinds = make([]Kind, len(f.Columns))
		for j := range f.Columns {
			f.Kinds[j] = f.kindOf(elem.Elem(), j)
		}
		return f, nil
	}
	// Slices of slices and of values are rare at this size: convert.
	t, err := fromRows(v)
	if err != nil {
		return nil, err
	}
	return tableFrame(t), nil
}

// columnsFrame reads a map whose values are columns, in place.
func columnsFrame(v reflect.Value) (*Frame, error) {
	if v.Type().Key().Kind() != reflect.String {
		return nil, fmt.Errorf("cannot show a %s as a table: a map's keys must be strings, the column names", v.Type())
	}
	keys := v.MapKeys()
	slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
	f := &Frame{}
	var cols []reflect.Value
	for _, k := range keys {
		col := indirect(v.MapIndex(k))
		if col.Kind() != reflect.Slice && col.Kind() != reflect.Array {
			return nil, fmt.Errorf("cannot show a %s as a table: column %q is a %s, not a slice", v.Type(), k.String(), col.Kind())
		}
		f.Columns = append(f.Columns, k.String())
		cols = append(cols, col)
		f.n = max(f.n, col.Len())
	}
	f.get = func(i, j int) any {
		if i < cols[j].Len() {
			return cell(cols[j].Index(i))
		}
		return nil
	}
	f.Kinds = make([]Kind, len(cols))
	for j, col := range cols {
		f.Kinds[j] = f.kindOf(col.Type().Elem(), j)
	}
	return f, nil
}

var timeType = reflect.TypeFor[time.Time]()

// kindOf is the kind of column j, whose cells are of type t: known from
// the type, or from the cells when t is an interface.
func (f *Frame) kindOf(t reflect.Type, j int) Kind {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64:
		return Number
	case reflect.String:
		return Text
	case reflect.Bool:
		return Bool
	case reflect.Interface:
		return f.scanKind(j)
	}
	if t == timeType {
		return Time
	}
	return Other
}

// scanKind reads every cell of column j for its kind: one kind for all its
// non-nil cells, else Other. A column of nothing but nils is Other.
func (f *Frame) scanKind(j int) Kind {
	kind, seen := Other, false
	for i := range f.n {
		c := f.get(i, j)
		if c == nil {
			continue
		}
		var k Kind
		switch c.(type) {
		case string:
			k = Text
		case bool:
			k = Bool
		case time.Time:
			k = Time
		default:
			if _, ok := Float(c); ok {
				k = Number
			} else {
				return Other
			}
		}
		if seen && k != kind {
			return Other
		}
		kind, seen = k, true
	}
	return kind
}

// CheckCells reports the first column whose cells cannot be sent to a
// page, reading the first rows: a func or a channel has no JSON.
func (f *Frame) CheckCells(rows int) error {
	for i := range min(rows, f.n) {
		for j := range f.Columns {
			if f.Kinds[j] != Other {
				continue
			}
			if _, err := json.Marshal(f.get(i, j)); err != nil {
				return fmt.Errorf("column %q: %w", f.Columns[j], err)
			}
		}
	}
	return nil
}

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
