package st_test

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/gost-dev/gost/st"
	"github.com/gost-dev/gost/sttest"
)

type order struct {
	ID    int       `json:"id"`
	Price float64   `json:"price"`
	Day   time.Time `json:"day"`
	URL   string    `json:"url"`
}

func orders(n int) []order {
	day := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	out := make([]order, n)
	for i := range out {
		out[i] = order{i, float64(i) / 4, day.AddDate(0, 0, i%30), fmt.Sprintf("https://example.com/%d", i)}
	}
	return out
}

func TestBigDataframeStaysOnTheServer(t *testing.T) {
	big := orders(100_000)
	app := sttest.Run(t, func(st *st.Ctx) { st.Dataframe(big) })
	df := app.All("dataframe")
	if len(df) != 1 {
		t.Fatalf("page %s, want one dataframe", app)
	}
	p := df[0].Props
	rows := p["rows"].([]any)
	if p["total"] != 100_000.0 || p["src"] == "" || p["src"] == nil || len(rows) == 0 || len(rows) > 100 {
		t.Errorf("total %v, src %v, %d rows sent; want 100000, an id and a screenful", p["total"], p["src"], len(rows))
	}
	if fmt.Sprint(p["types"]) != "[number number time text]" || fmt.Sprint(rows[1]) != "[1 0.25 2026-12-01 https://example.com/1]" {
		t.Errorf("types %v, row 1 %v", p["types"], rows[1])
	}
	if len(app.Last) > 20_000 {
		t.Errorf("the first page is %d bytes, want a screenful", len(app.Last))
	}
}

func TestSmallDataframeSendsEveryRow(t *testing.T) {
	app := sttest.Run(t, func(st *st.Ctx) { st.Dataframe(orders(1000)) })
	p := app.All("dataframe")[0].Props
	if p["total"] != nil || p["src"] != nil || len(p["rows"].([]any)) != 1000 {
		t.Errorf("total %v, src %v, %d rows; want every row and no source", p["total"], p["src"], len(p["rows"].([]any)))
	}
}

func TestDataframeSelection(t *testing.T) {
	data := orders(5)
	var got []st.Selection
	app := sttest.Run(t, func(st *st.Ctx) {
		sel := st.Dataframe(data, st.OnSelect("rerun"), st.SelectionMode("multi-row"))
		got = append(got, sel)
		st.Text(fmt.Sprint("selected ", sel.Rows))
	})
	df := app.All("dataframe")[0]
	if df.ID == "" || df.Props["selection"] != "multi-row" {
		t.Fatalf("dataframe %q props %v, want a widget that selects many rows", df.ID, df.Props)
	}
	app.Rerun(map[string]any{df.ID: []any{3.0, 1.0}}, "")
	if !app.Contains("selected [1 3]") || !reflect.DeepEqual(app.All("dataframe")[0].Props["selected"], []any{1.0, 3.0}) {
		t.Errorf("page %s, want rows 1 and 3 selected", app)
	}
	// The browser is not trusted: rows out of range, twice, or not whole
	// numbers are dropped and the selection goes back to none.
	for _, bad := range []any{[]any{5.0}, []any{-1.0}, []any{1.0, 1.0}, []any{1.5}, "1", []any{"1"}} {
		app.Rerun(map[string]any{df.ID: []any{2.0}}, "")
		app.Rerun(map[string]any{df.ID: bad}, "")
		if !app.Contains("selected []") {
			t.Errorf("after %#v: page %s, want nothing selected", bad, app)
		}
	}
}

func TestDataframeSingleRowSelection(t *testing.T) {
	calls := 0
	app := sttest.Run(t, func(st *st.Ctx) {
		sel := st.Dataframe(orders(5), st.OnSelect(func() { calls++ }), st.SelectionMode("single-row"), st.Key("pick"))
		st.Text(fmt.Sprint("selected ", sel.Rows))
	})
	id := app.All("dataframe")[0].ID
	app.Rerun(map[string]any{id: []any{2.0, 3.0}}, "")
	if !app.Contains("selected []") {
		t.Errorf("two rows in single-row mode: page %s, want none", app)
	}
	app.Rerun(map[string]any{id: []any{4.0}}, "")
	if !app.Contains("selected [4]") || calls != 1 {
		t.Errorf("page %s, %d callbacks; want row 4 and one call", app, calls)
	}
}

