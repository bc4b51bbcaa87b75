package st_test

import (
	"testing"

	"github.com/gost-dev/gost/st"
	"github.com/gost-dev/gost/sttest"
)

// TestCheckingOneCheckboxUnchecksTheOther is Streamlit's
// e2e_playwright/st_session_state: a callback sets another keyed widget
// through the session state, and the page shows it.
func TestCheckingOneCheckboxUnchecksTheOther(t *testing.T) {
	app := sttest.Run(t, func(st *st.Ctx) {
		state := st.SessionState()
		state.SetDefault("checkbox1", true)
		state.SetDefault("checkbox2", false)
		st.Checkbox("Checkbox1", st.Key("checkbox1"), st.OnChange(func() { state.Set("checkbox2", !state.Bool("checkbox1")) }))
		st.Checkbox("Checkbox2", st.Key("checkbox2"), st.OnChange(func() { state.Set("checkbox1", !state.Bool("checkbox2")) }))
	})
	shown := func() (bool, bool) {
		return app.Widget("checkbox", "Checkbox1").Props["value"] == true, app.Widget("checkbox", "Checkbox2").Props["value"] == true
	}
	if one, two := shown(); !one || two {
		t.Fatalf("at first the page shows %v, %v, want true, false", one, two)
	}
	app.Set("checkbox", "Checkbox2", true)
	if one, two := shown(); one || !two {
		t.Errorf("after checking Checkbox2 the page shows %v, %v, want false, true", one, two)
	}
	app.Set("checkbox", "Checkbox1", true)
	if one, two := shown(); !one || two {
		t.Errorf("after checking Checkbox1 the page shows %v, %v, want true, false", one, two)
	}
}
