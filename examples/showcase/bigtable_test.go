package main

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gost-dev/gost/internal/browsertest"
	"github.com/gost-dev/gost/st"
)

// trip is a row of ten columns, the size issue 10 asks about.
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

const bigRows = 1_000_000

// fareOf spreads the fares 0.00 to 9999.99 over the rows, each once, out
// of order: 7919 is prime to 1,000,000.
func fareOf(i int) float64 { return float64((i*7919+13)%bigRows) / 100 }

// bigTrips is made once for every test, as a cache would load it for
// every session.
var bigTrips = sync.OnceValue(func() []trip {
	cities := []string{"Oslo", "Bergen", "Trondheim", "Stavanger", "Tromsø"}
	out := make([]trip, bigRows)
	for i := range out {
		out[i] = trip{i, cities[i%5], fareOf(i), float64(i%500) / 10, float64(i%20) / 4, i%3 != 0, 1 + i%4, fmt.Sprintf("V%03d", i%997), i % 263, float64(i%50) / 10}
	}
	return out
})

func bigTableApp(st *st.Ctx) {
	sel := st.Dataframe(bigTrips(), st.OnSelect("rerun"), st.ColumnConfig(st.NumberColumn("fare", "$%.2f")))
	st.Text(fmt.Sprintf("selected %v", sel.Rows))
}

// cells returns the texts of column css (a td selector) of the rows in view.
func cells(p *browsertest.Page, j int) []string {
	return browsertest.Eval[[]string](p, fmt.Sprintf(`[...document.querySelectorAll('.dataframe tbody tr:not(.df-loading)')].map((tr) => tr.children[%d].textContent)`, j))
}

// The columns in the page: the selection box, then id, city, fare, …
const idCol, fareCol = 1, 3

func TestMillionRowTableScrollsToItsEndAndSorts(t *testing.T) {
	t.Parallel()
	bigTrips()
	p, _ := open(t, bigTableApp)
	p.WaitFor("the first rows", `document.querySelector('.dataframe tbody tr[data-row="0"]') !== null`)
	if got := p.Text(".df-count"); got != "1,000,000 rows" {
		t.Errorf("the row count shows %q", got)
	}
	if got := cells(p, fareCol); len(got) < 5 || got[1] != fmt.Sprintf("$%.2f", fareOf(1)) {
		t.Errorf("fares in view %q, want them as $%%.2f", got)
	}
	// To the end: the last rows come from the server.
	p.Exec(`document.querySelector('.df-scroll').scrollTop = 1e9`)
	p.WaitFor("the last row", `document.querySelector('.dataframe tbody tr[data-row="999999"]') !== null`)
	if ids := cells(p, idCol); ids[len(ids)-1] != "999999" {
		t.Errorf("at the end the ids are %q, want the last 999999", ids)
	}
	// Sorted by fare, on the server: the cheapest first, wherever it is.
	p.Click("fare")
	p.WaitFor("the cheapest fare first", `document.querySelector('.dataframe tbody tr:not(.df-loading) td:nth-child(4)')?.textContent === "$0.00"`)
	if got := cells(p, fareCol); !slices.IsSortedFunc(got, func(a, b string) int { return len(a) - len(b) }) || got[1] != "$0.01" {
		t.Errorf("fares ascending %q", got)
	}
	p.Exec(`document.querySelector('.df-scroll').scrollTop = 1e9`)
	p.WaitFor("the dearest fare last", `[...document.querySelectorAll('.dataframe tbody tr:not(.df-loading)')].pop()?.children[3].textContent === "$9999.99"`)
	p.Click("fare ▲")
	p.WaitFor("descending", `document.querySelector('.dataframe tbody tr:not(.df-loading) td:nth-child(4)')?.textContent === "$9999.99"`)
}

func TestMillionRowTableFiltersAndSearchesOnTheServer(t *testing.T) {
	t.Parallel()
	bigTrips()
	p, _ := open(t, bigTableApp)
	p.WaitFor("the first rows", `document.querySelector('.dataframe tbody tr[data-row="0"]') !== null`)
	p.Click("Filter")
	p.Exec(`{ const i = document.querySelector('input[aria-label="Filter fare"]'); i.value = '< 1'; i.dispatchEvent(new Event('change')); }`)
	p.WaitFor("100 rows", `document.querySelector('.df-count').textContent === "100 of 1,000,000 rows"`)
	for _, f := range cells(p, fareCol) {
		if len(f) != len("$0.00") {
			t.Fatalf("a fare of %s passed the filter < 1", f)
		}
	}
	p.Exec(`{ const i = document.querySelector('.df-search'); i.value = 'tromsø'; i.dispatchEvent(new Event('input')); }`)
	p.WaitFor("the rows of Tromsø among them", `document.querySelector('.df-count').textContent === "20 of 1,000,000 rows"`)
	for _, c := range cells(p, 2) {
		if c != "Tromsø" {
			t.Fatalf("city %q passed a search for tromsø", c)
		}
	}
}

