package st_test

import (
	"testing"

	"github.com/gost-dev/gost/st"
	"github.com/gost-dev/gost/sttest"
)

func TestSpinnerIsHiddenOnceItsWorkIsDone(t *testing.T) {
	ran := false
	app := sttest.Run(t, func(st *st.Ctx) {
		st.Spinner("Loading…", func() {
			ran = true
			st.Text("loaded")
		})
		st.Text("after")
	})
	main := app.Page.Children[0].Children
	if !ran || len(main) != 3 || main[0].Kind != "spinner" || main[1].Text() != "loaded" || main[2].Text() != "after" {
		t.Fatalf("page %v, want the spinner, what its work drew, then the rest", app)
	}
	if main[0].Props["text"] != "Loading…" || main[0].Props["done"] != true {
		t.Errorf("spinner props %v, want its text and done", main[0].Props)
	}
}

func TestSpinnerStopsWhenItsWorkPanics(t *testing.T) {
	app := sttest.Run(t, func(st *st.Ctx) {
		st.Spinner("Loading…", func() { panic("no database") })
	})
	s := app.All("spinner")
	if len(s) != 1 || s[0].Props["done"] != true || len(app.All("exception")) != 1 {
		t.Errorf("page %v, want a stopped spinner and the panic", app)
	}
}
