package main

// The replicas scenario's tabs (replicas.go): browser tabs that hold a
// widget value and some session state, and come back after their replica
// goes, as the page does.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"syscall"
	"time"

	"github.com/gost-dev/gost/internal/benchapp"
	"github.com/gost-dev/gost/internal/nginxtest"
)

// The reconnect delays of the browser client (frontend/connection.js):
// after the n-th failed attempt in a row (from 0) it waits a random time
// between d/2 and d, where d = min(maxDelay, minDelay·2ⁿ). A run applied
// resets n.
const (
	minDelay = 100 * time.Millisecond
	maxDelay = 5 * time.Second
)

func backoff(attempt int, rng *rand.Rand) time.Duration {
	d := min(maxDelay, minDelay<<min(attempt, 16))
	return d/2 + time.Duration(rng.Float64()*float64(d/2))
}

// nameWidget is the representative app's text input whose value a tab
// holds: the page then says "Customer <value> selected.", which shows
// that the value reached the server on a reconnect.
const nameWidget = "text_input:Name"

// helloWith is a page's hello on a reconnect: the session it had and
// every value it holds (docs/protocol.md).
func helloWith(session, name string) []byte {
	b, _ := json.Marshal(map[string]any{"t": "hello", "v": 1, "session": session,
		"widgets": map[string]any{nameWidget: name}, "query": ""})
	return b
}

// tab is a browser tab of the failover measure.
type tab struct {
	c        *client
	name     string // the value of nameWidget it holds
	upstream string // the replica nginx sent its websocket to
	session  string
	clicks   int // on "Add one", counted in the session's state
}

// open connects t through addr with its hello and reads the page up to
// the first done. It returns the page's messages, concatenated.
func (t *tab) open(ctx context.Context, addr string) ([]byte, error) {
	var page []byte
	c, resp, err := openTab(ctx, addr, helloWith(t.session, t.name), func(m message, raw []byte) {
		if m.t == "session" {
			t.session = m.id // kept for the next attempt even if this one fails
		}
		page = append(page, raw...)
	})
	if err != nil {
		return nil, err
	}
	t.c, t.upstream = c, servedBy(resp.Header.Get("X-Gost-Upstream"))
	return page, nil
}

type failoverResult struct {
	closed, p50, max, wait time.Duration
	work                   time.Duration // live − closed − wait: the reconnect itself
	widgets, state         float64       // percent of the replica's tabs
	tabs                   int           // the replica's tabs
	told                   int           // tabs the replica told to reconnect
	exit                   time.Duration // SIGTERM → the replica's exit
}

// outcome is what became of one tab when its replica went.
type outcome struct {
	closed, live, wait time.Duration // from the replica's end
	told               bool          // the replica said "reconnect"
	widgets, state     bool          // came back
	err                error
}

// Texts the representative app shows when a tab's widget value and its
// session state came back (failover sets them).
const (
	widgetsBack  = "Customer %s selected."
	clicksBefore = 3
)

// stateBack is the text of a tab's clicks, which live in session state.
const stateBack = "Clicked %d times."

// quietBeforeEnd is the time between the tabs' last click and a replica's
// end.
const quietBeforeEnd = time.Second

// displace ends replica from with end (kill -9 or SIGTERM) and follows
// its tabs, each sitting in a read as an idle browser tab does, back to
// life through nginx at lbAddr. A tab told "reconnect" opens a new
// websocket at once, as the page does (reload.js, Connection.reconnect);
// a tab whose socket just closes waits the browser's backoff first, and
// again after each failed attempt. It returns each tab's outcome, timed
// from the moment end was called.
func displace(ctx context.Context, rep int, lbAddr string, tabs []*tab, from *replica, end func()) ([]outcome, time.Time) {
	outs := make([]outcome, len(tabs))
	var ended time.Time
	ready := make(chan struct{})
	var wg sync.WaitGroup
	for i, t := range tabs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			o := &outs[i]
			t.c.ws.SetReadDeadline(time.Time{})
			var err error
			for {
				var m message
				if m, err = t.c.read(); err != nil || m.t == "reconnect" {
					break
				}
			}
			<-ready
			o.closed = time.Since(ended)
			o.told = err == nil
			t.c.ws.Close()
			rng := rand.New(rand.NewPCG(uint64(i), uint64(rep)))
			// The page's failed attempts in a row: its first reconnect
			// after a close waits backoff(0); one it was told to make goes
			// at once, and only a failure of it counts.
			failed := 0
			if o.told {
				failed = -1
			}
			for ; ; failed++ {
				if failed >= 0 {
					w := backoff(failed, rng)
					o.wait += w
					time.Sleep(w)
				}
				page, err := t.open(ctx, lbAddr)
				if err == nil {
					o.live = time.Since(ended)
					o.widgets = bytes.Contains(page, []byte(fmt.Sprintf(widgetsBack, t.name)))
					o.state = bytes.Contains(page, []byte(fmt.Sprintf(stateBack, t.clicks)))
					if t.upstream == from.addr {
						o.err = errors.New("reconnected to the replica that went")
					}
					return
				}
				if ctx.Err() != nil {
					o.err = fmt.Errorf("not live again within a minute: %w", err)
					return
				}
			}
		}()
	}
	// The tabs' goroutines are parked in their reads; ended is set
	// before any of them can look at it.
	time.Sleep(50 * time.Millisecond)
	ended = time.Now()
	end()
	close(ready)
	wg.Wait()
	return outs, ended
}

