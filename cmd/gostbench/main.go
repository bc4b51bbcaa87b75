// Command gostbench measures a gost server the way browsers use it: real
// websockets on loopback, speaking docs/protocol.md, against an app served by
// package runtime. It prints a table of figures with their targets (or JSON
// with -json). BENCHMARKS.md records what it measured and how.
//
//	go run ./cmd/gostbench                        # every scenario, about 1.5 minutes
//	go run ./cmd/gostbench -scenario active -sessions 1000 -repeat 3
//
// Scenarios:
//
//	floor      a websocket echo between two processes: the round trip no server beats
//	single     one session clicking one click at a time: latency
//	active     many sessions clicking about once a second: latency, bytes, memory
//	burst      idle sessions all clicking at the same moment: reruns per second
//	idle       many connected idle sessions: server memory per session
//	unchanged  a rerun that changes nothing: bytes on the wire
//	frontend   the browser client, gzipped: bytes to download
//	push       a goroutine's push of a fragment rerun: latency to the socket
//	replicas   replica processes behind nginx: throughput, and a killed replica's tabs
//	           coming back on the others (not in "all": it needs nginx)
//
// Every server is a child process (this binary re-executed with -serve), as
// a deployed server is: its memory and CPU are its own, and its scheduler
// and garbage collector are not shared with the clients. -server inproc
// serves in the harness's process instead, and the figures say so. Click
// latencies are also given as multiples of the floor, measured in the
// same run.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"github.com/gost-dev/gost/internal/benchapp"
	"math"
	"os"
	goruntime "runtime"
	rpprof "runtime/pprof"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

