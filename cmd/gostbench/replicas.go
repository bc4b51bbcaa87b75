package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gost-dev/gost/internal/benchapp"
)

// servedBy reads nginx's $upstream_addr: the replicas tried, in order,
// "a:1, b:2" when the first refused; the last one served.
func servedBy(upstreamAddr string) string {
	tried := strings.Split(upstreamAddr, ",")
	return strings.TrimSpace(tried[len(tried)-1])
}

// lbRun is closed-loop load: every tab clicks again as soon as its last
// click's done arrives, for d.
type lbRun struct {
	rate     float64 // reruns per second
	p50, p99 time.Duration
}

func hammer(addr string, tabs int, d time.Duration, conc int) (lbRun, error) {
	clients, _, _, err := connectAll(addr, tabs, conc, "replicas")
	if err != nil {
		return lbRun{}, err
	}
	defer closeAll(clients)
	msg := rerunMsg(benchapp.ClickTrigger)
	lats := make([][]time.Duration, tabs)
	errs := make([]error, tabs)
	end := time.Now().Add(d)
	var wg sync.WaitGroup
	for i, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(end) {
				r, err := c.click(msg)
				if err != nil {
					errs[i] = err
					return
				}
				lats[i] = append(lats[i], r.latency)
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return lbRun{}, err
	}
	lat := slices.Concat(lats...)
	return lbRun{rate: float64(len(lat)) / d.Seconds(), p50: percentile(lat, 50), p99: percentile(lat, 99)}, nil
}

// alone is one tab clicking one click at a time, after 200 warm-up
// clicks: the latency of a path with nothing else on it.
func alone(addr string, clicks int) (lbRun, error) {
	c, _, err := dial(context.Background(), addr)
	if err != nil {
		return lbRun{}, err
	}
	defer c.close()
	msg := rerunMsg(benchapp.ClickTrigger)
	const warmup = 200
	lat := make([]time.Duration, 0, clicks)
	for i := range warmup + clicks {
		r, err := c.click(msg)
		if err != nil {
			return lbRun{}, fmt.Errorf("click %d: %w", i, err)
		}
		if i >= warmup {
			lat = append(lat, r.latency)
		}
	}
	return lbRun{p50: percentile(lat, 50), p99: percentile(lat, 99)}, nil
}

