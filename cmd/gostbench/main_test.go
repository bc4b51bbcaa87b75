package main

import (
	"os"
	"os/exec"
	"testing"
	"time"
)

// TestMain lets the test binary be the harness's children too, as the
// harness re-executes itself: a replica (by environment) or the floor's
// echo server.
func TestMain(m *testing.M) {
	if replicaMain() {
		return
	}
	if len(os.Args) > 1 && os.Args[1] == "-serve-echo" {
		if err := serveEcho(); err != nil {
			os.Stderr.WriteString(err.Error() + "\n")
			os.Exit(1)
		}
		return
	}
	os.Exit(m.Run())
}

// metricOf returns the value of res's metric name, failing the test if
// there is none.
func metricOf(t *testing.T, res result, name string) float64 {
	t.Helper()
	for _, m := range res.Metrics {
		if m.Name == name {
			return m.Value
		}
	}
	t.Fatalf("%s: no metric %q in %+v", res.Scenario, name, res.Metrics)
	return 0
}

// The floor is measured against a child process and is a plausible
// loopback round trip.
func TestFloor(t *testing.T) {
	t.Parallel()
	res, err := runFloor(config{clicks: 100, floorBytes: 170}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if res.Server != "child" {
		t.Errorf("floor served by %q, want a child process", res.Server)
	}
	p50, p99 := metricOf(t, res, "round trip p50"), metricOf(t, res, "round trip p99")
	if p50 <= 0 || p50 > 50 || p99 < p50 {
		t.Errorf("floor p50 %v ms, p99 %v ms: not a loopback round trip", p50, p99)
	}
}

// Click latencies are given against the floor of the same run.
func TestSummaryAgainstFloor(t *testing.T) {
	t.Parallel()
	rep := report{Runs: []result{
		{Scenario: "floor", Server: "child", Metrics: []metric{{Name: "round trip p50", Unit: "ms", Value: 0.02}}},
		{Scenario: "single", Server: "child", Metrics: []metric{{Name: "latency p50", Unit: "ms", Value: 0.05, Floor: "round trip p50"}, {Name: "bytes", Unit: "B", Value: 100}}},
	}}
	rep.summarize()
	s := rep.Summary[1]
	if s.FloorMultiple < 2.49 || s.FloorMultiple > 2.51 || s.FloorExcess < 0.0299 || s.FloorExcess > 0.0301 {
		t.Errorf("latency p50 0.05 ms over a floor of 0.02 ms: multiple %v, excess %v ms; want 2.5 and 0.03", s.FloorMultiple, s.FloorExcess)
	}
	if rep.Summary[2].FloorMultiple != 0 {
		t.Errorf("bytes compared with the floor: %v", rep.Summary[2].FloorMultiple)
	}
}

// The replicas scenario, small: three replicas behind a real nginx; a
// killed replica's tabs come back elsewhere with their widget values and,
// without a store, without their session state; then a replica stopped
// with SIGTERM tells its tabs to reconnect, they do, and it exits soon
// (it waits for its tabs to leave: one the harness lost track of would
// hold it for nine tenths of the 10 s grace).
func TestReplicasScenario(t *testing.T) {
	t.Parallel()
	nginx, err := exec.LookPath("nginx")
	if err != nil {
		t.Fatal("nginx is needed (apt-get install nginx): ", err)
	}
	cfg := config{replicas: 3, sessions: 9, clicks: 20, lbTabs: 4, lbDuration: 200 * time.Millisecond,
		nginx: nginx, dialConcurrency: 4}
	res, err := runReplicas(cfg, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got := metricOf(t, res, "tabs whose widgets came back"); got != 100 {
		t.Errorf("%v %% of the killed replica's tabs came back with their widgets, want 100", got)
	}
	if got := metricOf(t, res, "tabs whose session state came back"); got != 0 {
		t.Errorf("%v %% came back with session state without a store, want 0", got)
	}
	if got := metricOf(t, res, "kill -9 → tab live elsewhere, max"); got <= 50 || got > 10000 {
		t.Errorf("kill → live %v ms: want at least the browser's first wait (50 ms) and well under 10 s", got)
	}
	if got := metricOf(t, res, "SIGTERM: tabs told to reconnect"); got != 100 {
		t.Errorf("%v %% of a stopped replica's tabs were told to reconnect, want 100", got)
	}
	if got := metricOf(t, res, "SIGTERM: tabs whose widgets came back"); got != 100 {
		t.Errorf("%v %% of a stopped replica's tabs came back with their widgets, want 100", got)
	}
	if got := metricOf(t, res, "SIGTERM → replica exited"); got > 5000 {
		t.Errorf("the stopped replica exited %v ms after SIGTERM: some tab was left on it", got)
	}
	for _, name := range []string{"one replica, direct", "one replica via nginx", "3 replicas via nginx"} {
		if got := metricOf(t, res, name+": loaded, reruns per second"); got <= 0 {
			t.Errorf("%s: %v reruns per second", name, got)
		}
	}
}

func TestServedBy(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"127.0.0.1:8001", "127.0.0.1:8001"},
		{"127.0.0.1:8001, 127.0.0.1:8002", "127.0.0.1:8002"}, // the first refused
		{"", ""},
	} {
		if got := servedBy(tc.in); got != tc.want {
			t.Errorf("servedBy(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// Each scenario is compared with the floor measured right before it, so a
// load that changes during a run does not make one scenario look better.
func TestSummaryAgainstItsOwnFloor(t *testing.T) {
	t.Parallel()
	rep := report{Runs: []result{
		{Scenario: "floor", Before: "single", Metrics: []metric{{Name: "round trip p50", Value: 0.02}}},
		{Scenario: "single", Metrics: []metric{{Name: "latency p50", Value: 0.04, Floor: "round trip p50"}}},
		{Scenario: "floor", Before: "burst", Metrics: []metric{{Name: "round trip p50", Value: 0.5}}},
		{Scenario: "burst", Metrics: []metric{{Name: "latency p50", Value: 1, Floor: "round trip p50"}}},
	}}
	rep.summarize()
	for _, s := range rep.Summary {
		want := map[string]float64{"single": 2, "burst": 2}[s.Scenario]
		if s.Scenario != "floor" && (s.FloorMultiple < want-0.01 || s.FloorMultiple > want+0.01) {
			t.Errorf("%s: %v× floor, want %v× (its own floor's)", s.Scenario, s.FloorMultiple, want)
		}
	}
}

// TestContextSwitchesCountSleeps: a thread that sleeps gives up its CPU,
// and ctxSwitches counts it, whichever of the process's threads it is.
func TestContextSwitchesCountSleeps(t *testing.T) {
	before, err := ctxSwitches(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	for range 20 {
		time.Sleep(time.Millisecond)
	}
	after, err := ctxSwitches(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	if after-before < 20 {
		t.Errorf("20 sleeps counted %d context switches, want at least 20", after-before)
	}
}
