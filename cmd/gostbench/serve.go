package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/gost-dev/gost/internal/benchapp"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/exec"
	goruntime "runtime"
	"runtime/debug"
	rpprof "runtime/pprof"
	"strconv"
	"strings"
	"syscall"
	"time"

	gost "github.com/gost-dev/gost/runtime"
)

// memPath is the child's memory endpoint. It is not part of gost: the
// harness adds it beside the app so the parent can read the server's own
// memory, uncounted by the thousands of clients in the parent.
const memPath = "/debug/gostbench/mem"

// memStats is the server's memory after a full GC.
type memStats struct {
	HeapInuse  uint64 `json:"heap_inuse"`
	StackInuse uint64 `json:"stack_inuse"`
	Goroutines int    `json:"goroutines"`
	Sessions   int    `json:"sessions"`
	RSS        uint64 `json:"rss"` // VmRSS of the child, read by the parent from /proc
}

// used is the figure the targets speak of: live heap spans plus goroutine
// stacks.
func (m memStats) used() float64 { return float64(m.HeapInuse + m.StackInuse) }

// target is a gost server under test.
type target struct {
	addr string
	mode string                   // "in-process" or "child"
	pid  int                      // the child's; 0 in-process
	mem  func() (memStats, error) // nil in-process: the figure would count the clients too
	stop func() error
}

// logger shows the server's warnings (a dropped slow browser is worth
// knowing about in a benchmark) and nothing chattier.
func logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

// startInProcess serves app in this process on a loopback port.
func startInProcess(appName string) (*target, error) {
	app, ok := benchapp.Apps[appName]
	if !ok {
		return nil, fmt.Errorf("no app %q", appName)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listen: %w", err)
	}
	hs := &http.Server{Handler: gost.NewServer(app, gost.Options{}, logger()), ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(l)
	// Close stops the listener; the websockets were hijacked and end when
	// their clients close them.
	return &target{addr: l.Addr().String(), mode: "in-process", stop: hs.Close}, nil
}

// startChild re-executes this binary with -serve, so the server has a
// process, and so a heap and an RSS, of its own.
// With fineHeap, the child samples every 512th byte allocated instead of
// every 512 KiB, so a heap profile tells apart what a session holds.
func startChild(appName, cpuprofile string, fineHeap bool) (*target, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("find own binary: %w", err)
	}
	args := []string{"-serve", "-app", appName}
	if cpuprofile != "" {
		args = append(args, "-cpuprofile", cpuprofile)
	}
	if fineHeap {
		args = append(args, "-memprofile", "fine")
	}
	cmd := exec.Command(exe, args...)
	cmd.Stderr = os.Stderr
	// The child serves until its stdin closes: when the harness exits,
	// however it exits, the child follows.
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, fmt.Errorf("child stdin: %w", err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("child stdout: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start child server: %w", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	stop := func() error {
		stdin.Close()
		select {
		case err := <-exited:
			if err != nil {
				return fmt.Errorf("child server: %w", err)
			}
			return nil
		case <-time.After(15 * time.Second):
			cmd.Process.Kill()
			return errors.New("child server did not stop within 15s; killed")
		}
	}
	addrc := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(stdout).ReadString('\n')
		addrc <- strings.TrimSpace(line)
	}()
	var addr string
	select {
	case addr = <-addrc:
	case <-time.After(15 * time.Second):
	}
	if addr == "" {
		stop()
		return nil, errors.New("child server did not report its address")
	}
	pid := cmd.Process.Pid
	mem := func() (memStats, error) {
		var m memStats
		resp, err := http.Get("http://" + addr + memPath)
		if err != nil {
			return m, fmt.Errorf("read child memory: %w", err)
		}
		defer resp.Body.Close()
		if err := json.NewDecoder(resp.Body).Decode(&m); err != nil {
			return m, fmt.Errorf("decode child memory: %w", err)
		}
		m.RSS, err = vmRSS(pid)
		return m, err
	}
	return &target{addr: addr, mode: "child", pid: pid, mem: mem, stop: stop}, nil
}

// heapProfile writes the child's heap profile, after a GC, to
// base.server-SCENARIO-REP; it does nothing for an empty base or a server
// in this process (its heap holds the clients too).
func (t *target) heapProfile(base, scenario string, rep int) error {
	if base == "" || t.mode != "child" {
		return nil
	}
	resp, err := http.Get("http://" + t.addr + "/debug/pprof/heap?gc=1")
	if err != nil {
		return fmt.Errorf("read child heap profile: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("read child heap profile: %s", resp.Status)
	}
	f, err := os.Create(fmt.Sprintf("%s.server-%s-%d", base, scenario, rep))
	if err != nil {
		return fmt.Errorf("heap profile: %w", err)
	}
	if _, err := io.Copy(f, resp.Body); err != nil {
		f.Close()
		return fmt.Errorf("heap profile: %w", err)
	}
	return f.Close()
}

// vmRSS reads the resident set of process pid.
func vmRSS(pid int) (uint64, error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, fmt.Errorf("read RSS: %w", err)
	}
	for line := range strings.Lines(string(b)) {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, err := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err != nil {
				return 0, fmt.Errorf("parse VmRSS %q: %w", rest, err)
			}
			return kb << 10, nil
		}
	}
	return 0, errors.New("no VmRSS in /proc/" + strconv.Itoa(pid) + "/status")
}