func TestSelectingRowsReachesTheApp(t *testing.T) {
	t.Parallel()
	bigTrips()
	p, _ := open(t, bigTableApp)
	p.WaitFor("the first rows", `document.querySelector('.dataframe tbody tr[data-row="2"]') !== null`)
	p.Exec(`document.querySelector('tr[data-row="2"] .df-select input').click()`)
	p.WaitText("selected [2]")
	// In the server's order, a row is still its index in the app's data.
	p.Click("fare")
	p.WaitFor("sorted", `document.querySelector('.dataframe tbody tr:not(.df-loading) td:nth-child(4)')?.textContent === "$0.00"`)
	cheapest := -1
	for i := range bigRows {
		if fareOf(i) == 0 {
			cheapest = i
			break
		}
	}
	p.Exec(`document.querySelector('.dataframe tbody tr:not(.df-loading) .df-select input').click()`)
	want := []int{2, cheapest}
	slices.Sort(want)
	p.WaitText(fmt.Sprintf("selected %v", want))
	if checked := browsertest.Eval[int](p, `document.querySelectorAll('.dataframe tbody tr.selected').length`); checked != 1 {
		t.Errorf("%d rows marked selected in view, want the one clicked", checked)
	}
}

// An untrusted page asking for rows past the end, or sorting by a column
// that is not there, gets an error, and the server goes on.
func TestRowsRouteRefusesBadRequests(t *testing.T) {
	t.Parallel()
	p, _ := open(t, bigTableApp)
	p.WaitFor("the first rows", `document.querySelector('.dataframe tbody tr[data-row="0"]') !== null`)
	statuses := browsertest.Eval[[]int](p, `(async () => {
		const src = [...document.querySelectorAll('[data-wid]')].map((e) => e.gost).find((w) => w?.props?.src)?.props.src;
		const base = '_gost/rows/' + sessionStorage.getItem('gost.session') + '/';
		const urls = [base + src + '?from=0&to=5', base + src + '?from=0&to=5000', base + src + '?sort=10',
			base + src + '?filter=99:x', base + src + '?from=-1', base + 'nope?from=0&to=5', '_gost/rows/nope/' + src];
		const out = [];
		for (const u of urls) out.push((await fetch(u)).status);
		return out;
	})()`)
	if fmt.Sprint(statuses) != "[200 400 400 400 400 404 404]" {
		t.Errorf("statuses %v, want a good window, four refusals and two unknown tables", statuses)
	}
}

type task struct {
	Name  string `json:"name"`
	Hours int    `json:"hours"`
	Done  bool   `json:"done"`
}

func editorApp(st *st.Ctx) {
	tasks := []task{{"write", 2, false}, {"test", 3, false}, {"ship", 1, false}}
	edited := st.DataEditor(tasks, st.NumRows("dynamic"))
	var rows []task
	if err := edited.Into(&rows); err != nil {
		st.Exception(err)
	}
	total, done := 0, 0
	for _, r := range rows {
		total += r.Hours
		if r.Done {
			done++
		}
	}
	st.Text(fmt.Sprintf("%d tasks, %d hours, %d done", len(rows), total, done))
}

func TestEditingACellReachesTheApp(t *testing.T) {
	t.Parallel()
	p, _ := open(t, editorApp)
	p.WaitText("3 tasks, 6 hours, 0 done")
	// A double click edits a cell; Enter sends the change.
	p.Exec(`document.querySelector('.data-editor tr[data-row="1"] td:nth-child(3)').dispatchEvent(new MouseEvent('dblclick', { bubbles: true }))`)
	p.WaitFor("the cell's input", `document.activeElement?.classList.contains('df-edit')`)
	p.Exec(`{ const i = document.activeElement; i.value = '10'; i.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' })); }`)
	p.WaitText("3 tasks, 13 hours, 0 done")
	// Only the change went to the server, as Streamlit's edited_rows.
	sent := p.Sent()
	last := fmt.Sprint(sent[len(sent)-1])
	if !strings.Contains(last, "edited_rows:map[1:map[hours:10]]") || strings.Contains(last, "write") {
		t.Errorf("the page sent %s, want only the edited cell", last)
	}
	// A checkbox cell toggles at once.
	p.Exec(`document.querySelector('.data-editor tr[data-row="0"] td:nth-child(4) input').click()`)
	p.WaitText("3 tasks, 13 hours, 1 done")
	// Rows are added and deleted.
	p.Click("+ Add row")
	p.WaitText("4 tasks, 13 hours, 1 done")
	p.Exec(`document.querySelector('.data-editor tr[data-row="2"] .df-select input').click()`)
	p.Click("Delete rows")
	p.WaitText("3 tasks, 12 hours, 1 done")
	if cells := browsertest.Eval[[]string](p, `[...document.querySelectorAll('.data-editor tbody tr')].map((tr) => tr.children[1].textContent)`); fmt.Sprint(cells) != "[write test ]" {
		t.Errorf("names in the editor %q, want ship deleted and an empty row added", cells)
	}
}

