package st

import (
	"github.com/gost-dev/gost/internal/script"
	"github.com/gost-dev/gost/internal/tree"
)

var (
	dialogElement = element{"dialog", "st.Dialog", true, takes(optKey, optDismissible, optOnDismiss, optWidth)}
	popover       = element{"popover", "st.Popover", true, takes(optHelp, optDisabled)}
)

// A Dialog is a modal window over the page, declared by [Ctx.Dialog]. Its
// methods open and close it from the app.
type Dialog struct {
	c           *Ctx
	id, title   string
	body        func(*Ctx)
	dismissible bool
	width       int
	parent      *tree.Node
	node        *tree.Node
	open        bool
}

// dialogOpen is a dialog's value as the app sets it (through [Dialog.Open]
// and [Dialog.Close]): a type of st's own, which no browser can send.
type dialogOpen bool

// Dialog declares a modal dialog with the given title whose content body
// draws, and returns it closed or open, as the session left it. Declare
// it on every run, where it belongs in the app, and open it from a button,
// as Streamlit's @st.dialog is opened by calling it. Its body is a func
// like App (inside App, where st is the Ctx, a func literal cannot name
// the type *st.Ctx):
//
//	func App(st *st.Ctx) {
//		vote := st.Dialog("Cast your vote", voteDialog)
//		if st.Button("Vote") {
//			vote.Open()
//		}
//	}
//
//	func voteDialog(st *st.Ctx) {
//		why := st.TextInput("Because…")
//		if st.Button("Submit") {
//			st.SessionState().Set("vote", why)
//			st.Rerun() // closes the dialog, as in Streamlit
//		}
//	}
//
// An open dialog stays open while the user works its widgets: each of
// their changes reruns the whole app (where Streamlit reruns only the
// dialog, a fragment), and the dialog, declared again, is drawn open
// again with what the user entered. It closes when the app calls
// [Dialog.Close] or [Ctx.Rerun] from inside it, when the user presses Esc,
// its × or the page behind it (the server learns it, so it stays closed
// in the runs that follow), or when a run does not declare it.
//
// Its title is its identity, or its [Ctx.Key]. [Ctx.Dismissible](false)
// leaves closing it to the app; [Ctx.OnDismiss] is called when the user
// closes it; [Ctx.Width] sets its width in CSS pixels (default 672, and
// never wider than the window; Streamlit's "large" is 750). body draws with the Ctx it is given,
// never with the Ctx of App, which would draw behind the dialog.
func (c *Ctx) Dialog(title string, body func(st *Ctx), opts ...Option) *Dialog {
	d := &Dialog{title: title, body: body, dismissible: true}
	cfg, ok := c.check(dialogElement, title, opts)
	if !ok {
		return d
	}
	d.dismissible, d.width = !cfg.notDismissible, cfg.width
	decode := func(v any) (any, bool) {
		switch x := v.(type) {
		case dialogOpen:
			return x, true
		case bool:
			// The page sends false when the user closes the dialog, and
			// nothing else: no browser opens a dialog, nor closes one
			// the app keeps open.
			if x {
				return nil, false
			}
			return dialogOpen(d.open && !d.dismissible), true
		}
		return nil, false
	}
	id, v, _, ok := c.widget(script.Widget{Kind: dialogElement.kind, Label: title, Default: dialogOpen(false), Decode: decode}, cfg)
	if !ok {
		return d
	}
	d.c, d.id, d.parent, d.open = c, id, c.block, bool(v.(dialogOpen))
	d.node = c.run.Add(c.block, d.makeNode())
	if d.open {
		d.draw()
	}
	return d
}

func (d *Dialog) makeNode() *tree.Node {
	return node(dialogElement.kind, d.id, struct {
		Title       string `json:"title"`
		Open        bool   `json:"open,omitempty"`
		Dismissible bool   `json:"dismissible"`
		Width       int    `json:"width,omitempty"`
	}{d.title, d.open, d.dismissible, d.width})
}

// draw runs the dialog's body into its node.
func (d *Dialog) draw() {
	if d.body == nil {
		return
	}
	inner := d.c.in(d.node)
	e := enclosing{dialog: d}
	if w := inner.within; w != nil {
		e.form, e.clear = w.form, w.clear
	}
	inner.within = &e
	d.body(inner)
}

// IsOpen reports whether the dialog is open.
func (d *Dialog) IsOpen() bool { return d.open }

// Open opens the dialog: it is drawn, open, in this run and those that
// follow until it is closed. Opening an open dialog does nothing. As a
// callback, st.Button("Vote", st.OnClick(vote.Open)), it opens the dialog
// in the run that follows the click.
func (d *Dialog) Open() { d.set(true) }

// Close closes the dialog in this run and those that follow. Closing a
// closed dialog does nothing.
func (d *Dialog) Close() { d.set(false) }

func (d *Dialog) set(open bool) {
	if d.c == nil || d.open == open {
		return
	}
	if !d.c.run.Done() { // a callback's run is over: the next one draws it
		d.c.run.Check()
	}
	d.open = open
	d.c.run.SetValue(d.id, dialogOpen(open))
	old := d.node
	d.node = d.makeNode()
	d.c.run.Replace(d.parent, old, d.node)
	if open && !d.c.run.Done() {
		d.draw()
	}
}

// Popover returns a Ctx that draws into a popover: a button labelled label
// that shows what is drawn into it in a panel over the page while it is
// open, like Streamlit's st.popover. Whether it is open is the page's:
// reruns keep it as the user left it. Options: [Ctx.Help],
// [Ctx.Disabled].
func (c *Ctx) Popover(label string, opts ...Option) *Ctx {
	cfg, _ := c.check(popover, label, opts)
	return c.in(c.run.Add(c.block, node(popover.kind, popover.kind+":"+label, struct {
		Label    string `json:"label"`
		Help     string `json:"help,omitempty"`
		Disabled bool   `json:"disabled,omitempty"`
	}{label, cfg.help, cfg.disabled})))
}