// runReplicas is issue 12's deploy benchmark: replicas of the
// representative app, each its own process started as a deploy starts it,
// behind Debian's nginx (round robin, no stickiness). It measures reruns
// per second and latency through nginx against one replica reached
// directly, and the time from a replica's kill -9 to its tabs being live
// again on the others: each tab reconnects with the browser's backoff and
// its hello (session id and widget values), and is live at the first done.
// With a third replica, one more is then stopped with SIGTERM, as a
// rolling restart does, and its tabs, told to reconnect, are followed too.
func runReplicas(cfg config, rep int) (res result, err error) {
	res.Scenario = "replicas"
	res.Server = "child"
	if cfg.replicas < 2 {
		return res, errors.New("-replicas: want at least 2, one to kill and one to take its tabs")
	}
	nginxPath, err := exec.LookPath(cfg.nginx)
	if err != nil {
		return res, fmt.Errorf("replicas needs nginx (apt-get install nginx, or -nginx PATH): %w", err)
	}
	tabs := cfg.sessions
	if tabs == 0 {
		tabs = 30 // failover tabs; -sessions sets them
	}
	if _, err := raiseFDLimit(2*tabs + 64); err != nil {
		return res, err
	}
	tmp, err := os.MkdirTemp("", "gostbench-replicas")
	if err != nil {
		return res, err
	}
	defer os.RemoveAll(tmp)

	store := cfg.store
	if cfg.redis != "" && store == "" {
		url, stop, err := startRedis(cfg.redis, tmp)
		if err != nil {
			return res, err
		}
		defer stop()
		store = url
	}
	secret := strconv.FormatUint(rand.Uint64(), 36) + strconv.FormatUint(rand.Uint64(), 36)
	var replicas []*replica
	defer func() {
		for _, r := range replicas {
			r.kill()
		}
	}()
	var starts []time.Duration
	var addrs []string
	for i := range cfg.replicas {
		r, err := startReplica(cfg.replicaBin, tmp, fmt.Sprintf("replica%d-", i), secret, store)
		if err != nil {
			return res, err
		}
		replicas = append(replicas, r)
		starts = append(starts, r.started)
		addrs = append(addrs, r.addr)
	}
	lb, err := startNginx(nginxPath, tmp, addrs)
	if err != nil {
		return res, err
	}
	defer lb.Stop()
	if store != "" {
		res.note("replicas share the store %s (GOST_SERVER_STORE)", store)
		// A build without the store warns of the variable and ignores it.
		if b, _ := os.ReadFile(replicas[0].log); bytes.Contains(b, []byte("GOST_SERVER_STORE: unknown variable")) {
			res.note("this build of gost does not know GOST_SERVER_STORE: the replicas ignore the store")
		}
	} else {
		res.note("no store: replicas share nothing but the cookie secret, so session state is not carried")
	}

	// One tab clicking alone, then many clicking back to back, on one
	// replica directly, through nginx to that one replica (what nginx
	// costs), and through nginx to all of them. Every other repetition
	// goes in the reverse order, so neither path always comes first.
	lb1, err := startNginx(nginxPath, tmp, addrs[:1])
	if err != nil {
		return res, err
	}
	defer lb1.Stop()
	paths := []struct{ name, addr string }{
		{"one replica, direct", replicas[0].addr},
		{"one replica via nginx", lb1.Addr},
		{fmt.Sprintf("%d replicas via nginx", cfg.replicas), lb.Addr},
	}
	if rep%2 == 1 {
		slices.Reverse(paths)
	}
	load0 := loadavg()
	type measured struct {
		one   lbRun // one tab
		loads lbRun // cfg.lbTabs tabs
	}
	got := make([]measured, len(paths))
	for i, p := range paths {
		if got[i].one, err = alone(p.addr, cfg.clicks); err != nil {
			return res, fmt.Errorf("%s: %w", p.name, err)
		}
		if got[i].loads, err = hammer(p.addr, cfg.lbTabs, cfg.lbDuration, cfg.dialConcurrency); err != nil {
			return res, fmt.Errorf("%s: %w", p.name, err)
		}
	}
	res.note("one tab: %d clicks one at a time; loaded: %d tabs clicking back to back for %s (closed loop); one nginx worker; load average %s before, %s after",
		cfg.clicks, cfg.lbTabs, cfg.lbDuration, load0, loadavg())

	// Failover.
	fo, term, err := failover(cfg, rep, lb, replicas, tabs, store != "", &res)
	if err != nil {
		return res, err
	}

	for i, p := range paths {
		res.add(p.name+": one tab, click p50", "ms", ms(got[i].one.p50))
		res.vsFloor("p50")
		res.add(p.name+": one tab, click p99", "ms", ms(got[i].one.p99))
		res.vsFloor("p99")
		res.add(p.name+": loaded, reruns per second", "1/s", got[i].loads.rate)
		res.add(p.name+": loaded, click p50", "ms", ms(got[i].loads.p50))
		res.add(p.name+": loaded, click p99", "ms", ms(got[i].loads.p99))
	}
	res.add("kill -9 → tab's socket closed, p50", "ms", ms(fo.closed))
	res.add("kill -9 → tab live elsewhere, p50", "ms", ms(fo.p50))
	res.addTarget("kill -9 → tab live elsewhere, max", "ms", ms(fo.max), 2000, false)
	res.add("of which the backoff's wait, p50", "ms", ms(fo.wait))
	res.add("of which reconnect + hello → done, p50", "ms", ms(fo.work))
	res.add("tabs whose widgets came back", "%", fo.widgets)
	res.add("tabs whose session state came back", "%", fo.state)
	if term.p50 > 0 {
		res.add("SIGTERM → tab told to reconnect, p50", "ms", ms(term.closed))
		res.add("SIGTERM → tab live elsewhere, p50", "ms", ms(term.p50))
		res.addTarget("SIGTERM → tab live elsewhere, max", "ms", ms(term.max), 2000, false)
		res.add("SIGTERM: tabs told to reconnect", "%", 100*float64(term.told)/float64(term.tabs))
		res.add("SIGTERM: tabs whose widgets came back", "%", term.widgets)
		res.add("SIGTERM: tabs whose session state came back", "%", term.state)
		res.add("SIGTERM → replica exited", "ms", ms(term.exit))
	}
	res.add("replica start → /healthz, median", "ms", ms(percentile(starts, 50)))
	return res, nil
}
