package st

import (
	"fmt"
	"math"
	"slices"

	"github.com/gost-dev/gost/internal/script"
	"github.com/gost-dev/gost/internal/tree"
)

// Sidebar returns a Ctx that draws into the sidebar, like Streamlit's
// st.sidebar.
func (c *Ctx) Sidebar() *Ctx {
	c.run.Check()
	if c.run.InFragment() {
		// As in Streamlit: a fragment reruns alone, so it draws only into
		// its own part of the page.
		c.Exception(fmt.Errorf("st.Sidebar: a fragment draws only into its own container, not into the sidebar"))
		return &Ctx{run: c.run, block: &tree.Node{Kind: "block"}}
	}
	if c.sidebar != nil {
		return c.sidebar
	}
	return &Ctx{run: c.run, block: c.run.Block(tree.Sidebar)}
}

// Columns lays out side-by-side columns and returns one Ctx for each.
// Columns(3) makes three equal columns; Columns(1, 2) makes two, the second
// twice as wide, like st.columns([1, 2]).
func (c *Ctx) Columns(spec ...float64) []*Ctx {
	widths := spec
	if len(spec) == 1 {
		n := spec[0]
		if n < 1 || n != math.Trunc(n) {
			c.Exception(fmt.Errorf("st.Columns: a single argument is the number of columns, a whole number from 1, not %v", n))
			n = 1
		}
		widths = make([]float64, int(n))
		for i := range widths {
			widths[i] = 1
		}
	}
	// Encoded here rather than through c.add's interface, which would
	// move the app's widths (the arguments' array) to the heap.
	e := script.GetScratch()
	defer e.Release()
	var row *tree.Node
	if raw := (columnsProps{widths}).AppendJSON(e.Start()); raw != nil {
		row = c.run.AddContainer(c.block, "columns", "", raw)
	} else {
		row = c.add("columns", columnsProps{slices.Clone(widths)}) // node says what is wrong
	}
	return c.row(row, "column", len(widths))
}

// Tabs lays out tabs with the given labels and returns one Ctx for each.
// Every tab's content is drawn on every run; the browser shows one at a time.
func (c *Ctx) Tabs(labels ...string) []*Ctx {
	row := c.add("tabs", struct {
		Labels []string `json:"labels"`
	}{nonNil(labels)})
	return c.row(row, "tab", len(labels))
}

// row adds n containers of the given kind to row and returns a Ctx for
// each: their nodes, their Ctxs and the slice of them in one allocation
// (rowMemory), not two per container, as a row of columns is drawn on
// every rerun.
func (c *Ctx) row(row *tree.Node, kind string, n int) []*Ctx {
	cells, out := rowMemory(n)
	for i := range out {
		cell := &cells[i]
		cell.node.Kind = kind
		cell.ctx = c.inside(c.run.Add(row, &cell.node))
		out[i] = &cell.ctx
	}
	return out
}

// rowCell is one container of a row, and its Ctx.
type rowCell struct {
	node tree.Node
	ctx  Ctx
}

// rowMemory returns the cells of a row of n containers and the slice of
// their Ctxs to return: in one allocation for the rows apps mostly draw,
// of up to four.
func rowMemory(n int) ([]rowCell, []*Ctx) {
	switch n {
	case 1:
		m := new(struct {
			cells [1]rowCell
			out   [1]*Ctx
		})
		return m.cells[:], m.out[:]
	case 2:
		m := new(struct {
			cells [2]rowCell
			out   [2]*Ctx
		})
		return m.cells[:], m.out[:]
	case 3:
		m := new(struct {
			cells [3]rowCell
			out   [3]*Ctx
		})
		return m.cells[:], m.out[:]
	case 4:
		m := new(struct {
			cells [4]rowCell
			out   [4]*Ctx
		})
		return m.cells[:], m.out[:]
	}
	return make([]rowCell, n), make([]*Ctx, n)
}

var (
	container = element{"container", "st.Container", false, takes(optBorder)}
	expander  = element{"expander", "st.Expander", true, takes(optExpanded)}
	form      = element{"form", "st.Form", true, takes(optClearOnSubmit)}
)

// Container returns a Ctx that draws into a new container, which keeps its
// place on the page even when drawn into later. [Ctx.Border] draws a border.
// A container with a mistaken option is drawn all the same, so that what
// the app draws into it still shows.
func (c *Ctx) Container(opts ...Option) *Ctx {
	cfg, _ := c.check(container, "", opts)
	return c.in(c.add("container", struct {
		Border bool `json:"border,omitempty"`
	}{cfg.border}))
}

// Expander returns a Ctx that draws into a box the user can fold away. It
// starts folded unless [Ctx.Expanded](true). Its label is its identity: a
// different expander drawn in its place starts as its own Expanded says,
// while the same one keeps the open state the user gave it.
func (c *Ctx) Expander(label string, opts ...Option) *Ctx {
	cfg, _ := c.check(expander, label, opts)
	return c.in(c.run.Add(c.block, node(expander.kind, expander.kind+":"+label, struct {
		Label    string `json:"label"`
		Expanded bool   `json:"expanded,omitempty"`
	}{label, cfg.expanded != nil && *cfg.expanded})))
}

// Form returns a Ctx that draws into a form. Widgets in a form send their
// values only when the form's [Ctx.FormSubmitButton] is clicked, so the app
// reruns once for all of them.
//
// With [Ctx.ClearOnSubmit], the run the submit button starts gets the
// values sent, and then the form's widgets go back to their defaults, on
// the page and in later runs.
func (c *Ctx) Form(key string, opts ...Option) *Ctx {
	cfg, _ := c.check(form, key, opts)
	f := c.in(c.add("form", struct {
		Key           string `json:"key"`
		ClearOnSubmit bool   `json:"clear_on_submit,omitempty"`
	}{key, cfg.clearOnSubmit}))
	f.within = &enclosing{form: key, clear: cfg.clearOnSubmit, dialog: c.dialog()}
	return f
}
