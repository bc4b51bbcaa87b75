// Command startbench measures how long a built gost app takes from its
// start to answering /healthz, and from SIGTERM to its exit, the two
// moments of a deploy. Each sample execs the binary afresh on a free
// loopback port and polls /healthz (a new connection every 0.2 ms) until
// it answers 200.
//
//	go run ./cmd/gostbench/startbench            # this command's own binary, as the app
//	go run ./cmd/gostbench/startbench -n 50
//	go run ./cmd/gostbench/startbench -bin ./app # a binary from gost build
//
// Without -bin, the app is this binary re-executed with GOST_STARTBENCH_APP=1,
// whose main is then runtime.Main with a small App: the main gost build
// generates. BENCHMARKS.md records the figures.
package main

import (
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"syscall"
	"time"

	"github.com/gost-dev/gost/runtime"
	"github.com/gost-dev/gost/st"
)

func app(st *st.Ctx) {
	st.Title("Hello")
	if st.Button("Click") {
		st.Write("clicked")
	}
}

func main() {
	if os.Getenv("GOST_STARTBENCH_APP") == "1" {
		runtime.Main(app)
		return
	}
	n := flag.Int("n", 30, "starts measured (after one warm-up start)")
	bin := flag.String("bin", "", "the app binary to start (default: this one, as an app)")
	flag.Parse()
	if *bin == "" {
		self, err := os.Executable()
		if err != nil {
			fmt.Fprintln(os.Stderr, "startbench:", err)
			os.Exit(1)
		}
		*bin = self
	}
	if err := run(*bin, *n); err != nil {
		fmt.Fprintln(os.Stderr, "startbench:", err)
		os.Exit(1)
	}
}

func run(bin string, n int) error {
	st, err := os.Stat(bin)
	if err != nil {
		return err
	}
	fmt.Printf("binary %s (%.1f MB), %d starts\n", bin, float64(st.Size())/(1<<20), n)
	var starts, stops []time.Duration
	for i := -1; i < n; i++ {
		up, down, err := once(bin)
		if err != nil {
			return err
		}
		if i >= 0 { // the first start warms the page cache
			starts = append(starts, up)
			stops = append(stops, down)
		}
	}
	report("start → /healthz 200", starts)
	report("SIGTERM → exit (no tabs)", stops)
	return nil
}

// once starts bin, waits for /healthz, stops it with SIGTERM, and returns
// both durations.
func once(bin string) (up, down time.Duration, err error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, 0, err
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	dir, err := os.MkdirTemp("", "startbench")
	if err != nil {
		return 0, 0, err
	}
	defer os.RemoveAll(dir)
	cmd := exec.Command(bin, "--server.port", strconv.Itoa(port), "--server.headless")
	cmd.Dir = dir // no config.toml, no secrets: a bare deploy
	cmd.Env = append(os.Environ(), "GOST_STARTBENCH_APP=1", "HOME="+dir)
	url := "http://127.0.0.1:" + strconv.Itoa(port) + "/healthz"
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: time.Second}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, 0, err
	}
	for {
		if resp, err := client.Get(url); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				break
			}
		}
		if time.Since(start) > 10*time.Second {
			cmd.Process.Kill()
			return 0, 0, fmt.Errorf("%s never answered %s", bin, url)
		}
		time.Sleep(200 * time.Microsecond)
	}
	up = time.Since(start)
	stop := time.Now()
	cmd.Process.Signal(syscall.SIGTERM)
	if err := cmd.Wait(); err != nil {
		return 0, 0, fmt.Errorf("after SIGTERM: %v", err)
	}
	return up, time.Since(stop), nil
}

func report(what string, d []time.Duration) {
	slices.Sort(d)
	q := func(p float64) time.Duration { return d[int(p*float64(len(d)-1))] }
	fmt.Printf("%-26s min %6.1f ms  median %6.1f ms  p90 %6.1f ms  max %6.1f ms\n", what,
		ms(d[0]), ms(q(0.5)), ms(q(0.9)), ms(d[len(d)-1]))
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
