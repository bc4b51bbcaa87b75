package st_test

import (
	"reflect"
	"testing"

	"github.com/gost-dev/gost/st"
	"github.com/gost-dev/gost/sttest"
)

// TestKeyedChoicesHoldTheirOptions: as in Streamlit, the session state of
// a keyed selectbox or radio holds the option chosen, of a multiselect the
// options, and an app chooses by setting them (e2e_playwright/st_selectbox.py,
// "value from state" and "session_state sync").
func TestKeyedChoicesHoldTheirOptions(t *testing.T) {
	var pick, radio any
	var many any
	var got []any
	set := map[string]any{}
	app := sttest.Run(t, func(st *st.Ctx) {
		state := st.SessionState()
		for k, v := range set {
			state.Set(k, v)
		}
		got = []any{
			st.Selectbox("Pick", []string{"male", "female"}, st.Key("pick")),
			st.Radio("Radio", []string{"x", "y", "z"}, st.Key("radio"), st.Index(-1)),
			st.Multiselect("Many", []string{"p", "q", "r"}, st.Key("many")),
		}
		pick, _ = state.Get("pick")
		radio, _ = state.Get("radio")
		many, _ = state.Get("many")
	})
	if pick != "male" || radio != nil || !reflect.DeepEqual(many, []string{}) {
		t.Errorf("defaults in session state: %#v %#v %#v", pick, radio, many)
	}
	app.Choose("selectbox", "Pick", "female")
	app.Choose("radio", "Radio", "z")
	app.Set("multiselect", "Many", []any{2, 0})
	if pick != "female" || radio != "z" || !reflect.DeepEqual(many, []string{"p", "r"}) {
		t.Errorf("after choosing, session state holds %#v %#v %#v", pick, radio, many)
	}

	set = map[string]any{"pick": "male", "radio": "y", "many": []string{"r", "q"}}
	app.Rerun(nil, "")
	if want := []any{"male", "y", []string{"q", "r"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("set through session state, the widgets read %#v, want %#v", got, want)
	}
	if i := app.Widget("selectbox", "Pick").Props["index"]; i != 0.0 {
		t.Errorf("the selectbox shows index %v, want 0 (male)", i)
	}
	if i := app.Widget("multiselect", "Many").Props["indices"]; !reflect.DeepEqual(i, []any{1.0, 2.0}) {
		t.Errorf("the multiselect shows %v, want [1 2]", i)
	}

	// An option the widget does not offer is not chosen: the default is.
	set = map[string]any{"pick": "other", "radio": 1, "many": []string{"nope"}}
	app.Rerun(nil, "")
	if want := []any{"male", "", []string{}}; !reflect.DeepEqual(got, want) {
		t.Errorf("with options not offered the widgets read %#v, want their defaults %#v", got, want)
	}
}

// TestKeyedChoiceKeepsItsOptionWhenTheOptionsChange: the value is the
// option, so it survives its index moving (st_selectbox.py's "mango").
func TestKeyedChoiceKeepsItsOptionWhenTheOptionsChange(t *testing.T) {
	more := false
	var got string
	app := sttest.Run(t, func(st *st.Ctx) {
		opts := []string{"apple", "banana", "mango"}
		if more {
			opts = []string{"mango", "papaya", "grape"}
		}
		got = st.Selectbox("Fruit", opts, st.Key("fruit"))
	})
	app.Choose("selectbox", "Fruit", "mango")
	more = true
	app.Rerun(nil, "")
	if got != "mango" || app.Widget("selectbox", "Fruit").Props["index"] != 0.0 {
		t.Errorf("after the options changed: %q at %v, want mango at 0", got, app.Widget("selectbox", "Fruit").Props["index"])
	}
}