func main() {
	if replicaMain() {
		return
	}
	var (
		cfg      config
		names    = flag.String("scenario", "all", "comma-separated scenarios to run: floor, single, active, burst, idle, unchanged, frontend, stream, push, replicas, or all (all but replicas; the floor is measured before each scenario that measures clicks unless named)")
		repeat   = flag.Int("repeat", 1, "run each scenario this many times and report the median (the machine may be noisy)")
		jsonOut  = flag.Bool("json", false, "print the results as JSON instead of a table")
		cpuprof  = flag.String("cpuprofile", "", "write this process's CPU profile to `file`; child servers write theirs to file.server-SCENARIO-REP")
		memprof  = flag.String("memprofile", "", "write the child server's heap profile, taken when its memory is measured (active, idle), to `file`.server-SCENARIO-REP")
		serve    = flag.Bool("serve", false, "internal: serve -app until stdin closes (the child process)")
		echo     = flag.Bool("serve-echo", false, "internal: serve the floor's websocket echo until stdin closes")
		appName  = flag.String("app", "representative", "internal: the app -serve serves")
		progress = flag.Bool("v", true, "report progress on stderr")
	)
	flag.IntVar(&cfg.sessions, "sessions", 0, "sessions for active, burst and idle (default 1000, 100 and 10000)")
	flag.IntVar(&cfg.clicks, "clicks", 2000, "single: clicks measured (after 200 warm-up clicks)")
	flag.DurationVar(&cfg.duration, "duration", 20*time.Second, "active: how long the sessions click")
	flag.DurationVar(&cfg.period, "period", time.Second, "active: time between one session's clicks")
	flag.IntVar(&cfg.rounds, "rounds", 20, "burst: rounds of simultaneous clicks")
	flag.DurationVar(&cfg.settle, "settle", 2*time.Second, "idle: wait after the last session connects, before measuring")
	flag.IntVar(&cfg.dialConcurrency, "dial-concurrency", 32, "sessions being connected at once")
	flag.StringVar(&cfg.server, "server", "child", "where the server runs: child (a separate process, as in production) or inproc (this process: figures labelled in-process, and no server memory or CPU)")
	flag.StringVar(&cfg.idleApp, "idle-app", "representative", "idle: the app the sessions hold: representative or small")
	flag.StringVar(&cfg.frontendDir, "frontend", "", "frontend: the source directory of the browser client, checked for files nothing loads (default: frontend/ of the enclosing gost repository)")
	flag.IntVar(&cfg.floorBytes, "floor-bytes", 170, "floor: bytes of the echoed frame (about a representative click's done)")
	flag.IntVar(&cfg.replicas, "replicas", 3, "replicas: server processes behind nginx")
	flag.StringVar(&cfg.replicaBin, "replica-bin", "", "replicas: a built gost app serving the representative app (internal/benchapp) to run as the replicas, configured by GOST_* variables; default: this binary, whose replicas know no store scheme but those of the root module")
	flag.StringVar(&cfg.nginx, "nginx", "/usr/sbin/nginx", "replicas: the nginx binary")
	flag.StringVar(&cfg.store, "store", "", "replicas: the store URL the replicas share (GOST_SERVER_STORE), e.g. redis://127.0.0.1:6379/0; none by default")
	flag.StringVar(&cfg.redis, "redis", "", "replicas: start this redis-server binary (e.g. /usr/bin/redis-server) on a free port as the replicas' store")
	flag.IntVar(&cfg.lbTabs, "lb-tabs", 50, "replicas: tabs clicking back to back in the throughput measure")
	flag.DurationVar(&cfg.lbDuration, "lb-duration", 5*time.Second, "replicas: how long each throughput measure lasts")
	flag.Parse()

	if *echo {
		if err := serveEcho(); err != nil {
			fmt.Fprintln(os.Stderr, "gostbench -serve-echo:", err)
			os.Exit(1)
		}
		return
	}
	if *serve {
		if err := serveChild(*appName, *cpuprof, *memprof != ""); err != nil {
			fmt.Fprintln(os.Stderr, "gostbench -serve:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(cfg, *names, *repeat, *jsonOut, *cpuprof, *memprof, *progress); err != nil {
		fmt.Fprintln(os.Stderr, "gostbench:", err)
		os.Exit(1)
	}
}

func run(cfg config, names string, repeat int, jsonOut bool, cpuprof, memprof string, progress bool) error {
	switch cfg.server {
	case "inproc", "child":
	default:
		return fmt.Errorf("-server %q: want child or inproc", cfg.server)
	}
	if _, ok := benchapp.Apps[cfg.idleApp]; !ok {
		return fmt.Errorf("-idle-app %q: want representative or small", cfg.idleApp)
	}
	if repeat < 1 || cfg.clicks < 1 || cfg.rounds < 1 || cfg.duration <= 0 || cfg.period <= 0 || cfg.sessions < 0 {
		return fmt.Errorf("-repeat, -clicks, -rounds, -duration and -period must be positive")
	}
	var chosen []scenario
	for _, name := range strings.Split(names, ",") {
		name = strings.TrimSpace(name)
		if name == "all" {
			// The floor comes before each scenario that measures clicks;
			// replicas needs nginx.
			for _, s := range scenarios {
				if s.name != "replicas" && s.name != "floor" {
					chosen = append(chosen, s)
				}
			}
			continue
		}
		i := slices.IndexFunc(scenarios, func(s scenario) bool { return s.name == name })
		if i < 0 {
			return fmt.Errorf("-scenario: no scenario %q", name)
		}
		chosen = append(chosen, scenarios[i])
	}
	// Click latencies mean most next to the floor measured in the same
	// run, on the same machine in the same state: unless asked for by
	// name, the floor is measured right before each repetition of a
	// scenario that measures clicks, so a machine whose load changes
	// during a long run moves both.
	floorEach := !slices.ContainsFunc(chosen, func(s scenario) bool { return s.name == "floor" })
	if cpuprof != "" {
		f, err := os.Create(cpuprof)
		if err != nil {
			return fmt.Errorf("cpu profile: %w", err)
		}
		defer f.Close()
		if err := rpprof.StartCPUProfile(f); err != nil {
			return fmt.Errorf("cpu profile: %w", err)
		}
		defer rpprof.StopCPUProfile()
		cfg.cpuprofile = cpuprof
	}

	cfg.memprofile = memprof
	rep := report{Machine: machine(), Command: "gostbench " + strings.Join(os.Args[1:], " "), Repeat: repeat}
	floors := 0
	for _, s := range chosen {
		for i := range repeat {
			if floorEach && s.floored {
				res, err := runFloor(cfg, floors)
				res.Rep, res.Before = floors, s.name
				if err != nil {
					return fmt.Errorf("floor before %s (run %d): %w", s.name, i+1, err)
				}
				floors++
				rep.Runs = append(rep.Runs, res)
			}
			if progress {
				fmt.Fprintf(os.Stderr, "gostbench: %s, run %d of %d\n", s.name, i+1, repeat)
			}
			begin := time.Now()
			res, err := s.run(cfg, i)
			res.Rep = i
			if err != nil {
				return fmt.Errorf("scenario %s (run %d): %w", s.name, i+1, err)
			}
			if progress {
				fmt.Fprintf(os.Stderr, "gostbench: %s done in %.1fs\n", s.name, time.Since(begin).Seconds())
			}
			rep.Runs = append(rep.Runs, res)
		}
	}
	rep.summarize()
	if jsonOut {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	rep.print()
	return nil
}

// report is everything a run of the harness found.
type report struct {
	Machine map[string]string `json:"machine"`
	Command string            `json:"command"`
	Repeat  int               `json:"repeat"`
	Runs    []result          `json:"runs"`
	Summary []summary         `json:"summary"`
}

// summary is one metric over the repetitions.
type summary struct {
	Scenario string  `json:"scenario"`
	Server   string  `json:"server"`
	Name     string  `json:"name"`
	Unit     string  `json:"unit"`
	Median   float64 `json:"median"`
	Min      float64 `json:"min"`
	Max      float64 `json:"max"`
	Target   float64 `json:"target,omitempty"`
	Higher   bool    `json:"higher_is_better,omitempty"`
	// Margin is how many times better than the target the median is:
	// above 1 the target is met.
	Margin float64 `json:"margin,omitempty"`
	Met    *bool   `json:"met,omitempty"`
	// FloorMultiple is the median over the floor's median at the same
	// percentile, for click round trips.
	FloorMultiple float64 `json:"floor_multiple,omitempty"`
	// FloorExcess is the median minus that floor, in the metric's unit:
	// what the server adds to the round trip (issue 15's target for one
	// session is the floor + 30 µs).
	FloorExcess float64 `json:"floor_excess,omitempty"`
	// Over is the target on FloorExcess, if the metric has one: its
	// verdict is in Met and Margin.
	Over float64 `json:"floor_excess_target,omitempty"`
}

func (r *report) summarize() {
	type key struct{ scenario, name string }
	var order []key
	values := map[key][]float64{}
	first := map[key]metric{}
	server := map[string]string{}
	for _, res := range r.Runs {
		server[res.Scenario] = res.Server
		for _, m := range res.Metrics {
			k := key{res.Scenario, m.Name}
			if _, ok := values[k]; !ok {
				order = append(order, k)
				first[k] = m
			}
			values[k] = append(values[k], m.Value)
		}
	}
	for _, k := range order {
		m, vs := first[k], values[k]
		s := summary{Scenario: k.scenario, Server: server[k.scenario], Name: m.Name, Unit: m.Unit,
			Median: median(vs), Min: slices.Min(vs), Max: slices.Max(vs), Target: m.Target, Higher: m.Higher}
		if m.Target > 0 && s.Median > 0 {
			met := s.Median <= m.Target
			s.Margin = m.Target / s.Median
			if m.Higher {
				met = s.Median >= m.Target
				s.Margin = s.Median / m.Target
			}
			s.Met = &met
		}
		r.Summary = append(r.Summary, s)
	}
	// A scenario's latencies are compared with the floor measured right
	// before its repetitions, if it was, else with every floor run.
	type floorKey struct{ before, name string }
	floors := map[floorKey][]float64{}
	for _, res := range r.Runs {
		if res.Scenario != "floor" {
			continue
		}
		for _, m := range res.Metrics {
			floors[floorKey{res.Before, m.Name}] = append(floors[floorKey{res.Before, m.Name}], m.Value)
			floors[floorKey{"", m.Name}] = append(floors[floorKey{"", m.Name}], m.Value)
		}
	}
	for i, k := range order {
		vs := floors[floorKey{k.scenario, first[k].Floor}]
		if len(vs) == 0 {
			vs = floors[floorKey{"", first[k].Floor}]
		}
		if f := median(vs); f > 0 {
			s := &r.Summary[i]
			s.FloorMultiple = s.Median / f
			s.FloorExcess = s.Median - f
			if over := first[k].Over; over > 0 {
				met := s.FloorExcess <= over
				s.Over, s.Met, s.Margin = over, &met, over/max(s.FloorExcess, over/100)
			}
		}
	}
}

// serverLabel says where a scenario's server ran, loudly when it shared
// the harness's process.
func serverLabel(mode string) string {
	switch mode {
	case "child":
		return "process"
	case "in-process":
		return "IN-PROCESS"
	}
	return mode
}

func (r *report) print() {
	fmt.Printf("%s\n%s, %s CPUs (%s), %s memory, %s\n\n", r.Command, r.Machine["go"], r.Machine["cpus"], r.Machine["cpu"], r.Machine["memory"], r.Machine["date"])
	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(w, "scenario\tserver\tmetric\tmedian\tmin\tmax\tunit\tvs floor\ttarget\tmargin\t\n")
	inproc := false
	for _, s := range r.Summary {
		inproc = inproc || s.Server == "in-process"
		target, margin, floor := "", "", ""
		if s.FloorMultiple > 0 {
			floor = fmt.Sprintf("%.1f× floor (%+.0f µs)", s.FloorMultiple, 1000*s.FloorExcess)
		}
		if s.Met != nil {
			op := "≤"
			if s.Higher {
				op = "≥"
			}
			target = op + num(s.Target)
			if s.Over > 0 {
				target = fmt.Sprintf("floor+%.0fµs", 1000*s.Over)
			}
			verdict := "met"
			if !*s.Met {
				verdict = "MISSED"
			}
			margin = fmt.Sprintf("%.2f× %s", s.Margin, verdict)
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", s.Scenario, serverLabel(s.Server), s.Name, num(s.Median), num(s.Min), num(s.Max), s.Unit, floor, target, margin)
	}
	w.Flush()
	fmt.Println()
	if inproc {
		fmt.Println("IN-PROCESS: the server ran in the harness's own process, sharing its scheduler and GC with the clients; not a deployed server's figures.")
	}
	for _, s := range r.Summary {
		if s.FloorMultiple > 0 {
			fmt.Println("vs floor: the median over the floor's median at the same percentile (a websocket echo between two processes, measured right before each repetition of the scenario), and in brackets the difference.")
			break
		}
	}
	seen := map[string]bool{}
	for _, res := range r.Runs {
		for _, n := range res.Notes {
			// Notes repeat across repetitions; the first run's suffice,
			// except for the figures that differ.
			if k := res.Scenario + n; !seen[k] {
				seen[k] = true
				fmt.Printf("%s (run %d): %s\n", res.Scenario, res.Rep+1, n)
			}
		}
	}
	fmt.Printf("\nmargin: how many times better than the target the median is (above 1: met). Medians over %d run(s).\n", r.Repeat)
}

// num prints a figure with about three significant digits.
func num(v float64) string {
	switch a := math.Abs(v); {
	case a == 0:
		return "0"
	case a >= 100:
		return fmt.Sprintf("%.0f", v)
	case a >= 10:
		return fmt.Sprintf("%.1f", v)
	case a >= 1:
		return fmt.Sprintf("%.2f", v)
	default:
		return fmt.Sprintf("%.3f", v)
	}
}

// machine describes where the figures were measured: they mean little
// without it.
func machine() map[string]string {
	m := map[string]string{
		"go":   goruntime.Version(),
		"cpus": fmt.Sprint(goruntime.NumCPU()),
		"date": time.Now().UTC().Format(time.RFC3339),
		"os":   goruntime.GOOS + "/" + goruntime.GOARCH,
	}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for line := range strings.Lines(string(b)) {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				m["cpu"] = strings.TrimSpace(v)
				break
			}
		}
	}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		for line := range strings.Lines(string(b)) {
			if rest, ok := strings.CutPrefix(line, "MemTotal:"); ok {
				var kb float64
				fmt.Sscanf(strings.TrimSpace(rest), "%f", &kb)
				m["memory"] = fmt.Sprintf("%.1f GiB", kb/(1<<20))
			}
		}
	}
	return m
}
