// Command reloadbench measures "Always rerun": from the moment a save lands
// on disk to the new version of the app on screen. It copies
// examples/auth into a module of its own in a temporary directory, serves
// it with `gost run --dev-auth` and runOnSave on, connects as a browser tab
// over the websocket (docs/protocol.md), and then edits the heading on the
// login screen, again and again. Each sample is the time from the write of
// the file to the tab reading the done of the new process's first run with
// the new heading: watch, build, start, switch, reconnect and first render.
//
//	go run ./cmd/gostbench/reloadbench             # warm build cache, 7 saves
//	go run ./cmd/gostbench/reloadbench -cold 2     # also 2 saves with the build cache emptied first
//	go run ./cmd/gostbench/reloadbench -go-build   # every save through go build, no quick builds
//
// gost run prints how long each new version took to build and start; the
// remainder of a sample is the file system event and the switch of the
// tab (handoff, reconnect, first run). BENCHMARKS.md records the figures.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	goruntime "runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/gorilla/websocket"
)

func main() {
	warm := flag.Int("n", 7, "saves measured with a warm build cache (after one warm-up save)")
	cold := flag.Int("cold", 0, "saves measured with the build cache emptied just before each (GOCACHE in a temporary directory)")
	goBuild := flag.Bool("go-build", false, "rebuild with go build only, no quick builds (GOST_QUICK_BUILD=off)")
	flag.Parse()
	if *goBuild {
		os.Setenv("GOST_QUICK_BUILD", "off")
	}
	if err := run(*warm, *cold); err != nil {
		fmt.Fprintln(os.Stderr, "reloadbench:", err)
		os.Exit(1)
	}
}

// sample is one save.
type sample struct {
	total, build, start time.Duration // total: save → new version on screen
	by                  string        // "go build" or "quick build" (cmd/gost/quick.go)
}

func run(warm, cold int) error {
	repo, err := repoRoot()
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "reloadbench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	gost := filepath.Join(tmp, "gost")
	if out, err := exec.Command("go", "build", "-o", gost, filepath.Join(repo, "cmd", "gost")).CombinedOutput(); err != nil {
		return fmt.Errorf("build gost: %v\n%s", err, out)
	}
	fmt.Printf("reloadbench -n %d -cold %d\n%s\n\n", warm, cold, machine())
	if warm > 0 {
		s, err := measure(repo, gost, filepath.Join(tmp, "warm"), "", warm+1)
		if err != nil {
			return fmt.Errorf("warm: %w", err)
		}
		report("warm build cache", s[1:]) // the first save warms up
	}
	if cold > 0 {
		cache := filepath.Join(tmp, "gocache")
		s, err := measure(repo, gost, filepath.Join(tmp, "cold"), cache, cold)
		if err != nil {
			return fmt.Errorf("cold: %w", err)
		}
		report("build cache emptied before each save", s)
	}
	return nil
}

// measure serves a copy of examples/auth in dir and makes n saves. With
// gocache set, the go command uses it and it is emptied before each save.
func measure(repo, gost, dir, gocache string, n int) ([]sample, error) {
	if err := appModule(repo, dir); err != nil {
		return nil, err
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(gost, "run", dir, "--dev-auth", "--server.headless", "--server.address=127.0.0.1", "--server.port="+port)
	cmd.Env = os.Environ()
	if gocache != "" {
		cmd.Env = append(cmd.Env, "GOCACHE="+gocache)
	}
	cmd.Stderr = os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	defer func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGINT)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		}
	}()
	phases := make(chan sample, 16)
	go readPhases(out, phases)

	url := "http://127.0.0.1:" + port
	began := time.Now()
	if err := waitHealthy(url, 10*time.Minute); err != nil {
		return nil, err
	}
	fmt.Printf("first start (gost run to serving%s): %.2fs\n", map[bool]string{true: ", empty build cache", false: ""}[gocache != ""], time.Since(began).Seconds())
	t, err := openTab(url)
	if err != nil {
		return nil, err
	}
	defer t.ws.Close()
	if _, err := t.until("done", "This app is private."); err != nil {
		return nil, err
	}

	app := filepath.Join(dir, "app.go")
	src, err := os.ReadFile(app)
	if err != nil {
		return nil, err
	}
	var samples []sample
	for i := range n {
		if gocache != "" {
			if err := emptyDir(gocache); err != nil {
				return nil, err
			}
		}
		heading := fmt.Sprintf("This app is private (save %d).", i+1)
		edited := strings.Replace(string(src), "This app is private.", heading, 1)
		start := time.Now()
		if err := os.WriteFile(app, []byte(edited), 0o644); err != nil {
			return nil, err
		}
		if err := t.switchTo(heading); err != nil {
			return nil, fmt.Errorf("save %d: %w", i+1, err)
		}
		s := sample{total: time.Since(start)}
		select {
		case p := <-phases:
			s.build, s.start, s.by = p.build, p.start, p.by
		case <-time.After(5 * time.Second):
		}
		fmt.Printf("  save %d: %4.0f ms (%s %4.0f ms, start %3.0f ms)\n", i+1, ms(s.total), s.by, ms(s.build), ms(s.start))
		samples = append(samples, s)
		time.Sleep(time.Second) // let the old process go, and gost run re-list the packages, as between real saves
	}
	return samples, nil
}

// phaseLine is what gost run prints when a new version serves.
var phaseLine = regexp.MustCompile(`new version serving, [\d.]+s after the save \(((?:go|quick) build) ([\d.]+)s, start ([\d.]+)s\)`)

func readPhases(r io.Reader, phases chan<- sample) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		if m := phaseLine.FindStringSubmatch(sc.Text()); m != nil {
			b, _ := strconv.ParseFloat(m[2], 64)
			s, _ := strconv.ParseFloat(m[3], 64)
			select {
			case phases <- sample{build: seconds(b), start: seconds(s), by: m[1]}:
			default:
			}
		}
	}
}

