package browsertest

import (
	"errors"
	"fmt"
	"strings"
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

// elementsApp draws elements whose props at their defaults are left out
// (a chart's x, a metric's normal color, a status's expanded, ...).
func elementsApp(page *st.Ctx) {
	rows := []struct {
		X int     `json:"x"`
		Y float64 `json:"y"`
	}{{0, 1}, {1, 2}}
	page.Metric("Users", 42, page.Delta(3))
	page.BarChart(rows)
	page.Code("")
	page.Exception(errors.New("boom"))
	page.DataEditor(rows)
	page.Feedback("thumbs")
	page.Dialog("Vote", nil)
	page.Popover("More").Write("Inside")
	page.Status("Loading").Write("Step one")
	page.ChatInput("")
	page.Write("End")
}

// TestElementsShowTheirDefaults: the page shows elements whose props at
// their defaults were left out as it did when they were sent.
func TestElementsShowTheirDefaults(t *testing.T) {
	t.Parallel()
	srv := Serve(t, elementsApp)
	p := New(t)
	p.Open(srv.URL)
	p.WaitText("End")
	got := Eval[map[string]any](p, `(() => {
		const q = (s) => document.querySelector(s);
		const fb = [...q('[aria-label="Feedback"]').querySelectorAll('button')];
		return {
			delta: q('.metric-delta').className,
			bars: document.querySelectorAll('.chart-bar').length,
			code: q('pre.code').textContent,
			stack: q('.exception .stack').children.length,
			cells: [...document.querySelectorAll('table td')].map((c) => c.textContent).join(' '),
			feedback: fb.length + ' ' + fb.filter((b) => b.disabled).length,
			dialog: q('dialog.dialog').open,
			popover: q('details.popover').open + ' ' + (q('details.popover summary').getAttribute('aria-disabled') || ''),
			status: q('details.status').open,
			chat: q('textarea[aria-label="Chat message"]').getAttribute('placeholder'),
			undefinedText: document.body.innerHTML.includes('undefined'),
		};
	})()`)
	want := map[string]any{
		"delta": "metric-delta good", "bars": 4.0, "code": "", "stack": 0.0,
		"feedback": "2 0", "dialog": false, "popover": "false ", "status": false, "chat": nil,
		"undefinedText": false,
	}
	for k, v := range want {
		if fmt.Sprint(got[k]) != fmt.Sprint(v) {
			t.Errorf("%s is %#v, want %#v", k, got[k], v)
		}
	}
	if cells, _ := got["cells"].(string); cells == "" || !strings.Contains(cells, "2") {
		t.Errorf("the data editor shows cells %q, want its rows", cells)
	}
}

// TestProgressColumnEndingAtZero: a progress column's max of 0 is left out
// (it is its zero value), so the page reads an absent max as 0, not as the
// 1 of a column without ends (the server sends that max).
func TestProgressColumnEndingAtZero(t *testing.T) {
	t.Parallel()
	srv := Serve(t, func(page *st.Ctx) {
		rows := []struct {
			Loss float64 `json:"loss"`
		}{{-5}}
		page.Dataframe(rows, page.ColumnConfig(page.ProgressColumn("loss", "", -10, 0)))
		page.Write("End")
	})
	p := New(t)
	p.Open(srv.URL)
	p.WaitText("End")
	if w := Eval[string](p, `document.querySelector('.df-bar-fill').style.width`); w != "50%" {
		t.Errorf("-5 on a bar from -10 to 0 fills %q, want 50%%", w)
	}
}
