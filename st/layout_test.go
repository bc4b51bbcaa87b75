package st_test

import (
	"testing"

	"github.com/gost-dev/gost/st"
	"github.com/gost-dev/gost/sttest"
)

// TestExpanderIdentity: an expander's label is its identity, so that the
// browser makes a new one, starting from its own Expanded, when another is
// drawn in its place, and keeps the same one's open state across runs.
func TestExpanderIdentity(t *testing.T) {
	app := sttest.Run(t, func(st *st.Ctx) {
		label := "First"
		if st.SessionState().Bool("swap") {
			label = "Second"
		}
		st.Expander(label).Text("in " + label)
		st.Expander("Empty", st.Expanded(true))
		if st.Button("Swap") {
			st.SessionState().Set("swap", true)
			st.Rerun()
		}
	})
	ex := app.All("expander")
	if len(ex) != 2 || ex[0].ID != "expander:First" || ex[1].ID != "expander:Empty" || len(ex[1].Children) != 0 {
		t.Fatalf("expanders %+v, want First and an empty Empty, each with its label as id", ex)
	}
	app.Click("Swap")
	if ex := app.All("expander"); len(ex) != 2 || ex[0].ID != "expander:Second" {
		t.Fatalf("after the swap: %s", app)
	}
	if !app.Contains("in Second") {
		t.Errorf("after the swap the page shows %s", app)
	}
}