func report(what string, s []sample) {
	med := func(f func(sample) time.Duration) float64 {
		v := make([]float64, len(s))
		for i, x := range s {
			v[i] = ms(f(x))
		}
		slices.Sort(v)
		if len(v)%2 == 1 {
			return v[len(v)/2]
		}
		return (v[len(v)/2-1] + v[len(v)/2]) / 2
	}
	total, build, start := med(func(x sample) time.Duration { return x.total }), med(func(x sample) time.Duration { return x.build }), med(func(x sample) time.Duration { return x.start })
	fmt.Printf("\n%s, median of %d saves: save → new version on screen %.0f ms\n", what, len(s), total)
	quick := 0
	for _, x := range s {
		if x.by == "quick build" {
			quick++
		}
	}
	fmt.Printf("  %d of %d saves were quick builds (compiler and linker run directly, cmd/gost/quick.go)\n", quick, len(s))
	fmt.Printf("  build (from the first event) %.0f ms, start (exec to ready) %.0f ms, rest (event, switch, reconnect, first run) %.0f ms\n\n", build, start, total-build-start)
}

// tab is one browser tab on the protocol.
type tab struct {
	url string
	ws  *websocket.Conn
	id  string
}

func openTab(url string) (*tab, error) {
	t := &tab{url: url}
	return t, t.connect()
}

func (t *tab) connect() error {
	ws, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(t.url, "http")+"/_gost/stream", http.Header{"Origin": {t.url}})
	if err != nil {
		return fmt.Errorf("dial: %w", err)
	}
	t.ws = ws
	if err := ws.WriteJSON(map[string]any{"t": "hello", "v": 1, "session": t.id, "widgets": map[string]any{}, "query": ""}); err != nil {
		return err
	}
	m, err := t.until("session", "")
	t.id = m.ID
	return err
}

type wire struct {
	T         string `json:"t"`
	ID        string `json:"id"`
	RunOnSave bool   `json:"run_on_save"`
	raw       []byte
}

// until reads until a message of type typ whose text contains want.
func (t *tab) until(typ, want string) (wire, error) {
	for {
		t.ws.SetReadDeadline(time.Now().Add(10 * time.Minute))
		_, data, err := t.ws.ReadMessage()
		if err != nil {
			return wire{}, fmt.Errorf("waiting for %s: %w", typ, err)
		}
		var m wire
		json.Unmarshal(data, &m)
		m.raw = data
		if m.T == "build_error" {
			return m, fmt.Errorf("build failed: %s", data)
		}
		if m.T == typ && strings.Contains(string(data), want) {
			return m, nil
		}
	}
}

// switchTo does what the page does with Always rerun: on new_version it
// asks to switch, reconnects when told, and waits for the first run's done
// with heading.
func (t *tab) switchTo(heading string) error {
	if _, err := t.until("new_version", ""); err != nil {
		return err
	}
	if err := t.ws.WriteJSON(map[string]any{"t": "switch"}); err != nil {
		return err
	}
	if _, err := t.until("reconnect", ""); err != nil {
		return err
	}
	t.ws.Close()
	if err := t.connect(); err != nil {
		return err
	}
	_, err := t.until("done", heading)
	return err
}

// appModule writes examples/auth into dir as a module of its own that
// requires this checkout, with runOnSave on.
func appModule(repo, dir string) error {
	src, err := os.ReadFile(filepath.Join(repo, "examples", "auth", "app.go"))
	if err != nil {
		return err
	}
	sum, err := os.ReadFile(filepath.Join(repo, "go.sum"))
	if err != nil {
		return err
	}
	goMod := "module example.com/authapp\n\ngo 1.26.0\n\nrequire github.com/gost-dev/gost v0.0.0\n\nreplace github.com/gost-dev/gost => " + repo + "\n"
	files := map[string][]byte{"go.mod": []byte(goMod), "go.sum": sum, "app.go": src,
		".gost/config.toml": []byte("[server]\nrunOnSave = true\n")}
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func repoRoot() (string, error) {
	// Named, because in the repository's workspace (go.work) go list -m
	// lists every module of it.
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/gost-dev/gost").Output()
	if err != nil {
		return "", fmt.Errorf("find the gost checkout (run this inside it): %w", err)
	}
	return strings.TrimSpace(string(out)), nil
}

func waitHealthy(url string, limit time.Duration) error {
	for deadline := time.Now().Add(limit); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if resp, err := http.Get(url + "/healthz"); err == nil {
			resp.Body.Close()
			return nil
		}
	}
	return fmt.Errorf("%s did not serve within %v", url, limit)
}

func freePort() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return strconv.Itoa(l.Addr().(*net.TCPAddr).Port), nil
}

// emptyDir removes what dir holds (the go command recreates its cache).
func emptyDir(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	var wg sync.WaitGroup
	for _, e := range entries {
		wg.Go(func() { os.RemoveAll(filepath.Join(dir, e.Name())) })
	}
	wg.Wait()
	return nil
}

func machine() string {
	cpu := ""
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for line := range strings.Lines(string(b)) {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				cpu = strings.TrimSpace(v)
				break
			}
		}
	}
	load, _ := os.ReadFile("/proc/loadavg")
	return fmt.Sprintf("%s, %d CPUs (%s), load average %s, %s", goruntime.Version(), goruntime.NumCPU(), cpu,
		strings.Join(strings.Fields(string(load))[:min(3, len(strings.Fields(string(load))))], " "), time.Now().UTC().Format(time.RFC3339))
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func seconds(f float64) time.Duration { return time.Duration(f * float64(time.Second)) }
