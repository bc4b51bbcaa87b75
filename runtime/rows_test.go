package runtime

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"regexp"
	goruntime "runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/gost-dev/gost/st"
)

// trip is a row of ten columns, as issue 10's million-row table.
type trip struct {
	ID         int     `json:"id"`
	City       string  `json:"city"`
	Fare       float64 `json:"fare"`
	Distance   float64 `json:"distance"`
	Tip        float64 `json:"tip"`
	Paid       bool    `json:"paid"`
	Passengers int     `json:"passengers"`
	Vendor     string  `json:"vendor"`
	Zone       int     `json:"zone"`
	Rating     float64 `json:"rating"`
}

func makeTrips(n int) []trip {
	cities := []string{"Oslo", "Bergen", "Trondheim", "Stavanger", "Tromsø"}
	vendors := make([]string, 997)
	for i := range vendors {
		vendors[i] = fmt.Sprintf("V%03d", i)
	}
	out := make([]trip, n)
	for i := range out {
		out[i] = trip{i, cities[i%5], float64((i*7919+13)%n) / 100, float64(i%500) / 10, float64(i%20) / 4, i%3 != 0, 1 + i%4, vendors[i%997], i % 263, float64(i%50) / 10}
	}
	return out
}

// loadTrips and loadFrame are how an app holds a data set once for every
// session: a slice shared as it is, or a Frame, which CacheData does not
// copy.
var (
	loadTrips = st.CacheResource(func(_ context.Context, n int) ([]trip, error) { return makeTrips(n), nil })
	loadFrame = st.CacheData(func(_ context.Context, n int) (*st.Frame, error) { return st.NewFrame(makeTrips(n)) })
)

func tripsApp(n int) func(*st.Ctx) {
	return func(st *st.Ctx) {
		trips, err := loadTrips.Get(context.Background(), n)
		if err != nil {
			st.Exception(err)
			return
		}
		st.Dataframe(trips)
	}
}

func frameApp(n int) func(*st.Ctx) {
	return func(st *st.Ctx) {
		trips, err := loadFrame.Get(context.Background(), n)
		if err != nil {
			st.Exception(err)
			return
		}
		st.Dataframe(trips)
	}
}

var srcRE = regexp.MustCompile(`"src":"([0-9a-f]+)"`)

// openTable says hello as a new session and returns its id and the id of
// its table.
func openTable(t *testing.T, ts *httptest.Server) (session, src string) {
	t.Helper()
	b := dial(t, ts)
	session = b.hello("", nil).ID
	done := b.until("done")
	m := srcRE.FindSubmatch(done.raw)
	if m == nil {
		t.Fatalf("no table source in %.300s", done.raw)
	}
	return session, string(m[1])
}

