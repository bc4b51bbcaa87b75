package main

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp/kb"

	"github.com/gost-dev/gost/internal/browsertest"
	"github.com/gost-dev/gost/st"
)

// dayApp says which weekday the picked date is.
func dayApp(st *st.Ctx) {
	day := st.DateInput("Day", st.Value(time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)),
		st.MinDate(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)))
	st.Text(day.Format("2006-01-02 is a Monday"))
}

func TestDateInputPicksADate(t *testing.T) {
	t.Parallel()
	p, _ := open(t, dayApp)
	p.WaitText("2026-11-26 is a Thursday")
	if min := browsertest.Eval[string](p, browsertest.Control("Day")+`.min`); min != "2026-01-01" {
		t.Errorf("the picker's min is %q, want 2026-01-01", min)
	}
	// Typed as a user does, segment by segment in the browser's locale
	// (en-US: month, day, year). Every key leaves a valid date; none is
	// sent until Enter.
	sent := len(p.Sent())
	p.Exec(browsertest.Control("Day") + `.focus()`)
	p.Keys("12252026")
	if n := len(p.Sent()) - sent; n != 0 {
		t.Errorf("typing a date sent %d messages before Enter, want none", n)
	}
	p.Keys(kb.Enter)
	p.WaitText("2026-12-25 is a Friday")
	if got := browsertest.Eval[string](p, browsertest.Control("Day")+`.value`); got != "2026-12-25" {
		t.Errorf("the picker holds %q after the run", got)
	}
}
