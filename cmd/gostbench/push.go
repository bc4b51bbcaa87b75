package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	gost "github.com/gost-dev/gost/runtime"
	"github.com/gost-dev/gost/st"
)

// pushPath is the child's endpoint that makes a push: the handler notes
// the time and calls Handle.RerunFragment, as a goroutine of an app does
// when its data changes. Like memPath, it is the harness's, not gost's.
const pushPath = "/debug/gostbench/push"

// pusher is the push app: a title, a button and a fragment whose text is
// the time of the push it answers, in Unix nanoseconds, so that a client
// in another process can tell how long the push took to reach it (the
// clocks are the same machine's).
type pusher struct {
	handle atomic.Pointer[st.Handle]
	at     atomic.Int64 // UnixNano of the latest push
}

func (p *pusher) app(c *st.Ctx) {
	c.Title("Feed")
	c.Button("Nothing")
	c.Fragment("feed", func(c *st.Ctx) {
		c.Text("pushed at " + strconv.FormatInt(p.at.Load(), 10) + ";")
	})
	p.handle.CompareAndSwap(nil, c.Session())
}

// push is pushPath's handler.
func (p *pusher) push(w http.ResponseWriter, r *http.Request) {
	h := p.handle.Load()
	if h == nil {
		http.Error(w, "no session yet", http.StatusConflict)
		return
	}
	// The push comes a moment after the answer, so the request's own
	// traffic is over when the measured time starts.
	go func() {
		time.Sleep(time.Millisecond)
		p.at.Store(time.Now().UnixNano())
		h.RerunFragment("feed")
	}()
	w.WriteHeader(http.StatusNoContent)
}

// runPush measures a goroutine's push: the time from Handle.RerunFragment
// in the server's process to the fragment run's "done" read by the
// client, over a loopback websocket, one push at a time. In a child
// process (the default) the push is asked for over HTTP, made a
// millisecond after the answer, and the fragment shows when it was made;
// -server inproc calls RerunFragment here.
func runPush(cfg config, rep int) (res result, err error) {
	res.Scenario = "push"
	var p pusher
	var addr string
	var trigger func() error
	if cfg.server == "inproc" {
		res.Server = "in-process"
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return res, fmt.Errorf("listen: %w", err)
		}
		hs := &http.Server{Handler: gost.NewServer(p.app, gost.Options{}, logger()), ReadHeaderTimeout: 10 * time.Second}
		go hs.Serve(l)
		defer hs.Close()
		addr = l.Addr().String()
		trigger = func() error {
			p.at.Store(time.Now().UnixNano())
			p.handle.Load().RerunFragment("feed")
			return nil
		}
	} else {
		t, err := start(cfg, "push", "push", rep)
		if err != nil {
			return res, err
		}
		defer t.stop()
		res.Server = t.mode
		addr = t.addr
		hc := &http.Client{Timeout: readTimeout}
		trigger = func() error {
			resp, err := hc.Post("http://"+addr+pushPath, "", nil)
			if err != nil {
				return fmt.Errorf("ask the child for a push: %w", err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusNoContent {
				return fmt.Errorf("ask the child for a push: %s", resp.Status)
			}
			return nil
		}
	}
	c, _, err := dial(context.Background(), addr)
	if err != nil {
		return res, err
	}
	defer c.close()
	const warmup = 200
	lat := make([]time.Duration, 0, cfg.clicks)
	var sizes []float64
	var last int64
	for i := 0; i < warmup+cfg.clicks; i++ {
		if err := trigger(); err != nil {
			return res, err
		}
		size := 0
		var at int64
		for {
			m, err := c.read()
			if err != nil {
				return res, fmt.Errorf("push %d: %w", i, err)
			}
			size += m.size
			if v, ok := pushedAt(c.buf.Bytes()); ok {
				at = v
			}
			if m.t == "done" {
				break
			}
		}
		now := time.Now()
		if at == 0 || at == last {
			return res, fmt.Errorf("push %d: the fragment did not show a new push time", i)
		}
		last = at
		if i >= warmup {
			lat = append(lat, now.Sub(time.Unix(0, at)))
			sizes = append(sizes, float64(size))
		}
	}
	res.addTarget("push to socket p50", "ms", ms(percentile(lat, 50)), 0.2, false)
	res.add("push to socket p99", "ms", ms(percentile(lat, 99)))
	res.add("bytes per push", "B", median(sizes))
	res.note("%d pushes of one fragment after %d warm-up, one at a time; from the server's RerunFragment call to the done read by the client, clocks of the same machine; load average %s", len(lat), warmup, loadavg())
	return res, nil
}

// pushedAt finds the push time the fragment shows in a message.
func pushedAt(b []byte) (int64, bool) {
	_, rest, ok := bytes.Cut(b, []byte("pushed at "))
	if !ok {
		return 0, false
	}
	end := bytes.IndexByte(rest, ';')
	if end < 0 {
		return 0, false
	}
	v, err := strconv.ParseInt(string(rest[:end]), 10, 64)
	return v, err == nil
}