func getRows(t testing.TB, ts *httptest.Server, path string) (int, rowsAnswer) {
	t.Helper()
	res, err := http.Get(ts.URL + "/" + rowsPath + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var a rowsAnswer
	if res.StatusCode == http.StatusOK {
		if err := json.NewDecoder(res.Body).Decode(&a); err != nil {
			t.Fatal(err)
		}
	}
	return res.StatusCode, a
}

func TestRowsServesWindowsOfTheSessionsTable(t *testing.T) {
	t.Parallel()
	_, ts := testServer(t, tripsApp(5000))
	session, src := openTable(t, ts)
	status, a := getRows(t, ts, session+"/"+src+"?from=4990&to=5100")
	if status != http.StatusOK || a.Total != 5000 || a.From != 4990 || len(a.Rows) != 10 || a.Index[9] != 4999 || a.Rows[9][0] != 4999.0 {
		t.Fatalf("status %d, %+v; want the last 10 rows of 5000", status, a)
	}
	_, a = getRows(t, ts, session+"/"+src+"?from=0&to=3&sort=2&desc=1")
	if fmt.Sprint(a.Rows[0][2]) != "49.99" || a.Index[0] == 0 {
		t.Errorf("sorted by fare descending, the first row is %v", a.Rows[0])
	}
	_, a = getRows(t, ts, session+"/"+src+"?from=0&to=100&filter=1:troms&q=V00")
	if a.Total == 0 || a.Total >= 1000 {
		t.Errorf("filtered and searched: %d rows", a.Total)
	}
	for _, row := range a.Rows {
		if row[1] != "Tromsø" {
			t.Fatalf("row %v passed the filter", row)
		}
	}
}

func TestRowsRefusesWhatThePageMayNotAsk(t *testing.T) {
	t.Parallel()
	_, ts := testServer(t, tripsApp(5000))
	session, src := openTable(t, ts)
	other, _ := openTable(t, ts)
	long := strings.Repeat("x", 300)
	tests := []struct {
		path string
		want int
	}{
		{session + "/" + src + "?from=0&to=10", 200},
		{session + "/" + src + "?from=0&to=1001", 400},        // more than a window
		{session + "/" + src + "?from=5001", 400},             // past the end
		{session + "/" + src + "?from=x", 400},                // not a number
		{session + "/" + src + "?sort=10", 400},               // no such column
		{session + "/" + src + "?sort=-2", 400},               // no such column
		{session + "/" + src + "?filter=3", 400},              // no text
		{session + "/" + src + "?filter=-1:x", 400},           // no such column
		{session + "/" + src + "?q=" + long, 400},             // too long
		{other + "/" + src + "?from=0&to=10", 404},            // another session's table
		{session + "/" + "0123456789abcdef" + "?from=0", 404}, // no such table
	}
	for _, test := range tests {
		if got, _ := getRows(t, ts, test.path); got != test.want {
			t.Errorf("%.60s: status %d, want %d", test.path, got, test.want)
		}
	}
}

// heapAlloc returns the Go heap allocated after a full collection.
func heapAlloc() uint64 {
	var m goruntime.MemStats
	for range 2 {
		goruntime.GC()
	}
	goruntime.ReadMemStats(&m)
	return m.HeapAlloc
}

// TestHundredSessionsHoldOneTable: 100 sessions viewing the same cached
// million-row table, each scrolled and sorted, hold one copy of the data
// and one sorted order (issue 10, point 7). BENCHMARKS.md quotes its log.
func TestHundredSessionsHoldOneTable(t *testing.T) {
	const rows, sessions = 1_000_000, 100
	for _, test := range []struct {
		name string
		load func()
		app  func(*st.Ctx)
	}{
		{"CacheResource of a slice", func() { loadTrips.Get(context.Background(), rows) }, tripsApp(rows)},
		{"CacheData of a Frame", func() { loadFrame.Get(context.Background(), rows) }, frameApp(rows)},
	} {
		t.Run(test.name, func(t *testing.T) {
			before := heapAlloc()
			test.load()
			data := heapAlloc() - before
			_, ts := testServer(t, test.app)
			var fetch []time.Duration
			for i := range sessions {
				session, src := openTable(t, ts)
				start := time.Now()
				status, _ := getRows(t, ts, fmt.Sprintf("%s/%s?from=%d&to=%d&sort=2", session, src, i*1000, i*1000+100))
				fetch = append(fetch, time.Since(start))
				if status != http.StatusOK {
					t.Fatalf("session %d: status %d", i, status)
				}
			}
			grown := heapAlloc() - before - data
			slices.Sort(fetch)
			t.Logf("data %.1f MiB; %d sessions, each scrolled and sorted by fare, added %.1f MiB (%.1f KiB a session with the shared sorted order); sorted fetch: first %v, p50 %v",
				float64(data)/(1<<20), sessions, float64(grown)/(1<<20), float64(grown)/sessions/1024, fetch[len(fetch)-1], fetch[len(fetch)/2])
			// One copy: a second copy of the data for even one session
			// would be as large as the data.
			if grown > data/2 {
				t.Errorf("%d sessions added %d bytes to a table of %d: more than one copy", sessions, grown, data)
			}
		})
	}
}

// BenchmarkRowsWindow is a scroll fetch on the server: a window of 100
// rows of a million, at a random place, in the data's order or sorted.
func BenchmarkRowsWindow(b *testing.B) {
	const rows = 1_000_000
	for _, sorted := range []bool{false, true} {
		b.Run(fmt.Sprintf("sorted=%t", sorted), func(b *testing.B) {
			srv := NewServer(tripsApp(rows), Options{}, nil)
			ts := httptest.NewServer(srv)
			defer ts.Close()
			session, src := benchOpen(b, ts)
			sort := ""
			if sorted {
				sort = "&sort=2"
				getRows(b, ts, session+"/"+src+"?from=0&to=1"+sort) // the first sort is once per table
			}
			b.ResetTimer()
			for b.Loop() {
				from := rand.IntN(rows - 100)
				if status, _ := getRows(b, ts, fmt.Sprintf("%s/%s?from=%d&to=%d%s", session, src, from, from+100, sort)); status != 200 {
					b.Fatal(status)
				}
			}
		})
	}
}

// benchOpen is openTable for a benchmark.
func benchOpen(b *testing.B, ts *httptest.Server) (session, src string) {
	h := http.Header{"Origin": {ts.URL}}
	ws, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(ts.URL, "http")+"/"+streamPath, h)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { ws.Close() })
	ws.WriteJSON(map[string]any{"t": "hello", "v": 1, "session": "", "query": ""})
	for {
		var m struct {
			T  string `json:"t"`
			ID string `json:"id"`
		}
		_, data, err := ws.ReadMessage()
		if err != nil {
			b.Fatal(err)
		}
		json.Unmarshal(data, &m)
		if m.T == "session" {
			session = m.ID
		}
		if m.T == "done" {
			return session, string(srcRE.FindSubmatch(data)[1])
		}
	}
}

