package runtime

// Metrics: what a team's monitoring scrapes, at /metrics on a listener of
// its own (Options.MetricsAddress; off by default: the numbers say how busy
// the app is, and the app's port faces users).
//
// The counters are plain atomics, kept by the server as it works, and
// written in Prometheus' text exposition format (version 0.0.4) by hand.
// github.com/prometheus/client_golang would write the same text, but an
// app module that imports it gets 8 requirements, 16 go.sum modules and a
// module graph of 32 (go mod tidy; go list -m all, client_golang v1.25.0),
// where an app of gost gets at most 6, 6 and 7 (appmodule_test.go). For a
// dozen counters and one histogram, writing the format is less than those
// modules. The names follow Prometheus' conventions: a gost_ prefix, base
// units, _total for counters.

import (
	"bufio"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/gost-dev/gost/internal/script"
)

// runBuckets are the run duration histogram's upper bounds, in seconds:
// most runs take well under a millisecond; a slow one, seconds.
var runBuckets = [...]float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

// outcomes names script's outcomes in gost_runs_total's outcome label.
var outcomes = [...]string{
	script.Finished:      "ok",
	script.Stopped:       "stopped",
	script.Rerun:         "rerun",
	script.Aborted:       "superseded",
	script.Panicked:      "error",
	script.RerunFragment: "rerun",
}

// metrics are a server's counters. The zero value counts from zero; a nil
// *metrics counts nothing (a session no server holds).
type metrics struct {
	runs        [len(outcomes)]atomic.Uint64
	runBuckets  [len(runBuckets)]atomic.Uint64 // not cumulative; summed when written
	runNanos    atomic.Uint64
	sent        atomic.Uint64 // websocket bytes to browsers
	received    atomic.Uint64 // websocket bytes from browsers
	reconnects  atomic.Uint64 // hellos of tabs that had a session before
	loginOK     atomic.Uint64
	loginFailed atomic.Uint64
	storeErrors atomic.Uint64 // operations of the replicas' store that failed (store.go)
}

// run records one execution of the app.
func (m *metrics) run(out script.Outcome, d time.Duration) {
	if m == nil {
		return
	}
	if int(out) >= 0 && int(out) < len(m.runs) {
		m.runs[out].Add(1)
	}
	m.runNanos.Add(uint64(d))
	sec := d.Seconds()
	for i, le := range runBuckets {
		if sec <= le {
			m.runBuckets[i].Add(1)
			break
		}
	}
}

// login records a login's result: the callback either sets the identity
// cookie or sends the browser back with a failure (runtime/auth).
func (m *metrics) login(ok bool) {
	if m == nil {
		return
	}
	if ok {
		m.loginOK.Add(1)
	} else {
		m.loginFailed.Add(1)
	}
}

// serveMetrics writes the server's metrics in the text format.
func (s *Server) serveMetrics(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	b := bufio.NewWriter(w)
	defer b.Flush()
	m := &s.metrics
	gauge := func(name, help string, v float64) {
		fmt.Fprintf(b, "# HELP %s %s\n# TYPE %s gauge\n%s %s\n", name, help, name, name, num(v))
	}
	counter := func(name, help string, v uint64) {
		fmt.Fprintf(b, "# HELP %s %s\n# TYPE %s counter\n%s %d\n", name, help, name, name, v)
	}
	gauge("gost_sessions", "Sessions the server holds, with or without an open tab.", float64(s.Sessions()))
	gauge("gost_websockets", "Open websockets (tabs).", float64(s.openConns()))
	gauge("gost_jobs_running", "Users' jobs (st.Job) running.", float64(s.jobs.Running()))
	ready := 1.0
	if s.stopping.Load() {
		ready = 0
	}
	gauge("gost_ready", "1 while the server takes new sessions, 0 once it shuts down.", ready)

	fmt.Fprintf(b, "# HELP gost_runs_total Runs of the app, by how they ended.\n# TYPE gost_runs_total counter\n")
	seen := map[string]uint64{}
	var order []string
	for out, name := range outcomes {
		if _, ok := seen[name]; !ok {
			order = append(order, name)
		}
		seen[name] += m.runs[out].Load()
	}
	for _, name := range order {
		fmt.Fprintf(b, "gost_runs_total{outcome=%q} %d\n", name, seen[name])
	}

	fmt.Fprintf(b, "# HELP gost_run_duration_seconds How long runs of the app take.\n# TYPE gost_run_duration_seconds histogram\n")
	// Read the buckets first and the count from them, so that the +Inf
	// bucket equals _count even while runs are recorded.
	var cum uint64
	for i, le := range runBuckets {
		cum += m.runBuckets[i].Load()
		fmt.Fprintf(b, "gost_run_duration_seconds_bucket{le=%q} %d\n", num(le), cum)
	}
	var count uint64
	for i := range m.runs {
		count += m.runs[i].Load()
	}
	count = max(count, cum)
	fmt.Fprintf(b, "gost_run_duration_seconds_bucket{le=\"+Inf\"} %d\n", count)
	fmt.Fprintf(b, "gost_run_duration_seconds_sum %s\n", num(float64(m.runNanos.Load())/1e9))
	fmt.Fprintf(b, "gost_run_duration_seconds_count %d\n", count)

	counter("gost_websocket_sent_bytes_total", "Bytes of websocket messages sent to browsers.", m.sent.Load())
	counter("gost_websocket_received_bytes_total", "Bytes of websocket messages received from browsers.", m.received.Load())
	counter("gost_reconnects_total", "Tabs that connected again to a session they had (after a network blip, a restart, another replica's shutdown).", m.reconnects.Load())
	fmt.Fprintf(b, "# HELP gost_logins_total Logins through the OpenID Connect callback, by result.\n# TYPE gost_logins_total counter\n")
	fmt.Fprintf(b, "gost_logins_total{result=\"success\"} %d\n", m.loginOK.Load())
	fmt.Fprintf(b, "gost_logins_total{result=\"failure\"} %d\n", m.loginFailed.Load())
	counter("gost_store_errors_total", "Operations of the store the replicas share that failed; the replica served from its memory meanwhile.", m.storeErrors.Load())
	if sh := s.shared; sh != nil {
		mismatch := 0.0
		if sh.mismatch.Load() {
			mismatch = 1
		}
		gauge("gost_store_cookie_secret_mismatch", "1 when another replica sharing the store has a different cookie secret.", mismatch)
	}
}

// num formats v as the text format wants a float.
func num(v float64) string {
	if math.IsInf(v, +1) {
		return "+Inf"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// serveMetricsOn serves /metrics on a listener of its own at addr until it
// is closed, and returns that listener. The caller closes it.
func (s *Server) serveMetricsOn(addr string, log *slog.Logger) (net.Listener, error) {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("runtime: metrics: %w", err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /metrics", s.serveMetrics)
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := hs.Serve(l); err != nil && !errors.Is(err, net.ErrClosed) {
			log.Error("runtime: metrics listener", "err", err)
		}
	}()
	log.Info("runtime: serving metrics", "url", "http://"+l.Addr().String()+"/metrics")
	return l, nil
}