// TestMillionRowTableFigures measures what BENCHMARKS.md reports of a
// 1,000,000-row × 10-column table: navigation → first rows on screen, the
// bytes of the first screen, and scroll fetches (issue 10, point 7).
func TestMillionRowTableFigures(t *testing.T) {
	bigTrips()
	srv := browsertest.Serve(t, func(st *st.Ctx) {
		if st.Toggle("Show the table", st.Value(true)) {
			bigTableApp(st)
		}
	})
	p := browsertest.New(t)
	start := time.Now()
	p.Open(srv.URL)
	p.WaitFor("the first rows", `document.querySelector('.dataframe tbody tr[data-row="0"]') !== null`)
	first := time.Since(start)
	wsBytes := browsertest.Eval[int](p, `__bt.recvBytes`)
	nav := browsertest.Eval[float64](p, `(() => { const n = performance.getEntriesByType('navigation')[0]; return performance.now() - n.startTime; })()`)
	// Without the page's loading: the toggle's rerun → rows on screen.
	p.Check("Show the table")
	p.WaitFor("no table", `document.querySelector('.dataframe') === null`)
	before := browsertest.Eval[int](p, `__bt.recvBytes`)
	start = time.Now()
	p.Check("Show the table")
	p.WaitFor("the first rows again", `document.querySelector('.dataframe tbody tr[data-row="0"]') !== null`)
	toggled := time.Since(start)
	toggleBytes := browsertest.Eval[int](p, `__bt.recvBytes`) - before
	// Scroll jumps to places never fetched: each waits for its rows.
	jumps := browsertest.Eval[[]float64](p, `(async () => {
		const sc = document.querySelector('.df-scroll');
		const out = [];
		for (let k = 0; k < 40; k++) {
			sc.scrollTop = Math.floor(((k * 7919) % 9973) / 9973 * (sc.scrollHeight - sc.clientHeight)); // not on a block boundary
			// The rows of that place, loaded: the data's order, so a row's
			// index is its place.
			const target = Math.round(sc.scrollTop / (sc.scrollHeight - sc.clientHeight) * 1e6);
			const there = () => !document.querySelector('.dataframe tbody tr.df-loading') &&
				[...document.querySelectorAll('.dataframe tbody tr')].some((tr) => Math.abs(+tr.dataset.row - target) < 30);
			const t0 = performance.now();
			await new Promise((ok) => { const tick = () => (there() ? ok() : requestAnimationFrame(tick)); requestAnimationFrame(tick); });
			out.push(performance.now() - t0);
		}
		return out;
	})()`)
	fetches := browsertest.Eval[[]float64](p, `performance.getEntriesByType('resource').filter((e) => e.name.includes('_gost/rows')).map((e) => e.duration)`)
	sizes := browsertest.Eval[[]float64](p, `performance.getEntriesByType('resource').filter((e) => e.name.includes('_gost/rows')).map((e) => e.encodedBodySize)`)
	start = time.Now()
	p.Click("fare")
	p.WaitFor("sorted", `document.querySelector('.dataframe tbody tr:not(.df-loading) td:nth-child(4)')?.textContent === "$0.00"`)
	sorted := time.Since(start)
	start = time.Now()
	p.Click("fare ▲")
	p.WaitFor("descending", `document.querySelector('.dataframe tbody tr:not(.df-loading) td:nth-child(4)')?.textContent === "$9999.99"`)
	resorted := time.Since(start)
	med := func(xs []float64) float64 { xs = slices.Clone(xs); slices.Sort(xs); return xs[len(xs)/2] }
	t.Logf("open → first rows: %v (the page's own clock from navigation: %.0f ms); websocket bytes for the first screen: %d", first.Round(time.Millisecond), nav, wsBytes)
	t.Logf("toggle → first rows (server run, websocket, render; no page load): %v, %d bytes", toggled.Round(time.Millisecond), toggleBytes)
	t.Logf("scroll jump → rows painted: p50 %.1f ms, max %.1f ms over %d jumps; row fetches: %d, p50 %.1f ms, %.0f bytes each (p50)",
		med(jumps), slices.Max(jumps), len(jumps), len(fetches), med(fetches), med(sizes))
	t.Logf("sort by fare (first sort of the column on the server) → painted: %v; descending (sort cached) → painted: %v", sorted.Round(time.Millisecond), resorted.Round(time.Millisecond))
	if wsBytes > 64<<10 || len(fetches) < 40 {
		t.Errorf("first screen %d bytes on the websocket, %d row fetches for 40 jumps; want a screenful and a fetch per jump", wsBytes, len(fetches))
	}
}

