package st_test

import (
	"testing"
	"time"

	"github.com/gost-dev/gost/st"
	"github.com/gost-dev/gost/sttest"
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestDateInput(t *testing.T) {
	var got time.Time
	var changes int
	app := sttest.Run(t, func(st *st.Ctx) {
		got = st.DateInput("Since", st.Value(date(2026, 11, 1)), st.MinDate(date(2026, 1, 1)), st.MaxDate(date(2026, 12, 31)),
			st.OnChange(func() { changes++ }))
	})
	w := app.Widget("date_input", "Since")
	if got != date(2026, 11, 1) || w.Props["value"] != "2026-11-01" || w.Props["min"] != "2026-01-01" || w.Props["max"] != "2026-12-31" {
		t.Fatalf("default: got %v, props %v", got, w.Props)
	}
	app.Set("date_input", "Since", "2026-03-15")
	if got != date(2026, 3, 15) || changes != 1 {
		t.Errorf("after picking 2026-03-15: got %v, %d OnChange calls", got, changes)
	}
	app.Set("date_input", "Since", "2027-05-01")
	if got != date(2026, 12, 31) || app.Widget("date_input", "Since").Props["value"] != "2026-12-31" {
		t.Errorf("a date past MaxDate: got %v, want it clamped to 2026-12-31", got)
	}
	app.Set("date_input", "Since", "not a date")
	if got != date(2026, 11, 1) {
		t.Errorf("garbage from the page: got %v, want the default back, as for every widget", got)
	}
}

func TestDateInputDefaultsToToday(t *testing.T) {
	var got time.Time
	sttest.Run(t, func(st *st.Ctx) { got = st.DateInput("Day") })
	y, m, d := time.Now().Date()
	if got != date(y, m, d) {
		t.Errorf("default %v, want today at midnight UTC", got)
	}
}

func TestKeyedDateIsATime(t *testing.T) {
	var inCallback, inRun any
	app := sttest.Run(t, func(st *st.Ctx) {
		state := st.SessionState()
		st.DateInput("Day", st.Key("day"), st.OnChange(func() { inCallback, _ = state.Get("day") }))
		inRun, _ = state.Get("day")
	})
	app.Set("date_input", "Day", "2026-02-03")
	if inCallback != date(2026, 2, 3) || inRun != date(2026, 2, 3) {
		t.Errorf("session state held %#v in the callback and %#v in the run, want time.Time 2026-02-03", inCallback, inRun)
	}
}

// A form sends every value it holds; only those that changed are changes.
func TestFormSubmitFiresOnChangeOnlyForChangedValues(t *testing.T) {
	var changes int
	app := sttest.Run(t, func(st *st.Ctx) {
		f := st.Form("f")
		f.Selectbox("Color", []string{"red", "blue"}, st.OnChange(func() { changes++ }))
		f.DateInput("Day", st.Value(date(2026, 1, 1)), st.OnChange(func() { changes++ }))
		f.FormSubmitButton("Send")
	})
	unchanged := map[string]any{app.Widget("selectbox", "Color").ID: 0.0, app.Widget("date_input", "Day").ID: "2026-01-01"}
	app.Rerun(unchanged, app.Widget("form_submit_button", "Send").ID)
	if changes != 0 {
		t.Errorf("%d OnChange calls for a form sent unchanged, want 0", changes)
	}
}
