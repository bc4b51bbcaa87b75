package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/gost-dev/gost/internal/benchapp"
	gost "github.com/gost-dev/gost/runtime"
)

// replicaEnv makes this binary a replica: runtime.Main serving the
// representative app, configured by GOST_* variables as a deployed app
// is. It is how the replicas scenario gets server processes without a
// build step; the main is the one gost build generates.
const replicaEnv = "GOSTBENCH_REPLICA"

// replicaMain runs the replica and reports whether this process is one.
func replicaMain() bool {
	if os.Getenv(replicaEnv) != "1" {
		return false
	}
	gost.Main(benchapp.RepresentativeApp)
	return true
}

// replica is one server process of the representative app.
type replica struct {
	addr     string
	cmd      *exec.Cmd
	log      string        // its stderr
	started  time.Duration // from exec to /healthz answering 200
	exited   chan struct{}
	exitedAt time.Time // set before exited closes
}

// startReplica starts a replica, bin or else this binary, on a free
// loopback port in a directory of its own under tmp (no config.toml, HOME there), with the shared cookie
// secret and, if store is not empty, the shared store, and waits for its
// /healthz.
func startReplica(bin, tmp, name, secret, store string) (*replica, error) {
	exe := bin
	if exe == "" {
		self, err := os.Executable()
		if err != nil {
			return nil, fmt.Errorf("find own binary: %w", err)
		}
		exe = self
	}
	dir, err := os.MkdirTemp(tmp, name)
	if err != nil {
		return nil, err
	}
	addr, err := freePort()
	if err != nil {
		return nil, err
	}
	_, port, _ := strings.Cut(addr, ":")
	logf, err := os.Create(filepath.Join(dir, "stderr.log"))
	if err != nil {
		return nil, err
	}
	defer logf.Close()
	cmd := exec.Command(exe)
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.Env = []string{
		"PATH=" + os.Getenv("PATH"), "HOME=" + dir, replicaEnv + "=1",
		"GOST_SERVER_ADDRESS=127.0.0.1", "GOST_SERVER_PORT=" + port, "GOST_SERVER_HEADLESS=true",
		"GOST_SERVER_COOKIE_SECRET=" + secret, "GOST_LOGGER_LEVEL=warning",
	}
	if store != "" {
		cmd.Env = append(cmd.Env, "GOST_SERVER_STORE="+store)
	}
	r := &replica{addr: addr, cmd: cmd, log: logf.Name(), exited: make(chan struct{})}
	begin := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start replica: %w", err)
	}
	go func() { cmd.Wait(); r.exitedAt = time.Now(); close(r.exited) }()
	hc := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: time.Second}
	for {
		if resp, err := hc.Get("http://" + addr + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		select {
		case <-r.exited:
			b, _ := os.ReadFile(r.log)
			return nil, fmt.Errorf("replica %s exited before serving: %s", name, b)
		default:
		}
		if time.Since(begin) > 15*time.Second {
			r.kill()
			return nil, fmt.Errorf("replica %s did not answer /healthz within 15s", name)
		}
		time.Sleep(200 * time.Microsecond)
	}
	r.started = time.Since(begin)
	return r, nil
}

// kill is kill -9: the process dies with its sockets, no goodbye.
func (r *replica) kill() {
	r.cmd.Process.Kill()
	<-r.exited
}

// startRedis runs redis-server (at path) on a free loopback port, without
// persistence, and returns its URL and a stop function.
func startRedis(path, tmp string) (string, func(), error) {
	dir, err := os.MkdirTemp(tmp, "redis")
	if err != nil {
		return "", nil, err
	}
	addr, err := freePort()
	if err != nil {
		return "", nil, err
	}
	_, port, _ := strings.Cut(addr, ":")
	cmd := exec.Command(path, "--bind", "127.0.0.1", "--port", port, "--save", "", "--appendonly", "no", "--dir", dir)
	out := &strings.Builder{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		return "", nil, fmt.Errorf("start redis-server: %w", err)
	}
	stop := func() { cmd.Process.Kill(); cmd.Wait() }
	if err := waitTCP(addr, 10*time.Second); err != nil {
		stop()
		return "", nil, fmt.Errorf("redis-server: %w: %s", err, out)
	}
	return "redis://" + addr + "/0", stop, nil
}

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
	ws, resp, err := dialer.DialContext(ctx, "ws://"+addr+"/_gost/stream", http.Header{"Origin": {"http://" + addr}})
	if err != nil {
		return nil, fmt.Errorf("dial %s: %w", addr, err)
	}
	c := &client{ws: ws}
	if err := c.write(helloWith(t.session, t.name)); err != nil {
		ws.Close()
		return nil, fmt.Errorf("send hello: %w", err)
	}
	var page []byte
	for {
		m, err := c.read()
		if err != nil {
			ws.Close()
			return nil, fmt.Errorf("page: %w", err)
		}
		page = append(page, c.buf.Bytes()...)
		switch m.t {
		case "session":
			t.session = m.id
		case "done":
			if m.s != "ok" {
				ws.Close()
				return nil, fmt.Errorf("first run ended %q", m.s)
			}
			t.c, t.upstream = c, servedBy(resp.Header.Get("X-Gost-Upstream"))
			return page, nil
		}
	}
}

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
	defer lb.stop()
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
	defer lb1.stop()
	paths := []struct{ name, addr string }{
		{"one replica, direct", replicas[0].addr},
		{"one replica via nginx", lb1.addr},
		{fmt.Sprintf("%d replicas via nginx", cfg.replicas), lb.addr},
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
			for attempt := 0; ; attempt++ {
				if attempt > 0 || !o.told {
					w := backoff(attempt, rng)
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
func failover(cfg config, rep int, lb *nginxProc, replicas []*replica, n int, withStore bool, res *result) (killed, termed failoverResult, err error) {
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
		if _, err := t.open(ctx, lb.addr); err != nil {
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
	outs, _ := displace(ctx, rep, lb.addr, doomed, replicas[victim], func() { replicas[victim].cmd.Process.Kill() })
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
	outs, ended := displace(ctx, rep, lb.addr, leaving, second, func() { second.cmd.Process.Signal(syscall.SIGTERM) })
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