// A hidden column never reaches the page: not in the rows, and not through
// sorting, filtering or searching by it, which would tell its contents.
func TestRowsKeepHiddenColumnsHidden(t *testing.T) {
	t.Parallel()
	_, ts := testServer(t, func(st *st.Ctx) {
		trips, _ := loadTrips.Get(context.Background(), 5000)
		city := st.Column("city")
		city.Hidden = true
		st.Dataframe(trips, st.ColumnConfig(city))
	})
	session, src := openTable(t, ts)
	base := session + "/" + src
	if status, a := getRows(t, ts, base+"?from=0&to=5"); status != 200 || a.Rows[0][1] != nil {
		t.Errorf("status %d, row %v: want the city left out", status, a.Rows[0])
	}
	for _, q := range []string{"?sort=1", "?filter=1:Oslo"} {
		if status, _ := getRows(t, ts, base+q); status != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400", q, status)
		}
	}
	if _, a := getRows(t, ts, base+"?q=Troms"); a.Total != 0 {
		t.Errorf("a search for a hidden city finds %d rows, want none", a.Total)
	}
}

// A table's rows are served while its page shows it, and under the app's
// base path only.
func TestRowsGoWithTheirTableAndKeepTheBasePath(t *testing.T) {
	t.Parallel()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	ts := httptest.NewServer(NewServer(func(st *st.Ctx) {
		if !st.Checkbox("Hide") {
			trips, _ := loadTrips.Get(context.Background(), 5000)
			st.Dataframe(trips)
		}
	}, Options{BaseURLPath: "tools/x"}, log))
	defer ts.Close()
	ws, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(ts.URL, "http")+"/tools/x/"+streamPath, http.Header{"Origin": {ts.URL}})
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	b := &browser{t, ws}
	session := b.hello("", nil).ID
	src := string(srcRE.FindSubmatch(b.until("done").raw)[1])
	path := rowsPath + session + "/" + src + "?from=0&to=1"
	status := func(url string) int {
		res, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if s := status(ts.URL + "/tools/x/" + path); s != 200 {
		t.Errorf("under the base path: %d", s)
	}
	if s := status(ts.URL + "/" + path); s != 404 {
		t.Errorf("outside the base path: %d, want 404", s)
	}
	for range 2 {
		b.send(map[string]any{"t": "rerun", "widgets": map[string]any{"checkbox:Hide": true}})
		b.until("done")
	}
	if s := status(ts.URL + "/tools/x/" + path); s != 404 {
		t.Errorf("two runs after the table went: %d, want 404", s)
	}
}
