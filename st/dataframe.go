package st

import (
	"fmt"
	"slices"
	"strings"

	"github.com/gost-dev/gost/internal/script"
	"github.com/gost-dev/gost/internal/table"
)

// InlineRows is how many rows a [Ctx.Dataframe] sends with the page. A
// table of more stays on the server, and the page reads the rows it
// scrolls to, sorted, filtered and searched by the server.
const InlineRows = 1000

// firstRows is how many rows of a big table come with the page: a screen
// and some, so the first scroll needs no request.
const firstRows = 60

// Selection is what the user selected in a [Ctx.Dataframe] with
// [Ctx.OnSelect] (Streamlit's event.selection).
type Selection struct {
	// Rows are the indices of the rows selected, in the data as given
	// (whatever order the page shows), in increasing order.
	Rows []int
}

// Dataframe draws data as an interactive table: the user sorts it by
// clicking a column's header, filters and searches it, and it scrolls
// within a bounded height. data takes the shapes of [Ctx.Table], a
// *sql.Rows (read to the end and closed), or a [Frame].
//
// A table of up to [InlineRows] rows is sent with the page. A bigger one,
// of any size, stays on the server: the page shows a window of it and asks
// for the rows it scrolls to, and sorting, filters and search run on the
// server. The server reads the data where it is, without copying it, and
// every session showing the same slice or map shares it: a million rows
// loaded once with [CacheResource], or made a [Frame] in a [CacheData]
// loader, are held once for every session. Such data must not change once
// shown; show a changed copy instead. ([CacheData] of a plain slice hands
// each run a copy: every session then holds its own, and the page reads
// its rows again after each rerun.)
//
// With [Ctx.OnSelect] the user selects rows, single or several
// ([Ctx.SelectionMode]), and Dataframe returns them. Options:
// [Ctx.ColumnConfig], [Ctx.OnSelect], [Ctx.SelectionMode], [Ctx.Width]
// (in CSS pixels, never wider than its column; without it as wide as its
// column), [Ctx.Key], [Ctx.Help].
//
//	sel := st.Dataframe(orders, st.OnSelect("rerun"), st.SelectionMode("single-row"))
//	if len(sel.Rows) == 1 {
//		st.Write(orders[sel.Rows[0]])
//	}
func (c *Ctx) Dataframe(data any, opts ...Option) Selection {
	cfg, ok := c.check(dataframe, "", opts)
	if !ok {
		return Selection{}
	}
	if cfg.width < 0 {
		c.fail(dataframe, "", fmt.Errorf("Width(%d): want 0 (as wide as its column) or more", cfg.width))
		return Selection{}
	}
	switch cfg.table.mode {
	case "", "multi-row", "single-row":
	default:
		c.fail(dataframe, "", fmt.Errorf("SelectionMode(%q): want \"multi-row\" or \"single-row\"", cfg.table.mode))
		return Selection{}
	}
	data, err := rowsData(data)
	if err != nil {
		c.fail(dataframe, "", err)
		return Selection{}
	}
	props, f, err := c.frameProps(data, cfg, InlineRows)
	if err != nil {
		c.fail(dataframe, "", err)
		return Selection{}
	}
	if !cfg.table.selectable {
		c.add(dataframe.kind, props)
		return Selection{}
	}
	props.Selection = cfg.table.mode
	if props.Selection == "" {
		props.Selection = "multi-row"
	}
	n := f.Len()
	id, value, _, ok := c.widget(script.Widget{
		Kind:    dataframe.kind,
		Label:   strings.Join(f.Columns, ","),
		Default: []int{},
		Decode:  asRows(n, props.Selection == "single-row"),
	}, cfg)
	if !ok {
		return Selection{}
	}
	rows := value.([]int)
	props.Selected = rows
	c.draw(dataframe.kind, id, props)
	return Selection{Rows: slices.Clone(rows)}
}

// frameProps are a dataframe's or data editor's props.
type frameProps struct {
	Columns []string      `json:"columns"`
	Rows    [][]any       `json:"rows"`
	Numeric []bool        `json:"numeric"` // right-aligned, sorted as numbers
	Types   []table.Kind  `json:"types"`
	Config  []columnProps `json:"config,omitempty"`
	Width   int           `json:"width,omitempty"`
	Help    string        `json:"help,omitempty"`
	// A big table: Total rows, read from Src (runtime/rows.go) by window.
	Total int    `json:"total,omitempty"`
	Src   string `json:"src,omitempty"`
	// Selection is "multi-row" or "single-row" when the user may select;
	// Selected are the rows selected.
	Selection string `json:"selection,omitempty"`
	Selected  []int  `json:"selected,omitempty"`
}

// frameProps reads data for a dataframe: every row when there are at most
// inline, else the first rows and the table's id for the page to read the
// rest by.
func (c *Ctx) frameProps(data any, cfg *config, inline int) (frameProps, *table.Frame, error) {
	n := table.Rows(data)
	var f *table.Frame
	var err error
	if n > inline {
		f, err = table.Shared(data)
	} else {
		f, err = table.NewFrame(data)
	}
	if err != nil {
		return frameProps{}, nil, err
	}
	p := frameProps{Columns: f.Columns, Types: f.Kinds, Numeric: make([]bool, len(f.Columns)), Width: cfg.width, Help: cfg.help}
	if p.Columns == nil {
		p.Columns, p.Types = []string{}, []table.Kind{}
	}
	for j, k := range f.Kinds {
		p.Numeric[j] = k == table.Number
	}
	config, layouts, err := cfg.table.props(p.Columns, f.Kinds)
	if err != nil {
		return frameProps{}, nil, err
	}
	p.Config = config
	var hidden []bool
	for j, c := range config {
		if c.Hidden {
			if hidden == nil {
				hidden = make([]bool, len(config))
			}
			hidden[j] = true
		}
	}
	shown := &table.Shown{Frame: f, Layouts: layouts, Hidden: hidden}
	window := f.Len()
	if f.Len() > inline {
		if err := f.CheckCells(firstRows); err != nil {
			return frameProps{}, nil, err
		}
		window = firstRows
		key := struct {
			f       *table.Frame
			layouts string
			hidden  string
		}{f, strings.Join(layouts, "\x00"), fmt.Sprint(hidden)}
		p.Total = f.Len()
		p.Src = c.run.Tables().Put(key, shown)
	}
	_, _, p.Rows = f.Window(table.Query{Sort: -1}, 0, window)
	shown.Show(p.Rows)
	return p, f, nil
}

// asRows reads a selection of rows: indices from 0 to n-1, once each, at
// most one when single. The page sends numbers; the session state holds
// a []int.
func asRows(n int, single bool) func(any) (any, bool) {
	return func(v any) (any, bool) {
		var rows []int
		switch v := v.(type) {
		case []int:
			rows = slices.Clone(v)
		case []any:
			for _, x := range v {
				f, ok := x.(float64)
				if !ok || f != float64(int(f)) {
					return nil, false
				}
				rows = append(rows, int(f))
			}
		default:
			return nil, false
		}
		if single && len(rows) > 1 {
			return nil, false
		}
		slices.Sort(rows)
		for k, i := range rows {
			if i < 0 || i >= n || k > 0 && rows[k-1] == i {
				return nil, false
			}
		}
		if rows == nil {
			rows = []int{}
		}
		return rows, true
	}
}
