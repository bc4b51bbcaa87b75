package main

import (
	"fmt"
	"testing"
	"time"

	"github.com/gost-dev/gost/internal/browsertest"
	"github.com/gost-dev/gost/st"
)

func pickApp(st *st.Ctx) {
	size := st.SelectSlider("Size", []string{"s", "m", "l"}, st.Value("m"), st.FormatFunc(func(s string) string { return "size " + s }))
	tag := st.Pills("Tag", []string{"go", "js"})
	view := st.SegmentedControl("View", []string{"day", "week"}, st.Value("day"))
	price := st.RangeSlider("Price", 0, 100, st.Value([2]float64{10, 20}))
	alarm := st.TimeInput("Alarm", st.Value(time.Date(0, 1, 1, 7, 30, 0, 0, time.UTC)))
	trip := st.DateRangeInput("Trip", st.Value([2]time.Time{time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 3, 8, 0, 0, 0, 0, time.UTC)}))
	score, rated := st.Feedback("stars")
	ink := st.ColorPicker("Ink", st.Value("#1c83e1"))
	st.TextInput("Quiet", st.LabelVisibility("collapsed"))
	st.Text(fmt.Sprintf("got %s|%s|%s|%v|%s|%s..%s|%d %v|%s", size, tag, view, price, alarm.Format("15:04"),
		trip[0].Format("01-02"), trip[1].Format("01-02"), score, rated, ink))
}

// TestPickWidgetsSendWhatTheServerReads: each new widget, worked as a user
// does (a click, or a native control set and its change event sent), sends
// a value the server takes.
func TestPickWidgetsSendWhatTheServerReads(t *testing.T) {
	t.Parallel()
	p, _ := open(t, pickApp)
	p.WaitText("got m||day|[10 20]|07:30|03-01..03-08|0 false|#1c83e1")
	if got := p.Text(".select-slider .slider-value"); got != "size m" {
		t.Errorf("the select slider shows %q, want its formatted option", got)
	}
	change := func(css, v string) {
		p.Exec(`(() => { const el = document.querySelector(` + browsertest.Q(css) + `); el.value = ` + browsertest.Q(v) +
			`; el.dispatchEvent(new Event('input', {bubbles: true})); el.dispatchEvent(new Event('change', {bubbles: true})); })()`)
		p.WaitIdle()
	}
	change(".select-slider input", "2")
	p.WaitText("got l|")
	p.Click("js")
	p.WaitText("got l|js|day|")
	p.Click("week")
	p.WaitText("got l|js|week|")
	change(".range-slider input", "90") // the low handle dragged past the high one
	p.WaitText("|[20 90]|")
	change(".time-input input", "18:05")
	p.WaitText("|18:05|")
	change(".date-range input", "2026-02-20")
	p.WaitText("|02-20..03-08|")
	p.Exec(`document.querySelectorAll('.feedback .fb')[3].click()`)
	p.WaitText("|3 true|")
	change(".color-picker input", "#ff0000")
	p.WaitText("|#ff0000")
	// A collapsed label takes no room but is still the input's label.
	if h := browsertest.Eval[float64](p, `document.querySelector('.label-collapsed .wlabel').getBoundingClientRect().height`); h > 1 {
		t.Errorf("a collapsed label is %vpx high", h)
	}
	if l := browsertest.Eval[string](p, `document.querySelector('.label-collapsed input').labels[0].innerText`); l != "Quiet" {
		t.Errorf("the collapsed input's label reads %q", l)
	}
}
