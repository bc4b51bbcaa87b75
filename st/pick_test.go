package st_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/gost-dev/gost/st"
	"github.com/gost-dev/gost/sttest"
)

// TestNewWidgetsTakeWhatTheyOfferOnly: each widget reads the values its
// page sends, and a value it did not offer (the wrong type, past its
// bounds, not among its choices) leaves it on its default: the browser
// is not trusted.
func TestNewWidgetsTakeWhatTheyOfferOnly(t *testing.T) {
	var got []any
	app := sttest.Run(t, func(st *st.Ctx) {
		score, rated := st.Feedback("stars")
		got = []any{
			st.SelectSlider("Size", []string{"S", "M", "L"}, st.Value("M")),
			st.Pills("Tag", []string{"go", "js"}),
			st.SegmentedControl("View", []string{"day", "week"}, st.Value("week")),
			st.RangeSlider("Price", 0, 100, st.Value([2]float64{10, 20})),
			st.TimeInput("Alarm", st.Value(time.Date(2026, 1, 1, 7, 30, 0, 0, time.UTC))),
			st.DateRangeInput("Trip", st.Value([2]time.Time{time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 3, 8, 0, 0, 0, 0, time.UTC)}),
				st.MaxDate(time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC))),
			score, rated,
			st.ColorPicker("Ink", st.Value("#1C83E1")),
		}
	})
	at := func(h, m int) time.Time { return time.Date(0, 1, 1, h, m, 0, 0, time.UTC) }
	d := func(m, dd int) time.Time { return time.Date(2026, time.Month(m), dd, 0, 0, 0, 0, time.UTC) }
	defaults := []any{"M", "", "week", [2]float64{10, 20}, at(7, 30), [2]time.Time{d(3, 1), d(3, 8)}, 0, false, "#1c83e1"}
	if !reflect.DeepEqual(got, defaults) {
		t.Fatalf("defaults %#v, want %#v", got, defaults)
	}
	if p := app.Widget("time_input", "Alarm").Value(); p != "07:30:00" {
		t.Errorf("the time input shows %v, want 07:30:00", p)
	}

	ids := map[string]string{}
	for _, n := range app.All() {
		if l, _ := n.Props["label"].(string); l != "" {
			ids[l] = n.ID
		}
	}
	ids["stars"] = app.All("feedback")[0].ID
	app.Rerun(map[string]any{
		ids["Size"]: 2, ids["Tag"]: 1, ids["View"]: -1, ids["Price"]: []any{90, 30},
		ids["Alarm"]: "18:05", ids["Trip"]: []any{"2026-12-30", "2027-02-01"}, ids["stars"]: 4, ids["Ink"]: "#00FF00",
	}, "")
	want := []any{"L", "js", "", [2]float64{30, 90}, at(18, 5), [2]time.Time{d(12, 30), d(12, 31)}, 4, true, "#00ff00"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("after the page sent values: %#v, want %#v", got, want)
	}

	// Values no widget offered: each goes back to its default.
	app.Rerun(map[string]any{
		ids["Size"]: -1, ids["Tag"]: 7, ids["View"]: "month", ids["Price"]: []any{1},
		ids["Alarm"]: "25:00", ids["Trip"]: []any{"2026-13-01", "2026-12-01"}, ids["stars"]: 5, ids["Ink"]: "red",
	}, "")
	if !reflect.DeepEqual(got, defaults) {
		t.Errorf("after values not offered: %#v, want the defaults %#v", got, defaults)
	}
}