// sum reduces the outcomes of one replica's tabs.
func sum(what string, tabs []*tab, outs []outcome) (failoverResult, error) {
	var fo failoverResult
	if len(outs) == 0 {
		return fo, fmt.Errorf("the replica %s held no tab", what)
	}
	var live, closed, waits, work []time.Duration
	var widgets, state int
	for i, o := range outs {
		if o.err != nil {
			return fo, fmt.Errorf("tab %s after %s: %w", tabs[i].name, what, o.err)
		}
		live = append(live, o.live)
		closed = append(closed, o.closed)
		waits = append(waits, o.wait)
		work = append(work, o.live-o.closed-o.wait)
		if o.widgets {
			widgets++
		}
		if o.state {
			state++
		}
		if o.told {
			fo.told++
		}
	}
	fo.closed, fo.p50, fo.max, fo.wait = percentile(closed, 50), percentile(live, 50), percentile(live, 100), percentile(waits, 50)
	fo.work = percentile(work, 50)
	fo.tabs = len(outs)
	fo.widgets = 100 * float64(widgets) / float64(len(outs))
	fo.state = 100 * float64(state) / float64(len(outs))
	return fo, nil
}

// failover opens n tabs through nginx, each with its own name in the
// text input and three clicks of "Add one" in its session state, kills -9
// the replica holding the first tab and follows its tabs back; then, with
// a third replica left to take them, stops the replica holding the first
// remaining tab with SIGTERM, as a rolling restart does, and follows those.
// The second result is the SIGTERM's (zero without a third replica).
func failover(cfg config, rep int, lb *nginxtest.Nginx, replicas []*replica, n int, withStore bool, res *result) (killed, termed failoverResult, err error) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	tabs := make([]*tab, n)
	defer func() {
		for _, t := range tabs {
			if t != nil && t.c != nil {
				t.c.ws.Close()
			}
		}
	}()
	click := rerunMsg(benchapp.ClickTrigger)
	for i := range tabs {
		t := &tab{name: fmt.Sprintf("tab%d", i)}
		tabs[i] = t
		if _, err := t.open(ctx, lb.Addr); err != nil {
			return killed, termed, fmt.Errorf("tab %d: %w", i, err)
		}
		for range clicksBefore {
			if _, err := t.c.click(click); err != nil {
				return killed, termed, fmt.Errorf("tab %d: click: %w", i, err)
			}
			t.clicks++
		}
	}
	on := func(tabs []*tab, r *replica) (in, out []*tab) {
		for _, t := range tabs {
			if t.upstream == r.addr {
				in = append(in, t)
			} else {
				out = append(out, t)
			}
		}
		return in, out
	}
	// A replica's end comes a moment after the last click, as it would
	// for a user who clicked and then read the page: a store writes
	// session state in batches (every 200 ms), and what a replica had not
	// written yet when it died is lost.
	time.Sleep(quietBeforeEnd)
	victim := slices.IndexFunc(replicas, func(r *replica) bool { return r.addr == tabs[0].upstream })
	if victim < 0 {
		return killed, termed, fmt.Errorf("nginx named %q as tab 0's replica, which is none of %d", tabs[0].upstream, len(replicas))
	}
	doomed, others := on(tabs, replicas[victim])
	outs, _ := displace(ctx, rep, lb.Addr, doomed, replicas[victim], func() { replicas[victim].cmd.Process.Kill() })
	<-replicas[victim].exited
	if killed, err = sum("kill -9", doomed, outs); err != nil {
		return killed, termed, err
	}
	if killed.told > 0 {
		return killed, termed, fmt.Errorf("%d tabs were told to reconnect by a replica killed with SIGKILL", killed.told)
	}
	// The other tabs never noticed: each still clicks on its replica.
	for _, t := range others {
		if _, err := t.c.click(click); err != nil {
			return killed, termed, fmt.Errorf("tab %s on a surviving replica: %w", t.name, err)
		}
		t.clicks++
	}
	res.note("%d tabs through nginx, %d on the replica killed; each reconnects with the browser's backoff (a random %s–%s before the first attempt, doubling per failed attempt) and its hello (session id, widget values)",
		n, len(doomed), minDelay/2, minDelay)
	if !withStore && killed.state > 0 {
		res.note("session state came back for %.0f%% of the tabs without a store: unexpected", killed.state)
	}
	if len(replicas) < 3 {
		return killed, termed, nil
	}

	// A rolling restart's step: SIGTERM to the replica of the first tab
	// not on the dead one.
	if len(others) == 0 {
		return killed, termed, errors.New("no tab on the replicas left, to stop one with SIGTERM")
	}
	i := slices.IndexFunc(replicas, func(r *replica) bool { return r.addr == others[0].upstream })
	if i < 0 {
		return killed, termed, fmt.Errorf("nginx named %q as a tab's replica, which is none of %d", others[0].upstream, len(replicas))
	}
	second := replicas[i]
	leaving, _ := on(tabs, second)
	time.Sleep(quietBeforeEnd)
	outs, ended := displace(ctx, rep, lb.Addr, leaving, second, func() { second.cmd.Process.Signal(syscall.SIGTERM) })
	select {
	case <-second.exited:
	case <-time.After(30 * time.Second):
		return killed, termed, errors.New("the replica stopped with SIGTERM did not exit within 30 s")
	}
	if termed, err = sum("SIGTERM", leaving, outs); err != nil {
		return killed, termed, err
	}
	termed.exit = second.exitedAt.Sub(ended)
	if code := second.cmd.ProcessState.ExitCode(); code != 0 {
		return killed, termed, fmt.Errorf("the replica stopped with SIGTERM exited %d, want 0", code)
	}
	res.note("then SIGTERM to a replica holding %d tabs: %d were told to reconnect and opened a new websocket at once, as the page does", len(leaving), termed.told)
	return killed, termed, nil
}
