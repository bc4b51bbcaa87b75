package st

import (
	"fmt"
	"time"

	"github.com/gost-dev/gost/internal/script"
)

var dateInput = element{"date_input", "st.DateInput", true,
	widgetOptions.with(optValue, optMinDate, optMaxDate, optOnChange)}

// DateInput draws a date picker and returns the chosen date, at midnight
// UTC (a date has no time of day or zone). Its default is today, in the
// server's time zone, unless [Ctx.Value] gives a time.Time; [Ctx.MinDate]
// and [Ctx.MaxDate] bound it. It also takes [Ctx.Key], [Ctx.Help],
// [Ctx.Disabled] and [Ctx.OnChange].
//
//	since := st.DateInput("Since", st.Value(time.Now().AddDate(0, -1, 0)))
func (c *Ctx) DateInput(label string, opts ...Option) time.Time {
	today := day(time.Now())
	cfg, ok := c.check(dateInput, label, opts)
	if !ok {
		return today
	}
	def := today
	start, has, err := valueOf[time.Time](cfg, "a time.Time")
	if has {
		def = day(start)
	}
	switch {
	case err != nil:
	case cfg.minDate != nil && cfg.maxDate != nil && day(*cfg.maxDate).Before(day(*cfg.minDate)):
		err = fmt.Errorf("MinDate %s is after MaxDate %s", cfg.minDate.Format(time.DateOnly), cfg.maxDate.Format(time.DateOnly))
	case has && cfg.minDate != nil && def.Before(day(*cfg.minDate)):
		err = fmt.Errorf("Value %s is before MinDate %s", def.Format(time.DateOnly), cfg.minDate.Format(time.DateOnly))
	case has && cfg.maxDate != nil && def.After(day(*cfg.maxDate)):
		err = fmt.Errorf("Value %s is after MaxDate %s", def.Format(time.DateOnly), cfg.maxDate.Format(time.DateOnly))
	}
	if err != nil {
		c.fail(dateInput, label, err)
		return today
	}
	// Not cfg itself: the decoder outlives this call, the config must not.
	minDate, maxDate := cfg.minDate, cfg.maxDate
	clamp := func(d time.Time) time.Time {
		if minDate != nil && d.Before(day(*minDate)) {
			d = day(*minDate)
		}
		if maxDate != nil && d.After(day(*maxDate)) {
			d = day(*maxDate)
		}
		return d
	}
	def = clamp(def)
	// The page sends "2006-01-02", what <input type=date> speaks; session
	// state holds a time.Time, so a keyed date reads as one.
	id, v, shown, ok := c.widget(script.Widget{Kind: dateInput.kind, Label: label, Default: def, Decode: func(x any) (any, bool) {
		switch x := x.(type) {
		case time.Time:
			return clamp(day(x)), true
		case string:
			d, err := time.Parse(time.DateOnly, x)
			return clamp(d), err == nil
		}
		return nil, false
	}}, cfg)
	if !ok {
		return def
	}
	bound := func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return day(*t).Format(time.DateOnly)
	}
	c.draw(dateInput.kind, id, struct {
		widgetProps
		Value string `json:"value"`
		Min   string `json:"min,omitempty"`
		Max   string `json:"max,omitempty"`
	}{base(label, cfg), shown.(time.Time).Format(time.DateOnly), bound(cfg.minDate), bound(cfg.maxDate)})
	return v.(time.Time)
}

// day is t's date, at midnight UTC.
func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// MinDate sets the earliest date a [Ctx.DateInput] offers.
func (*Ctx) MinDate(t time.Time) Option {
	return option{optMinDate, func(c *config) { c.minDate = &t }}
}

// MaxDate sets the latest date a [Ctx.DateInput] offers.
func (*Ctx) MaxDate(t time.Time) Option {
	return option{optMaxDate, func(c *config) { c.maxDate = &t }}
}
