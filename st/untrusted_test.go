package st_test

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/gost-dev/gost/st"
	"github.com/gost-dev/gost/sttest"
)

// TestTheBrowserIsNotTrusted sends every widget kind, drawn with a key,
// what a hostile page could: values of the wrong type or out of range. The
// session state never holds what was sent, not even before the widget is
// drawn again; the app only ever reads a value the widget can hold: its
// default, or the value clamped to its bounds (issue 14.1).
func TestTheBrowserIsNotTrusted(t *testing.T) {
	for _, tc := range []struct {
		name string
		draw func(st *st.Ctx) any
		kind string // of the widget drawn with the label "W"
		sent any
		want string // what the app reads then, printed
	}{
		{"checkbox, a string", func(st *st.Ctx) any { return st.Checkbox("W", st.Key("k")) }, "checkbox", "yes", "false"},
		{"checkbox, a number", func(st *st.Ctx) any { return st.Checkbox("W", st.Key("k")) }, "checkbox", 1.0, "false"},
		{"toggle, a list", func(st *st.Ctx) any { return st.Toggle("W", st.Key("k")) }, "toggle", []any{true}, "false"},
		{"text input, a number", func(st *st.Ctx) any { return st.TextInput("W", st.Key("k"), st.Value("hi")) }, "text_input", 42.0, "hi"},
		{"text input, past MaxChars", func(st *st.Ctx) any { return st.TextInput("W", st.Key("k"), st.MaxChars(3)) }, "text_input", "abcdef", "abc"},
		{"text area, an object", func(st *st.Ctx) any { return st.TextArea("W", st.Key("k")) }, "text_area", map[string]any{"x": 1.0}, ""},
		{"number input, a string", func(st *st.Ctx) any { return st.NumberInput("W", st.Key("k"), st.Value(3), st.Min(0), st.Max(10)) }, "number_input", "7", "3"},
		{"number input, past Max", func(st *st.Ctx) any { return st.NumberInput("W", st.Key("k"), st.Value(3), st.Min(0), st.Max(10)) }, "number_input", 1e9, "10"},
		{"number input, under Min", func(st *st.Ctx) any { return st.NumberInput("W", st.Key("k"), st.Value(3), st.Min(0), st.Max(10)) }, "number_input", -1.0, "0"},
		{"slider, a bool", func(st *st.Ctx) any { return st.Slider("W", 0, 100, st.Key("k"), st.Value(50)) }, "slider", true, "50"},
		{"slider, past max", func(st *st.Ctx) any { return st.Slider("W", 0, 100, st.Key("k"), st.Value(50)) }, "slider", 101.0, "100"},
		{"selectbox, index out of range", func(st *st.Ctx) any { return st.Selectbox("W", []string{"a", "b", "c"}, st.Key("k"), st.Index(1)) }, "selectbox", 99.0, "b"},
		{"selectbox, a fraction", func(st *st.Ctx) any { return st.Selectbox("W", []string{"a", "b", "c"}, st.Key("k"), st.Index(1)) }, "selectbox", 0.5, "b"},
		{"selectbox, below -1", func(st *st.Ctx) any { return st.Selectbox("W", []string{"a", "b", "c"}, st.Key("k"), st.Index(1)) }, "selectbox", -2.0, "b"},
		{"radio, a string not an option", func(st *st.Ctx) any { return st.Radio("W", []string{"x", "y"}, st.Key("k")) }, "radio", "zzz", "x"},
		{"multiselect, index out of range", func(st *st.Ctx) any { return st.Multiselect("W", []string{"p", "q"}, st.Key("k")) }, "multiselect", []any{7.0}, "[]"},
		{"multiselect, not a list", func(st *st.Ctx) any { return st.Multiselect("W", []string{"p", "q"}, st.Key("k")) }, "multiselect", 0.0, "[]"},
		{"date input, not a date", func(st *st.Ctx) any {
			return st.DateInput("W", st.Key("k"), st.Value(date(2026, 5, 1))).Format("2006-01-02")
		}, "date_input", "garbage", "2026-05-01"},
		{"date input, a number", func(st *st.Ctx) any {
			return st.DateInput("W", st.Key("k"), st.Value(date(2026, 5, 1))).Format("2006-01-02")
		}, "date_input", 5.0, "2026-05-01"},
		{"date input, past MaxDate", func(st *st.Ctx) any {
			return st.DateInput("W", st.Key("k"), st.Value(date(2026, 5, 1)), st.MaxDate(date(2026, 12, 31))).Format("2006-01-02")
		}, "date_input", "2030-01-01", "2026-12-31"},
		{"select slider, no choice", func(st *st.Ctx) any { return st.SelectSlider("W", []string{"s", "m"}, st.Key("k")) }, "select_slider", -1.0, "s"},
		{"pills, index out of range", func(st *st.Ctx) any { return st.Pills("W", []string{"a", "b"}, st.Key("k"), st.Value("b")) }, "pills", 2.0, "b"},
		{"segmented control, a bool", func(st *st.Ctx) any { return st.SegmentedControl("W", []string{"a", "b"}, st.Key("k")) }, "segmented_control", true, ""},
		{"range slider, one number", func(st *st.Ctx) any { return st.RangeSlider("W", 0, 10, st.Key("k")) }, "range_slider", 5.0, "[0 10]"},
		{"range slider, past max", func(st *st.Ctx) any { return st.RangeSlider("W", 0, 10, st.Key("k")) }, "range_slider", []any{-5.0, 50.0}, "[0 10]"},
		{"time input, not a time", func(st *st.Ctx) any { return st.TimeInput("W", st.Key("k")).Format("15:04") }, "time_input", "24:61", "00:00"},
		{"date range, one date", func(st *st.Ctx) any {
			return fmt.Sprint(st.DateRangeInput("W", st.Key("k"), st.Value([2]time.Time{date(2026, 5, 1), date(2026, 5, 2)}))[1].Format("2006-01-02"))
		}, "date_range_input", []any{"2026-05-09"}, "2026-05-02"},
		{"color picker, a name", func(st *st.Ctx) any { return st.ColorPicker("W", st.Key("k")) }, "color_picker", "red", "#000000"},
		{"button, a value", func(st *st.Ctx) any { return st.Button("W", st.Key("k")) }, "button", true, "false"},
		{"download button, a value", func(st *st.Ctx) any { return st.DownloadButton("W", []byte("x"), "x.txt", st.Key("k")) }, "download_button", true, "false"},
		{"form submit button, a value", func(st *st.Ctx) any { return st.Form("f").FormSubmitButton("W", st.Key("k")) }, "form_submit_button", true, "false"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got, before any
			app := sttest.Run(t, func(st *st.Ctx) {
				before, _ = st.SessionState().Get("k")
				got = tc.draw(st)
			})
			app.Set(tc.kind, "W", tc.sent)
			if s := fmt.Sprint(got); s != tc.want {
				t.Errorf("after %#v the app reads %s, want %s", tc.sent, s, tc.want)
			}
			if reflect.DeepEqual(before, tc.sent) {
				t.Errorf("the session state held %#v, as sent", before)
			}
		})
	}
}

