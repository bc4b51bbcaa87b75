package browsertest

import (
	"fmt"
	"testing"

	"github.com/gost-dev/gost/st"
)

// defaultsApp draws widgets whose props are at their defaults, so the page
// gets them without help, disabled, value and the like (docs/protocol.md,
// "Props at their default"); ticking Busy gives Name a help and disables it,
// then unticking takes both away again, in a props op that leaves them out.
func defaultsApp(page *st.Ctx) {
	if page.Checkbox("Busy") {
		page.TextInput("Name", page.Help("Who you are"), page.Disabled(true))
	} else {
		page.TextInput("Name")
	}
	page.TextArea("Notes")
	page.Toggle("Fast")
	page.Write("Pick: " + page.Selectbox("Pick", []string{"a", "b"}))
	page.Radio("Size", []string{"S", "M"})
	page.Multiselect("Many", []string{"x", "y"})
	page.Write(fmt.Sprintf("Count: %v", page.NumberInput("Count")))
	page.Slider("Level", 0, 10)
	page.Button("Go")
}

// TestWidgetsShowTheirDefaults: the page fills the props the server left
// out from frontend/defaults.js, on a first page and in a props op.
func TestWidgetsShowTheirDefaults(t *testing.T) {
	t.Parallel()
	srv := Serve(t, defaultsApp)
	p := New(t)
	p.Open(srv.URL)
	p.WaitText("Pick: a")
	state := func() map[string]any {
		return Eval[map[string]any](p, `(() => {
			const name = `+Control("Name")+`;
			return {
				name: name.value, type: name.type, maxlength: name.getAttribute('maxlength'),
				title: name.closest('.widget').getAttribute('title'), nameDisabled: name.disabled,
				notes: `+Control("Notes")+`.value,
				fast: `+Control("Fast")+`.checked, busy: `+Control("Busy")+`.checked,
				pick: `+Control("Pick")+`.value, small: `+Control("S")+`.checked,
				many: document.querySelectorAll('.multiselect .chip').length + document.querySelectorAll('.multiselect .ms-list input:checked').length,
				count: `+Control("Count")+`.value, level: `+Control("Level")+`.value,
				primary: `+Button("Go")+`.classList.contains('primary'),
				disabled: document.querySelectorAll('input:disabled, textarea:disabled, select:disabled, button:disabled').length,
				undefinedText: document.body.innerHTML.includes('undefined'),
				// What the kind's code read: the props with the defaults filled.
				nameProps: JSON.stringify(name.closest('.widget').gost.props),
			};
		})()`)
	}
	want := map[string]any{
		"name": "", "type": "text", "maxlength": nil, "title": nil, "nameDisabled": false,
		"notes": "", "fast": false, "busy": false, "pick": "0", "small": true, "many": 0.0,
		"count": "0", "level": "0", "primary": false, "disabled": 0.0, "undefinedText": false,
		"nameProps": `{"label":"Name","help":"","disabled":false,"value":"","placeholder":"","password":false,"max_chars":0}`,
	}
	check := func(when string, want map[string]any) {
		t.Helper()
		got := state()
		for k, v := range want {
			if fmt.Sprint(got[k]) != fmt.Sprint(v) {
				t.Errorf("%s: %s is %#v, want %#v", when, k, got[k], v)
			}
		}
	}
	check("first page", want)

	p.Check("Busy")
	p.WaitFor("Name disabled", Control("Name")+`.disabled`)
	p.Check("Busy")
	p.WaitFor("Name enabled again", `!`+Control("Name")+`.disabled`)
	p.WaitIdle()
	check("after a props op without help and disabled", want)
}
