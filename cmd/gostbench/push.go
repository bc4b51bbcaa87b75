package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"time"

	gost "github.com/gost-dev/gost/runtime"
	"github.com/gost-dev/gost/st"
)

// runPush measures a goroutine's push: the time from Handle.RerunFragment
// in the server's process to the fragment run's "done" read by the
// client, over a loopback websocket. The server runs in this process,
// since the push is made here; the page is the small app's with a
// fragment whose counter the push moves on.
func runPush(cfg config, rep int) (res result, err error) {
	res.Scenario = "push"
	res.Server = "in-process"
	handles := make(chan *st.Handle, 1)
	app := func(c *st.Ctx) {
		c.Title("Feed")
		c.Button("Nothing")
		c.Fragment("feed", pushFeed)
		select {
		case handles <- c.Session():
		default:
		}
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return res, fmt.Errorf("listen: %w", err)
	}
	hs := &http.Server{Handler: gost.NewServer(app, gost.Options{}, logger()), ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(l)
	defer hs.Close()
	c, _, err := dial(context.Background(), l.Addr().String())
	if err != nil {
		return res, err
	}
	defer c.close()
	h := <-handles
	const warmup = 200
	lat := make([]time.Duration, 0, cfg.clicks)
	var bytes []float64
	for i := 0; i < warmup+cfg.clicks; i++ {
		start := time.Now()
		h.RerunFragment("feed")
		size := 0
		for {
			m, err := c.read()
			if err != nil {
				return res, fmt.Errorf("push %d: %w", i, err)
			}
			size += m.size
			if m.t == "done" {
				break
			}
		}
		if i >= warmup {
			lat = append(lat, time.Since(start))
			bytes = append(bytes, float64(size))
		}
	}
	res.addTarget("push to socket p50", "ms", ms(percentile(lat, 50)), 0.2, false)
	res.add("push to socket p99", "ms", ms(percentile(lat, 99)))
	res.add("bytes per push (run+done)", "B", median(bytes))
	res.note("%d pushes of one fragment after %d warm-up, one at a time", len(lat), warmup)
	return res, nil
}

func pushFeed(c *st.Ctx) {
	state := c.SessionState()
	state.Set("n", state.Int("n")+1)
	c.Text("pushed " + strconv.Itoa(state.Int("n")))
}