// cpuTime returns the CPU time (user+system) process pid has used.
func cpuTime(pid int) (time.Duration, error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, fmt.Errorf("read CPU time: %w", err)
	}
	// The command name in parentheses may hold spaces; fields count from
	// after it. utime and stime are fields 14 and 15, in clock ticks of
	// 1/100 s on Linux.
	i := bytes.LastIndexByte(b, ')')
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return 0, errors.New("short /proc/" + strconv.Itoa(pid) + "/stat")
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err := errors.Join(err1, err2); err != nil {
		return 0, fmt.Errorf("parse CPU time: %w", err)
	}
	return time.Duration(utime+stime) * 10 * time.Millisecond, nil
}

// ctxSwitches returns how many times the threads of process pid have
// given up a CPU, voluntarily (to wait: a sleep, a futex, epoll) or not.
// Each is a wake-up to come; on a VM, one that crosses CPUs costs an
// interrupt. It sums over the threads (/proc/PID/status counts the first
// one only); a thread that has exited is not counted, and Go's rarely do.
func ctxSwitches(pid int) (int64, error) {
	dir := "/proc/" + strconv.Itoa(pid) + "/task"
	tasks, err := os.ReadDir(dir)
	if err != nil {
		return 0, fmt.Errorf("read context switches: %w", err)
	}
	var n int64
	for _, t := range tasks {
		b, err := os.ReadFile(dir + "/" + t.Name() + "/status")
		if err != nil {
			continue // the thread has exited
		}
		for line := range strings.Lines(string(b)) {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.HasSuffix(k, "ctxt_switches") {
				c, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
				if err != nil {
					return 0, fmt.Errorf("parse %s %q: %w", k, v, err)
				}
				n += c
			}
		}
	}
	return n, nil
}

// usage is what a process has spent so far: CPU time and context
// switches.
type usage struct {
	cpu      time.Duration
	switches int64
}

// usageOf reads what process pid has spent so far.
func usageOf(pid int) (usage, error) {
	cpu, err := cpuTime(pid)
	if err != nil {
		return usage{}, err
	}
	sw, err := ctxSwitches(pid)
	return usage{cpu, sw}, err
}

// per returns what was spent from u0 to u per event, n events: CPU in
// microseconds, and context switches.
func (u usage) per(u0 usage, n int) (cpuMicros, switches float64) {
	return float64((u.cpu-u0.cpu)/time.Microsecond) / float64(n), float64(u.switches-u0.switches) / float64(n)
}

// loadavg returns the first field of /proc/loadavg: how busy the machine
// was besides the harness, which explains much of a noisy tail.
func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	return strings.Fields(string(b))[0]
}

// serveChild is the -serve mode: serve app on a loopback port, print the
// address, and serve until stdin closes.
func serveChild(appName, cpuprofile string, fineHeap bool) error {
	if fineHeap {
		goruntime.MemProfileRate = 512
	}
	if _, err := raiseFDLimit(0); err != nil {
		return err
	}
	app, ok := benchapp.Apps[appName]
	var push *pusher
	if appName == "push" { // push.go: the app and the endpoint that pushes
		push = &pusher{}
		app, ok = push.app, true
	}
	if !ok {
		return fmt.Errorf("no app %q", appName)
	}
	if cpuprofile != "" {
		f, err := os.Create(cpuprofile)
		if err != nil {
			return fmt.Errorf("server cpu profile: %w", err)
		}
		defer f.Close()
		if err := rpprof.StartCPUProfile(f); err != nil {
			return fmt.Errorf("server cpu profile: %w", err)
		}
		defer rpprof.StopCPUProfile()
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	srv := gost.NewServer(app, gost.Options{}, logger())
	mux := http.NewServeMux()
	mux.Handle("/", srv)
	mux.HandleFunc(memPath, func(w http.ResponseWriter, r *http.Request) {
		// FreeOSMemory collects and returns freed pages, so both
		// HeapInuse and the RSS the parent reads next count what is live.
		debug.FreeOSMemory()
		var ms goruntime.MemStats
		goruntime.ReadMemStats(&ms)
		json.NewEncoder(w).Encode(memStats{
			HeapInuse:  ms.HeapInuse,
			StackInuse: ms.StackInuse,
			Goroutines: goruntime.NumGoroutine(),
			Sessions:   srv.Sessions(),
		})
	})
	if push != nil {
		mux.HandleFunc("POST "+pushPath, push.push)
	}
	// pprof, for looking into the server while a scenario runs (e.g.
	// go tool pprof http://ADDR/debug/pprof/heap).
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(l)
	fmt.Println(l.Addr().String())
	io.Copy(io.Discard, os.Stdin)
	return nil
}

// raiseFDLimit raises the soft limit on open files to the hard limit (every
// session is a socket) and checks that need of them fit. It returns the new
// limit.
func raiseFDLimit(need int) (uint64, error) {
	var rl syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl); err != nil {
		return 0, fmt.Errorf("read RLIMIT_NOFILE: %w", err)
	}
	if rl.Cur < rl.Max {
		rl.Cur = rl.Max
		if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &rl); err != nil {
			return 0, fmt.Errorf("raise RLIMIT_NOFILE to %d: %w", rl.Max, err)
		}
	}
	if uint64(need) > rl.Cur {
		return rl.Cur, fmt.Errorf("this scenario needs %d open files but the hard limit (ulimit -Hn) is %d: raise it or use fewer -sessions", need, rl.Cur)
	}
	return rl.Cur, nil
}