// TestValuesForWidgetsNotDrawnAreDropped: ids of widgets that were never
// drawn, or are not drawn now, set nothing; a click counts only for a
// button drawn; a form's widget takes a value only with its submit button.
func TestValuesForWidgetsNotDrawnAreDropped(t *testing.T) {
	var tick, sent, clicked bool
	var name string
	var keys []string
	app := sttest.Run(t, func(st *st.Ctx) {
		state := st.SessionState()
		tick = st.Checkbox("Tick", st.Key("tick"))
		clicked = st.Button("Go")
		f := st.Form("f")
		name = f.TextInput("Name")
		sent = f.FormSubmitButton("Send")
		keys = state.Keys()
	})
	for _, tc := range []struct {
		name    string
		widgets map[string]any
		trigger string
	}{
		{"a key no widget has", map[string]any{"=admin": true}, ""},
		{"a widget never drawn", map[string]any{"checkbox:Admin": true}, ""},
		{"a key, by its kind and label", map[string]any{"checkbox:Tick": true}, ""},
		{"a click on no button", nil, "button:Admin"},
		{"a click on a checkbox", nil, "=tick"},
		{"a form's value without its submit", map[string]any{"text_input:Name": "Ada"}, ""},
		{"a form's value with another button", map[string]any{"text_input:Name": "Ada"}, "button:Go"},
		{"a submit button by the wrong form", nil, "form_submit_button:g/Send"},
	} {
		app.Rerun(tc.widgets, tc.trigger)
		if tick || name != "" || sent || clicked && tc.trigger != "button:Go" || len(keys) != 1 || keys[0] != "tick" {
			t.Errorf("%s: tick=%v name=%q sent=%v clicked=%v keys=%q, want nothing changed",
				tc.name, tick, name, sent, clicked, keys)
		}
	}
	app.Rerun(map[string]any{"text_input:Name": "Ada"}, "form_submit_button:f/Send")
	if name != "Ada" || !sent {
		t.Errorf("with its submit button the form's value is not taken: name=%q sent=%v", name, sent)
	}
}

// TestChoiceIsCheckedAgainstWhatWasDrawn: the browser's index into a
// choice's options is read against the options the run drew, not the
// app's slice of them: an app that changes its slice in place after
// drawing never reads an option no page offered, not even in the
// callback the change calls before the next run.
func TestChoiceIsCheckedAgainstWhatWasDrawn(t *testing.T) {
	var inCallback any
	choices := []string{"a", "b", "c"}
	app := sttest.Run(t, func(st *st.Ctx) {
		copy(choices, []string{"a", "b", "c"})
		st.Selectbox("W", choices, st.Key("k"), st.OnChange(func() {
			inCallback, _ = st.SessionState().Get("k")
		}))
		choices[1] = "never drawn" // after drawing, in place
	})
	app.Set("selectbox", "W", 1.0)
	if inCallback != "b" {
		t.Errorf("the callback read %#v, want %q, the option drawn at index 1", inCallback, "b")
	}
}
