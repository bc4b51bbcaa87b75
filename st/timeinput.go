package st

import (
	"fmt"
	"time"

	"github.com/gost-dev/gost/internal/script"
)

var (
	timeInput = element{"time_input", "st.TimeInput", true,
		widgetOptions.with(optValue, optStep, optOnChange)}
	dateRangeInput = element{"date_range_input", "st.DateRangeInput", true,
		widgetOptions.with(optValue, optMinDate, optMaxDate, optOnChange)}
)

// TimeInput draws a time-of-day picker and returns the time chosen, on
// January 1 of year 0, UTC: only its Hour, Minute and Second mean
// anything (Go has no time-of-day type; add it to a date with
// date.Add(t.Sub(time.Time{}))). It starts at the time of day of
// [Ctx.Value] (a time.Time), else midnight. [Ctx.Step] is the picker's
// step in seconds (default 900, a quarter of an hour, as in Streamlit).
// Options: [Ctx.Key], [Ctx.Help], [Ctx.Disabled], [Ctx.LabelVisibility],
// [Ctx.Value], [Ctx.Step], [Ctx.OnChange].
func (c *Ctx) TimeInput(label string, opts ...Option) time.Time {
	var midnight time.Time
	cfg, ok := c.check(timeInput, label, opts)
	if !ok {
		return midnight
	}
	v, has, err := valueOf[time.Time](cfg, "a time.Time")
	def := midnight
	if has {
		def = clock(v)
	}
	step := 900.0
	if cfg.set.has(optStep) {
		step = cfg.step
	}
	if err == nil && (step < 1 || step > 86400 || !isWhole(step)) {
		err = fmt.Errorf("Step(%v): want whole seconds from 1 to 86400", step)
	}
	if err != nil {
		c.fail(timeInput, label, err)
		return midnight
	}
	// The page sends "15:04" or "15:04:05", what <input type=time> speaks.
	decode := func(x any) (any, bool) {
		switch x := x.(type) {
		case time.Time:
			return clock(x), true
		case string:
			for _, layout := range []string{"15:04", time.TimeOnly} {
				if t, err := time.Parse(layout, x); err == nil {
					return clock(t), true
				}
			}
		}
		return nil, false
	}
	id, got, shown, ok := c.widget(script.Widget{Kind: timeInput.kind, Label: label, Default: def, Decode: decode}, cfg)
	if !ok {
		return def
	}
	c.draw(timeInput.kind, id, struct {
		widgetProps
		Value string `json:"value"`
		Step  int    `json:"step"`
	}{base(label, cfg), shown.(time.Time).Format(time.TimeOnly), int(step)})
	return got.(time.Time)
}

// clock is t's time of day, on the zero date.
func clock(t time.Time) time.Time {
	return time.Date(0, 1, 1, t.Hour(), t.Minute(), t.Second(), 0, time.UTC)
}

// DateRangeInput draws two date pickers, a start and an end, and returns
// the range chosen, start first, each at midnight UTC (Streamlit's
// st.date_input with a tuple value). It starts on [Ctx.Value], a
// [2]time.Time, else on today for both. [Ctx.MinDate] and [Ctx.MaxDate]
// bound it. It also takes [Ctx.Key], [Ctx.Help], [Ctx.Disabled],
// [Ctx.LabelVisibility] and [Ctx.OnChange].
func (c *Ctx) DateRangeInput(label string, opts ...Option) [2]time.Time {
	today := day(time.Now())
	cfg, ok := c.check(dateRangeInput, label, opts)
	if !ok {
		return [2]time.Time{today, today}
	}
	def := [2]time.Time{today, today}
	v, has, err := valueOf[[2]time.Time](cfg, "a [2]time.Time")
	if has {
		def = [2]time.Time{day(v[0]), day(v[1])}
	}
	lo, hi := cfg.minDate, cfg.maxDate
	switch {
	case err != nil:
	case lo != nil && hi != nil && day(*hi).Before(day(*lo)):
		err = fmt.Errorf("MinDate %s is after MaxDate %s", lo.Format(time.DateOnly), hi.Format(time.DateOnly))
	case def[1].Before(def[0]):
		err = fmt.Errorf("Value starts %s, after its end %s", def[0].Format(time.DateOnly), def[1].Format(time.DateOnly))
	case has && lo != nil && def[0].Before(day(*lo)):
		err = fmt.Errorf("Value starts %s, before MinDate %s", def[0].Format(time.DateOnly), lo.Format(time.DateOnly))
	case has && hi != nil && def[1].After(day(*hi)):
		err = fmt.Errorf("Value ends %s, after MaxDate %s", def[1].Format(time.DateOnly), hi.Format(time.DateOnly))
	}
	if err != nil {
		c.fail(dateRangeInput, label, err)
		return [2]time.Time{today, today}
	}
	clamp := func(d time.Time) time.Time {
		if lo != nil && d.Before(day(*lo)) {
			d = day(*lo)
		}
		if hi != nil && d.After(day(*hi)) {
			d = day(*hi)
		}
		return d
	}
	def = [2]time.Time{clamp(def[0]), clamp(def[1])}
	// The page sends ["2006-01-02", "2006-01-02"]; session state holds a
	// [2]time.Time. Each end is kept within the bounds, the start first.
	decode := func(x any) (any, bool) {
		var r [2]time.Time
		switch x := x.(type) {
		case [2]time.Time:
			r = x
		case []any:
			if len(x) != 2 {
				return nil, false
			}
			for i, e := range x {
				s, ok := e.(string)
				if !ok {
					return nil, false
				}
				d, err := time.Parse(time.DateOnly, s)
				if err != nil {
					return nil, false
				}
				r[i] = d
			}
		default:
			return nil, false
		}
		r = [2]time.Time{clamp(day(r[0])), clamp(day(r[1]))}
		if r[1].Before(r[0]) {
			r[0], r[1] = r[1], r[0]
		}
		return r, true
	}
	id, got, shown, ok := c.widget(script.Widget{Kind: dateRangeInput.kind, Label: label, Default: def, Decode: decode}, cfg)
	if !ok {
		return def
	}
	bound := func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return day(*t).Format(time.DateOnly)
	}
	s := shown.([2]time.Time)
	c.draw(dateRangeInput.kind, id, struct {
		widgetProps
		Value [2]string `json:"value"`
		Min   string    `json:"min,omitempty"`
		Max   string    `json:"max,omitempty"`
	}{base(label, cfg), [2]string{s[0].Format(time.DateOnly), s[1].Format(time.DateOnly)}, bound(lo), bound(hi)})
	return got.([2]time.Time)
}