// TestFormatFuncShowsLabelsAndReturnsOptions: FormatFunc changes what the
// page shows, never what the app gets or the session state holds.
func TestFormatFuncShowsLabelsAndReturnsOptions(t *testing.T) {
	names := map[string]string{"de": "Germany", "fr": "France"}
	var got string
	var many []string
	app := sttest.Run(t, func(st *st.Ctx) {
		name := func(code string) string { return names[code] }
		got = st.Selectbox("Country", []string{"de", "fr"}, st.FormatFunc(name), st.Key("country"))
		many = st.Multiselect("Visited", []string{"de", "fr"}, st.FormatFunc(name))
	})
	if o := app.Widget("selectbox", "Country").Props["options"]; !reflect.DeepEqual(o, []any{"Germany", "France"}) {
		t.Errorf("the selectbox shows %v", o)
	}
	app.Choose("selectbox", "Country", "France")
	app.Set("multiselect", "Visited", []any{0})
	if got != "fr" || !reflect.DeepEqual(many, []string{"de"}) {
		t.Errorf("the app got %q and %q, want the options fr and [de]", got, many)
	}
}

// TestLabelVisibility: the label stays in the props (screen readers read
// it), and the page is told how to show it.
func TestLabelVisibility(t *testing.T) {
	app := sttest.Run(t, func(st *st.Ctx) {
		st.TextInput("Hidden", st.LabelVisibility("hidden"))
		st.Slider("Shown", 0, 1, st.LabelVisibility("visible"))
		st.Checkbox("Bad", st.LabelVisibility("gone"))
	})
	if v := app.Widget("text_input", "Hidden").Props["label_visibility"]; v != "hidden" {
		t.Errorf("hidden label: label_visibility %v", v)
	}
	if v, has := app.Widget("slider", "Shown").Props["label_visibility"]; has {
		t.Errorf("a visible label sends label_visibility %v, want none", v)
	}
	ex := app.All("exception")
	if len(ex) != 1 || !strings.HasPrefix(ex[0].Text(), `st.Checkbox "Bad": LabelVisibility("gone"): want`) {
		t.Errorf("page %s, want one exception for LabelVisibility(\"gone\")", app)
	}
}

// TestNewWidgetsRefuseWrongValues, as TestWrongValuesAreShown does for the
// older widgets.
func TestNewWidgetsRefuseWrongValues(t *testing.T) {
	tests := []struct {
		name string
		app  func(st *st.Ctx)
		want string
	}{
		{"a range in the wrong order", func(st *st.Ctx) { st.RangeSlider("R", 0, 10, st.Value([2]float64{5, 1})) },
			`st.RangeSlider "R": Value([5 1]) is not a range within [0, 10]`},
		{"a single number for a range", func(st *st.Ctx) { st.RangeSlider("R", 0, 10, st.Value(5)) },
			`st.RangeSlider "R": Value(5) is a int; want a [2]float64`},
		{"a pill not offered", func(st *st.Ctx) { st.Pills("P", []string{"a"}, st.Value("b")) },
			`st.Pills "P": Value("b") is not one of the choices ["a"]`},
		{"a select slider without choices", func(st *st.Ctx) { st.SelectSlider("S", nil) },
			`st.SelectSlider "S": a select slider needs at least one choice`},
		{"an unknown feedback", func(st *st.Ctx) { st.Feedback("hearts") },
			`st.Feedback "hearts": want "thumbs", "faces" or "stars"`},
		{"a colour name", func(st *st.Ctx) { st.ColorPicker("C", st.Value("red")) },
			`st.ColorPicker "C": Value("red") is not a colour "#rrggbb"`},
		{"a time step of half a second", func(st *st.Ctx) { st.TimeInput("T", st.Step(0.5)) },
			`st.TimeInput "T": Step(0.5): want whole seconds`},
		{"a date range ending first", func(st *st.Ctx) {
			st.DateRangeInput("D", st.Value([2]time.Time{time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}))
		}, `st.DateRangeInput "D": Value starts 2026-02-01, after its end 2026-01-01`},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			app := sttest.Run(t, test.app)
			ex := app.All("exception")
			if len(ex) != 1 || !strings.HasPrefix(ex[0].Text(), test.want) {
				t.Fatalf("page %s, want one exception starting %q", app, test.want)
			}
			if ws := app.All(widgetKinds...); len(ws) != 0 {
				t.Errorf("page %s: the widget was drawn beside its exception", app)
			}
		})
	}
}
