package main

import (
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gost-dev/gost/internal/browsertest"
	"github.com/gost-dev/gost/st"
)

// Streamlit's st_number_input_test clicks a number input's + many times
// quickly while every run sleeps, and expects every click to count. Here
// the page talks to the server over a network with latency, where a run's
// result can reach the page after the user has clicked again and before
// the server has seen that click: the page must not write the run's (now
// older) value back into the field, or the next click counts from there.
// Twenty clicks go as fast as the browser takes them (each supersedes the
// run going on), then twenty at the pace of the runs, each just after a
// run ended on the server and before its result arrived.
func TestQuickClicksOnASlowRunAllCount(t *testing.T) {
	t.Parallel()
	const sleep = 150 * time.Millisecond
	const latency = 100 * time.Millisecond
	var last atomic.Value // the value the app's last run read
	srv := browsertest.Serve(t, func(st *st.Ctx) {
		n := st.NumberInput("Count")
		st.Text(fmt.Sprintf("count=%v", n))
		last.Store(n)
		time.Sleep(sleep)
	})
	p := browsertest.New(t)
	p.Open(browsertest.Behind(t, srv, latency))
	p.WaitText("count=0")
	for range 20 {
		p.Click("+")
	}
	// A click reaches the server latency after the page sent it, and a run
	// ends sleep after it started: one every sleep+latency/2 lands in the
	// middle of the window.
	start := time.Now()
	for i := range 20 {
		time.Sleep(time.Until(start.Add(time.Duration(i) * (sleep + latency/2))))
		p.Click("+")
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
