package st

import (
	"fmt"

	"github.com/gost-dev/gost/internal/script"
	"github.com/gost-dev/gost/internal/tree"
)

// Ctx is what App draws with. It stands for one run of App in one session,
// and for one place on the page: the main area, the sidebar, a column, a tab,
// an expander or a form. Container methods such as [Ctx.Sidebar] and
// [Ctx.Columns] return a Ctx that draws into that container.
//
// A Ctx is only valid in the run it was made for, on the goroutine that runs
// App. Callbacks made from its methods (st.OnClick(st.Login)) may use it:
// what they draw appears at the top of the next run.
//
// A run makes a Ctx for the page, and one for each column: it is 32
// bytes, and what few hold (a form, a dialog) is behind a pointer.
type Ctx struct {
	run   *script.Run
	block *tree.Node
	// within is the form and the dialog this Ctx draws in; nil for none.
	within *enclosing
	// sidebar is the sidebar's Ctx, made with the page's (bind): a page
	// mostly has one, and one allocation makes both. nil for the others.
	sidebar *Ctx
}

// enclosing is what a Ctx draws in besides its container.
type enclosing struct {
	form  string // key of the enclosing form, if any
	clear bool   // the enclosing form clears on submit
	// dialog is the dialog this Ctx draws in, if any: st.Rerun closes it.
	dialog *Dialog
}

// formKey is the key of the form c draws in; "" for none.
func (c *Ctx) formKey() string {
	if c.within == nil {
		return ""
	}
	return c.within.form
}

// clearsOnSubmit reports whether the form c draws in clears on submit.
func (c *Ctx) clearsOnSubmit() bool { return c.within != nil && c.within.clear }

// dialog is the dialog c draws in; nil for none.
func (c *Ctx) dialog() *Dialog {
	if c.within == nil {
		return nil
	}
	return c.within.dialog
}

// in returns a Ctx drawing into block.
func (c *Ctx) in(block *tree.Node) *Ctx {
	in := c.inside(block)
	return &in
}

// inside is the Ctx drawing into block, in this Ctx's form and dialog.
func (c *Ctx) inside(block *tree.Node) Ctx {
	return Ctx{run: c.run, block: block, within: c.within}
}

// MaxElementSize bounds the data of one element: its props, as JSON. A
// larger element, such as a table of a million rows, shows as an error in
// its place: every tab would have to be sent it, and read it, on every
// change.
const MaxElementSize = 8 << 20

// add puts an element into this Ctx's container.
func (c *Ctx) add(kind string, props any) *tree.Node {
	return c.run.Add(c.block, node(kind, "", props))
}

// node makes an element, or an error in its place when its data cannot be
// encoded or is too large to send.
func node(kind, id string, props any) *tree.Node {
	if props == nil { // an element without props, a divider: "p" is left out
		return &tree.Node{Kind: kind, ID: id}
	}
	raw, err := script.Encode(props)
	if err != nil {
		return script.ErrorNode(fmt.Errorf("%s: %w", callName(kind), err))
	}
	if len(raw) > MaxElementSize {
		return script.ErrorNode(fmt.Errorf("%s: this %s holds %.1f MiB of data, more than gost sends for one element (%d MiB): show fewer rows or points, or aggregate them",
			callName(kind), kind, float64(len(raw))/(1<<20), MaxElementSize>>20))
	}
	return &tree.Node{Kind: kind, ID: id, Props: raw}
}

// leaf puts an element that holds no others (a text, a widget) into this
// Ctx's container: the same node as the last page's, if that has the same
// element at the same place (script's reuse.go), else a new one. Nothing
// must be added to what it returns, so it returns nothing.
func (c *Ctx) leaf(kind, id string, props any) {
	raw, e, err := script.EncodeScratch(props)
	defer e.Release()
	if err != nil || len(raw) > MaxElementSize {
		c.run.Add(c.block, node(kind, id, props)) // node says what is wrong
		return
	}
	c.run.AddLeaf(c.block, kind, id, raw)
}

// leafOf is leaf for props that encode themselves, without putting them in
// an interface, which costs an allocation an element.
func leafOf[P script.Appender](c *Ctx, kind, id string, props P) {
	e := script.GetScratch()
	defer e.Release()
	raw := props.AppendJSON(e.Start())
	if raw == nil || len(raw) > MaxElementSize {
		c.run.Add(c.block, node(kind, id, props)) // node says what is wrong
		return
	}
	c.run.AddLeaf(c.block, kind, id, e.Keep(raw))
}

// leafWith is leafOf for props that hold a slice of the app's (a
// choice's options): encode is the props' AppendJSON, and detached makes
// props that share nothing with the app's arguments, for node when encode
// fails. It keeps neither, so the app's slice stays in the app's frame:
// leafOf, whose call of AppendJSON through the generic dictionary the
// compiler cannot see through, moves props, and what they point to, to
// the heap.
func leafWith(c *Ctx, kind, id string, encode func([]byte) []byte, detached func() any) {
	e := script.GetScratch()
	defer e.Release()
	raw := encode(e.Start())
	if raw == nil || len(raw) > MaxElementSize {
		c.run.Add(c.block, node(kind, id, detached())) // node says what is wrong
		return
	}
	c.run.AddLeaf(c.block, kind, id, e.Keep(raw))
}

// The engine runs an app through the binder st registers: an app's entry
// point is a func(*Ctx), a type the engine, which st imports, cannot name.
func init() {
	script.SetBinder(func(fn any) script.App {
		app := fn.(func(*Ctx))
		return func(r *script.Run) { app(bind(r)) }
	})
}

// page is what bind allocates: the Ctxs of a run's page and sidebar.
type page struct{ main, sidebar Ctx }

// bind returns the Ctx of run r's page, made with its sidebar's in one
// allocation.
func bind(r *script.Run) *Ctx {
	p := &page{
		main:    Ctx{run: r, block: r.Block(tree.Main)},
		sidebar: Ctx{run: r, block: r.Block(tree.Sidebar)},
	}
	p.main.sidebar = &p.sidebar
	return &p.main
}