func TestDataframeColumnConfig(t *testing.T) {
	app := sttest.Run(t, func(st *st.Ctx) {
		price := st.NumberColumn("price", "$%.2f")
		price.Pinned, price.Width = true, "small"
		url := st.LinkColumn("url")
		url.Hidden = true
		st.Dataframe(orders(2), st.ColumnConfig(price, st.DateColumn("day", "Jan 2, 2006"), url))
	})
	p := app.All("dataframe")[0].Props
	config := p["config"].([]any)
	if fmt.Sprint(config[1]) != "map[format:$%.2f pinned:true type:number width:75]" || fmt.Sprint(config[3]) != "map[hidden:true type:link]" {
		t.Errorf("config %v", config)
	}
	if rows := p["rows"].([]any); fmt.Sprint(rows[1]) != "[1 0.25 Dec 1, 2026 <nil>]" {
		t.Errorf("row 1 %v, want the day in the layout, and the hidden url not sent", rows[1])
	}
}

func TestDataframeRefusesBadOptions(t *testing.T) {
	tests := []struct {
		name string
		opt  func(st *st.Ctx) st.Option
		want string
	}{
		{"unknown column", func(st *st.Ctx) st.Option { return st.ColumnConfig(st.Column("nope")) }, `no column "nope"`},
		{"bad type", func(st *st.Ctx) st.Option {
			c := st.Column("id")
			c.Type = "sparkline"
			return st.ColumnConfig(c)
		}, `Type "sparkline"`},
		{"bad format", func(st *st.Ctx) st.Option { return st.ColumnConfig(st.NumberColumn("id", "%x")) }, `verb %x`},
		{"two verbs", func(st *st.Ctx) st.Option { return st.ColumnConfig(st.NumberColumn("id", "%d %d")) }, `want one verb`},
		{"bad width", func(st *st.Ctx) st.Option {
			c := st.Column("id")
			c.Width = "huge"
			return st.ColumnConfig(c)
		}, `Width "huge"`},
		{"bad mode", func(st *st.Ctx) st.Option { return st.SelectionMode("cells") }, `SelectionMode("cells")`},
		{"bad callback", func(st *st.Ctx) st.Option { return st.OnSelect(42) }, `OnSelect`},
	}
	for _, test := range tests {
		app := sttest.Run(t, func(st *st.Ctx) {
			st.Dataframe(orders(2), test.opt(st))
			st.Text("still here")
		})
		ex := app.All("exception")
		if len(ex) != 1 || !strings.Contains(ex[0].Text(), test.want) || !strings.HasPrefix(ex[0].Text(), "st.Dataframe") || !app.Contains("still here") {
			t.Errorf("%s: page %s, want an exception saying %s", test.name, app, test.want)
		}
	}
}

// A Frame made in a CacheData loader is one for every caller: CacheData
// copies results, but not a Frame, which never changes.
func TestCacheDataSharesAFrame(t *testing.T) {
	load := st.CacheData(func(_ context.Context, n int) (*st.Frame, error) { return st.NewFrame(orders(n)) })
	a, err := load.Get(context.Background(), 2000)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := load.Get(context.Background(), 2000)
	if a != b || a.Len() != 2000 || fmt.Sprint(a.Columns()) != "[id price day url]" || a.Row(3)[0] != 3 {
		t.Errorf("two gets: same %v, %d rows, columns %v", a == b, a.Len(), a.Columns())
	}
	app := sttest.Run(t, func(st *st.Ctx) { st.Dataframe(a) })
	if p := app.All("dataframe")[0].Props; p["total"] != 2000.0 {
		t.Errorf("a Frame of 2000 rows shows total %v", p["total"])
	}
}

func TestBigDataframeOfValuesThatCannotBeSent(t *testing.T) {
	rows := make([]struct {
		N    int
		Done func()
	}, 5000)
	app := sttest.Run(t, func(st *st.Ctx) {
		st.Dataframe(rows)
		st.Text("still here")
	})
	ex := app.All("exception")
	if len(ex) != 1 || !strings.Contains(ex[0].Text(), `column "Done"`) || !strings.Contains(ex[0].Text(), "unsupported type") || !app.Contains("still here") {
		t.Errorf("page %s, want an error naming the column, and the run going on", app)
	}
}

// st.Table takes a Frame too, and shows every row of it, times as text.
func TestTableOfAFrame(t *testing.T) {
	f, err := st.NewFrame(orders(3))
	if err != nil {
		t.Fatal(err)
	}
	app := sttest.Run(t, func(st *st.Ctx) { st.Table(f) })
	p := app.All("table")[0].Props
	if got, want := fmt.Sprint(p["columns"], p["numeric"], p["rows"]), "[id price day url] [true true false false] [[0 0 2026-11-30 https://example.com/0] [1 0.25 2026-12-01 https://example.com/1] [2 0.5 2026-12-02 https://example.com/2]]"; got != want {
		t.Errorf("table of a Frame: %s\n want %s", got, want)
	}
}
