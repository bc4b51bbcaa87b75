package main

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp/kb"

	"github.com/gost-dev/gost/internal/browsertest"
	"github.com/gost-dev/gost/st"
)

// voteApp opens a dialog from a button, as Streamlit's st_dialog e2e app
// does; the dialog's Submit stores the vote and reruns, which closes it.
func voteApp(st *st.Ctx) {
	vote := st.Dialog("Cast your vote", voteDialog)
	if st.Button("Vote") {
		vote.Open()
	}
	st.Text("vote: " + st.SessionState().String("vote"))
}

func voteDialog(st *st.Ctx) {
	why := st.TextInput("Because")
	st.Text("typed: " + why)
	if st.Button("Submit") {
		st.SessionState().Set("vote", why)
		st.Rerun()
	}
}

const dialogShown = `document.querySelector('dialog.dialog')?.open && document.querySelector('dialog.dialog').matches(':modal')`

// TestDialogOpensKeepsItsWidgetsAndCloses: the dialog is modal, its
// widgets rerun the app without closing it, Submit closes it, and Esc
// closes it for good.
func TestDialogOpensKeepsItsWidgetsAndCloses(t *testing.T) {
	t.Parallel()
	p, _ := open(t, voteApp)
	p.WaitText("vote: ")
	if browsertest.Eval[bool](p, `!!(`+dialogShown+`)`) {
		t.Fatal("the dialog shows before the button is clicked")
	}
	p.Click("Vote")
	p.WaitFor("the dialog to show, modal", dialogShown)
	p.Fill("Because", "tabs\n")
	p.WaitTextIn("dialog.dialog", "typed: tabs")
	p.WaitIdle()
	if !browsertest.Eval[bool](p, `!!(`+dialogShown+`)`) {
		t.Fatal("a widget of the dialog closed it")
	}
	p.Click("Submit")
	p.WaitText("vote: tabs")
	p.WaitFor("the dialog to close", `!document.querySelector('dialog.dialog')?.open`)

	// Opened again, and closed by the user with Esc: the server learns it,
	// and the next run leaves it closed.
	p.Click("Vote")
	p.WaitFor("the dialog to show again", dialogShown)
	p.Keys(kb.Escape)
	p.WaitFor("Esc to close the dialog", `!document.querySelector('dialog.dialog')?.open`)
	p.WaitIdle()
	sent := p.Sent()
	last := sent[len(sent)-1]
	if w, _ := last["widgets"].(map[string]any); len(w) != 1 || w["dialog:Cast your vote"] != false {
		t.Errorf("Esc sent %v, want the dialog closed (false)", last)
	}
	p.Click("Vote") // a rerun that opens it proves it was closed, not hidden
	p.WaitFor("the dialog to open after being closed", dialogShown)
}

// TestDialogWidth: st.Width sets a dialog's width, within the window.
func TestDialogWidth(t *testing.T) {
	t.Parallel()
	p, _ := open(t, func(st *st.Ctx) {
		st.Dialog("Wide", voteDialog, st.Width(500)).Open()
	})
	p.WaitFor("the dialog to show", dialogShown)
	if w := browsertest.Eval[float64](p, `document.querySelector('dialog.dialog').getBoundingClientRect().width`); w != 500 {
		t.Errorf("the dialog is %vpx wide, want 500", w)
	}
}

// TestPopoverOpensAndKeepsItsState: the popover shows its content when
// clicked, stays open while its widgets rerun the app, and closes on a
// click elsewhere.
func TestPopoverOpensAndKeepsItsState(t *testing.T) {
	t.Parallel()
	p, _ := open(t, func(st *st.Ctx) {
		pop := st.Popover("Filters")
		mine := pop.Checkbox("Only mine")
		st.Text(fmt.Sprintf("only mine: %v", mine))
	})
	p.WaitText("only mine: false")
	if p.HasText("Only mine") {
		t.Fatal("the popover's content shows before it is opened")
	}
	p.Click("Filters")
	p.WaitText("Only mine")
	p.Check("Only mine")
	p.WaitText("only mine: true")
	if !browsertest.Eval[bool](p, `document.querySelector('details.popover').open`) {
		t.Error("a rerun closed the popover")
	}
	p.Exec(`document.querySelector('main').dispatchEvent(new MouseEvent('click', {bubbles: true}))`)
	p.WaitNoText("Only mine")
}