// The header's box selects every row shown, as Streamlit's does
// (test_multi_row_select_all_at_once), and a filtered table's only.
func TestSelectAllRows(t *testing.T) {
	t.Parallel()
	p, _ := open(t, func(st *st.Ctx) {
		sel := st.Dataframe(cities, st.OnSelect("rerun"))
		st.Text(fmt.Sprintf("selected %v", sel.Rows))
	})
	p.Exec(`document.querySelector('input[aria-label="Select all rows"]').click()`)
	p.WaitText("selected [0 1 2]")
	p.Exec(`document.querySelector('input[aria-label="Select all rows"]').click()`)
	p.WaitText("selected []")
	p.Exec(`{ const i = document.querySelector('.df-search'); i.value = 'o'; i.dispatchEvent(new Event('input')); }`)
	p.WaitFor("two rows", `document.querySelectorAll('.dataframe tbody tr').length === 2`)
	p.Exec(`document.querySelector('input[aria-label="Select all rows"]').click()`)
	p.WaitText("selected [0 2]")
}

type product struct {
	SKU    string    `json:"sku"`
	Price  float64   `json:"price"`
	Stock  float64   `json:"stock"`
	Site   string    `json:"site"`
	Photo  string    `json:"photo"`
	Active bool      `json:"active"`
	Added  time.Time `json:"added"`
	Secret string    `json:"secret"`
}

// Column options as Streamlit's column_config: formats, a progress bar, a
// link, an image, a checkbox, a hidden column, a width, a pinned column and
// labels.
func TestColumnConfigShows(t *testing.T) {
	t.Parallel()
	dot := "data:image/gif;base64,R0lGODlhAQABAAAAACw="
	p, _ := open(t, func(st *st.Ctx) {
		sku := st.Column("sku")
		sku.Pinned, sku.Width, sku.Label = true, "small", "SKU"
		secret := st.Column("secret")
		secret.Hidden = true
		st.Dataframe([]product{
			{"A-1", 1234.5, 0.25, "https://example.com/a", dot, true, time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), "hunter2"},
			{"B-2", 3, 1, "javascript:alert(1)", "javascript:x", false, time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC), "swordfish"},
		}, st.ColumnConfig(sku, secret, st.NumberColumn("price", "$%,.2f"), st.ProgressColumn("stock", "percent", 0, 1),
			st.LinkColumn("site"), st.ImageColumn("photo"), st.CheckboxColumn("active"), st.DateColumn("added", "Jan 2, 2006")))
	})
	p.WaitFor("the table", `document.querySelector('.dataframe tbody tr') !== null`)
	heads := browsertest.Eval[[]string](p, `[...document.querySelectorAll('.dataframe thead tr:first-child th')].map((th) => th.textContent)`)
	if fmt.Sprint(heads) != "[SKU price stock site photo active added]" {
		t.Errorf("headers %q: want SKU first (pinned), labelled, and no secret", heads)
	}
	if html := browsertest.Eval[string](p, `document.querySelector('.dataframe').innerHTML`); strings.Contains(html, "hunter2") {
		t.Error("the hidden column's cells are in the page")
	}
	row := browsertest.Eval[map[string]any](p, `(() => {
		const [a, b] = document.querySelectorAll('.dataframe tbody tr');
		return {
			price: a.children[1].textContent,
			fill: a.querySelector('.df-bar-fill').style.width,
			stock: a.children[2].textContent,
			href: a.querySelector('a')?.href, target: a.querySelector('a')?.target,
			badHref: b.querySelector('a') === null, badText: b.children[3].textContent,
			img: a.querySelector('img')?.src.slice(0, 14), badImg: b.querySelector('img') === null,
			active: a.children[5].querySelector('input').checked, inactive: b.children[5].querySelector('input').checked,
			added: a.children[6].textContent,
			pinned: a.children[0].classList.contains('pinned'), width: document.querySelector('.dataframe th').style.width,
		};
	})()`)
	want := map[string]any{"price": "$1,234.50", "fill": "25%", "stock": "25%", "href": "https://example.com/a", "target": "_blank",
		"badHref": true, "badText": "javascript:alert(1)", "img": "data:image/gif", "badImg": true, "active": true, "inactive": false,
		"added": "Nov 30, 2026", "pinned": true, "width": "75px"}
	for k, v := range want {
		if row[k] != v {
			t.Errorf("%s = %#v, want %#v", k, row[k], v)
		}
	}
}
