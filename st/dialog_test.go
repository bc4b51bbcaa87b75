package st_test

import (
	"testing"

	"github.com/gost-dev/gost/st"
	gost "github.com/gost-dev/gost/st"
	"github.com/gost-dev/gost/sttest"
)

// voteApp is Streamlit's dialog pattern: a button opens it, its widgets
// rerun without closing it, its Submit stores the vote and reruns, which
// closes it (e2e_playwright/st_dialog.py).
func voteApp(dismissible bool) func(st *st.Ctx) {
	return func(st *st.Ctx) {
		vote := st.Dialog("Cast your vote", func(st *gost.Ctx) {
			why := st.TextInput("Because")
			st.Text("typed: " + why)
			if st.Button("Submit") {
				st.SessionState().Set("vote", why)
				st.Rerun()
			}
		}, st.Dismissible(dismissible))
		if st.Button("Vote") {
			vote.Open()
		}
		st.Text("vote: " + st.SessionState().String("vote"))
	}
}

func dialogOpen(app *sttest.App) bool {
	d := app.All("dialog")
	return len(d) == 1 && d[0].Props["open"] == true
}

func TestDialogOpensStaysOpenAndClosesOnRerun(t *testing.T) {
	app := sttest.Run(t, voteApp(true))
	if dialogOpen(app) || app.Contains("typed:") {
		t.Fatalf("the dialog is open before the button: %s", app)
	}
	app.Click("Vote")
	if !dialogOpen(app) || !app.Contains("typed: ") {
		t.Fatalf("after Vote the dialog is not open with its content: %s", app)
	}
	app.Set("text_input", "Because", "tabs")
	if !dialogOpen(app) || !app.Contains("typed: tabs") {
		t.Fatalf("a widget of the dialog closed it: %s", app)
	}
	app.Click("Submit")
	if dialogOpen(app) || app.Contains("typed:") || !app.Contains("vote: tabs") {
		t.Fatalf("Submit and st.Rerun did not close the dialog with the vote stored: %s", app)
	}
	app.Rerun(nil, "")
	if dialogOpen(app) {
		t.Fatalf("the dialog opened again on a later run: %s", app)
	}
}

// TestDialogClosedByTheUserStaysClosed: the page sends false when the user
// presses Esc or ×; the server keeps it closed. A page cannot open one.
func TestDialogClosedByTheUserStaysClosed(t *testing.T) {
	app := sttest.Run(t, voteApp(true))
	id := app.All("dialog")[0].ID
	app.Rerun(map[string]any{id: true}, "")
	if dialogOpen(app) {
		t.Fatalf("a page opened the dialog by sending true: %s", app)
	}
	app.Click("Vote")
	app.Rerun(map[string]any{id: false}, "")
	if dialogOpen(app) {
		t.Fatalf("closed by the user, the dialog is still open: %s", app)
	}
	app.Rerun(nil, "")
	if dialogOpen(app) {
		t.Fatalf("closed by the user, the dialog opened again: %s", app)
	}
}

func TestDialogNotDismissibleIgnoresThePage(t *testing.T) {
	app := sttest.Run(t, voteApp(false))
	app.Click("Vote")
	d := app.All("dialog")[0]
	if d.Props["dismissible"] != false {
		t.Errorf("props %v, want dismissible false", d.Props)
	}
	app.Rerun(map[string]any{d.ID: false}, "")
	if !dialogOpen(app) {
		t.Fatalf("the page closed a dialog that is not dismissible: %s", app)
	}
	app.Click("Submit")
	if dialogOpen(app) {
		t.Fatalf("the app could not close it: %s", app)
	}
}

// TestDialogCloseAndKey: Close from the app, and a Key as identity.
func TestDialogCloseAndKey(t *testing.T) {
	var open bool
	app := sttest.Run(t, func(st *st.Ctx) {
		d := st.Dialog("Settings", func(st *gost.Ctx) { st.Text("inside") }, st.Key("settings"))
		if st.Button("Open") {
			d.Open()
		}
		if st.Button("Close") {
			d.Close()
		}
		open = d.IsOpen()
	})
	app.Click("Open")
	if !open || !app.Contains("inside") {
		t.Fatalf("not open: %s", app)
	}
	app.Click("Close")
	if open || app.Contains("inside") || dialogOpen(app) {
		t.Fatalf("Close left it open: %s", app)
	}
}

func TestPopoverHoldsItsContent(t *testing.T) {
	app := sttest.Run(t, func(st *st.Ctx) {
		p := st.Popover("Filters", st.Help("narrow the list"))
		st.Text("outside")
		p.Checkbox("Only mine")
	})
	pop := app.All("popover")
	if len(pop) != 1 || pop[0].Props["label"] != "Filters" || len(pop[0].Children) != 1 || pop[0].Children[0].Kind != "checkbox" {
		t.Fatalf("page %s: want a popover holding the checkbox", app)
	}
}

// TestDialogOpensFromACallback: Open as a button's OnClick opens it in the
// run the click starts.
func TestDialogOpensFromACallback(t *testing.T) {
	app := sttest.Run(t, func(st *st.Ctx) {
		d := st.Dialog("Help", func(st *gost.Ctx) { st.Text("inside") })
		st.Button("Open", st.OnClick(d.Open))
	})
	app.Click("Open")
	d := app.All("dialog")
	if !dialogOpen(app) || len(d[0].Children) != 1 || d[0].Children[0].Text() != "inside" || len(app.All("text")) != 1 {
		t.Fatalf("OnClick(d.Open) did not open it with its content, once: %s", app)
	}
}

// TestDialogOnDismiss: the callback runs when the user closes the dialog,
// not when the app does (st_dialog.py's on_dismiss callback).
func TestDialogOnDismiss(t *testing.T) {
	dismissed := 0
	app := sttest.Run(t, func(st *st.Ctx) {
		d := st.Dialog("Note", func(st *gost.Ctx) {
			if st.Button("Done") {
				st.Rerun()
			}
		}, st.OnDismiss(func() { dismissed++ }))
		if st.Button("Open") {
			d.Open()
		}
	})
	app.Click("Open")
	app.Rerun(map[string]any{app.All("dialog")[0].ID: false}, "")
	if dismissed != 1 || dialogOpen(app) {
		t.Fatalf("after Esc: dismissed %d times, open %v; want 1, closed", dismissed, dialogOpen(app))
	}
	app.Click("Open")
	app.Click("Done")
	if dismissed != 1 || dialogOpen(app) {
		t.Errorf("closed by the app: dismissed %d times, want still 1", dismissed)
	}
}
