package main

import (
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gost-dev/gost/internal/browsertest"
	"github.com/gost-dev/gost/st"
)

// Over a network with latency a run's result can reach the page after the
// user has clicked again and before the server has seen that click. These
// tests click a number input's + forty times while every run sleeps
// (Streamlit's st_number_input_test clicks quickly and expects every click
// to count) and check that the page never writes a run's (now older) value
// back into the field, where the next click would count from it.
const (
	raceSleep   = 150 * time.Millisecond // every run's
	raceLatency = 100 * time.Millisecond // from the browser to the server
)

// clickForty serves app, which draws the number input "Count" and stores
// the value its run read in last, behind a network with raceLatency, and
// clicks + forty times: twenty as fast as the browser takes them (each
// supersedes the run going on), then twenty at the pace of the runs, each
// just after a run ended on the server and before its result arrived. It
// checks that the field, the app's last run and the page all say 40.
// click clicks +.
func clickForty(t *testing.T, app func(*st.Ctx), last *atomic.Value, click func(*browsertest.Page)) {
	srv := browsertest.Serve(t, app)
	p := browsertest.New(t)
	p.Open(browsertest.Behind(t, srv, raceLatency))
	p.WaitText("count=0")
	for range 20 {
		click(p)
	}
	// A click reaches the server raceLatency after the page sent it, and
	// a run ends raceSleep after it started: one every
	// raceSleep+raceLatency/2 lands in the middle of the window.
	start := time.Now()
	for i := range 20 {
		time.Sleep(time.Until(start.Add(time.Duration(i) * (raceSleep + raceLatency/2))))
		click(p)
	}
	p.WaitIdle()
	if got := browsertest.Eval[float64](p, browsertest.Control("Count")+`.valueAsNumber`); got != 40 {
		t.Errorf("after 40 clicks on + the field shows %v, want 40", got)
	}
	if got := last.Load(); got != 40.0 {
		t.Errorf("after 40 clicks on + the app's last run read %v, want 40", got)
	}
	if !p.HasText("count=40") {
		t.Errorf("after 40 clicks on + the page does not show count=40")
	}
}

func TestQuickClicksOnASlowRunAllCount(t *testing.T) {
	t.Parallel()
	var last atomic.Value
	clickForty(t, func(st *st.Ctx) {
		n := st.NumberInput("Count")
		st.Text(fmt.Sprintf("count=%v", n))
		last.Store(n)
		time.Sleep(raceSleep)
	}, &last, func(p *browsertest.Page) { p.Click("+") })
}

// The same with a field that every other run draws anew (an element before
// it comes and goes, so the diff replaces it): a new field shows the
// user's click still on its way, not the run's value. The button is
// clicked from the page's script: a mouse click finds its node first, and
// the field's next redraw may replace it in between.
func TestQuickClicksOnASlowRunAllCountWhenRedrawn(t *testing.T) {
	t.Parallel()
	var last atomic.Value
	last.Store(0.0)
	clickForty(t, func(st *st.Ctx) {
		if int(last.Load().(float64))%2 == 1 {
			st.Caption("odd")
		}
		n := st.NumberInput("Count")
		st.Text(fmt.Sprintf("count=%v", n))
		last.Store(n)
		time.Sleep(raceSleep)
	}, &last, func(p *browsertest.Page) { p.Exec(browsertest.Button("+") + `.click()`) })
}
