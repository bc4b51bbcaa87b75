package st_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gost-dev/gost/st"
	"github.com/gost-dev/gost/sttest"
)

// formApp keeps a list of the items its form added; clear says whether the
// form clears on submit.
func formApp(clear bool, got *[]string) func(*st.Ctx) {
	return func(st *st.Ctx) {
		f := st.Form("add", st.ClearOnSubmit(clear))
		name := f.TextInput("Item")
		n := f.NumberInput("Count", st.Value(1))
		color := f.Selectbox("Color", []string{"red", "blue"})
		tags := f.Multiselect("Tags", []string{"a", "b"})
		keyed := f.TextInput("Note", st.Key("note"))
		if f.FormSubmitButton("Add") {
			*got = append(*got, fmt.Sprintf("%s %v %s %v %s/%s", name, n, color, tags, keyed, st.SessionState().String("note")))
		}
	}
}

func TestFormClearsOnSubmit(t *testing.T) {
	var got []string
	app := sttest.Run(t, formApp(true, &got))
	sent := map[string]any{
		app.Widget("text_input", "Item").ID:    "pen",
		app.Widget("number_input", "Count").ID: 3,
		app.Widget("selectbox", "Color").ID:    1,
		app.Widget("multiselect", "Tags").ID:   []any{1},
		app.Widget("text_input", "Note").ID:    "soon",
	}
	app.Rerun(sent, app.Widget("form_submit_button", "Add").ID)
	// The run the button started read what was sent, session state too.
	if want := "pen 3 blue [b] soon/soon"; len(got) != 1 || got[0] != want {
		t.Fatalf("the submit run read %q, want %q", got, want)
	}
	// The page shows the defaults again.
	for _, w := range []struct {
		kind, label, prop string
		want              any
	}{
		{"text_input", "Item", "value", ""},
		{"number_input", "Count", "value", 1.0},
		{"selectbox", "Color", "index", 0.0},
		{"text_input", "Note", "value", ""},
	} {
		if v := app.Widget(w.kind, w.label).Props[w.prop]; v != w.want {
			t.Errorf("after submit %s %q shows %v, want its default %v", w.kind, w.label, v, w.want)
		}
	}
	if v := app.Widget("multiselect", "Tags").Props["indices"]; fmt.Sprint(v) != "[]" {
		t.Errorf("after submit the multiselect shows %v, want none", v)
	}
	// Later runs read the defaults, and the next submit its own values.
	app.Rerun(map[string]any{app.Widget("text_input", "Item").ID: "ink"}, app.Widget("form_submit_button", "Add").ID)
	if want := "ink 1 red [] /"; len(got) != 2 || got[1] != want {
		t.Errorf("the second submit read %q, want %q", got[1:], want)
	}
}

func TestFormKeepsValuesWithoutClearOnSubmit(t *testing.T) {
	var got []string
	app := sttest.Run(t, formApp(false, &got))
	app.Rerun(map[string]any{app.Widget("text_input", "Item").ID: "pen"}, app.Widget("form_submit_button", "Add").ID)
	if v := app.Widget("text_input", "Item").Props["value"]; v != "pen" {
		t.Errorf("after submit the field shows %v, want pen kept", v)
	}
	app.Rerun(nil, app.Widget("form_submit_button", "Add").ID)
	if len(got) != 2 || !strings.HasPrefix(got[1], "pen ") {
		t.Errorf("the second submit read %q, want pen again", got)
	}
}
