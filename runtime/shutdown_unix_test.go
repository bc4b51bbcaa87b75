//go:build unix

package runtime

import (
	"context"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/gost-dev/gost/internal/devloop"
	"github.com/gost-dev/gost/st"
)

// shutdownApp has a run that takes a while ("Slow"), one that never ends
// but makes st calls ("Forever"), and a job that never ends unless
// cancelled ("Job").
func shutdownApp(c *st.Ctx) {
	c.Title("Shutdown")
	if c.Button("Slow") {
		time.Sleep(time.Second)
		c.Text("slow done")
	}
	if c.Button("Forever") {
		for {
			c.Text("still going")
			time.Sleep(20 * time.Millisecond)
		}
	}
	job := c.Job("endless", func(ctx context.Context, j *st.JobCtx) error {
		<-ctx.Done()
		return ctx.Err()
	})
	if c.Button("Job") {
		if err := job.Start(); err != nil {
			c.Error(err.Error())
		}
	}
}

// shutdownChild is the process under test: the runtime's Serve on the
// listener the parent hands down, stopped by a signal, with Main's exit
// codes.
func shutdownChild() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	grace, _ := time.ParseDuration(os.Getenv("GOST_TEST_GRACE"))
	if err := Serve(ctx, shutdownApp, Options{Headless: true, ShutdownGrace: grace}); err != nil {
		os.Stderr.WriteString("gost: " + err.Error() + "\n")
		os.Exit(1)
	}
	os.Exit(0)
}

// startChild runs this test binary again as a built app serving on a
// loopback port, and returns its base URL and the running command.
func startChild(t *testing.T, grace time.Duration) (string, *exec.Cmd, *strings.Builder) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f, err := ln.(*net.TCPListener).File()
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	defer ln.Close() // the child has its own copy
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestShutdownChild$")
	cmd.Env = append(os.Environ(), "GOST_TEST_SHUTDOWN_CHILD=1", "GOST_TEST_GRACE="+grace.String(),
		devloop.ListenerFDEnv+"=3", devloop.AppDirEnv+"="+dir, "HOME="+dir)
	cmd.ExtraFiles = []*os.File{f}
	out := new(strings.Builder)
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	base := "http://" + ln.Addr().String()
	deadline := time.Now().Add(10 * time.Second)
	for status(base+"/healthz") != http.StatusOK {
		if time.Now().After(deadline) {
			t.Fatalf("the child never answered /healthz:\n%s", out)
		}
		time.Sleep(10 * time.Millisecond)
	}
	return base, cmd, out
}

// TestShutdownChild is the child process of the shutdown tests; run alone
// it does nothing.
func TestShutdownChild(t *testing.T) {
	if os.Getenv("GOST_TEST_SHUTDOWN_CHILD") == "1" {
		shutdownChild()
	}
}

func status(url string) int {
	c := &http.Client{Timeout: time.Second}
	r, err := c.Get(url)
	if err != nil {
		return 0
	}
	r.Body.Close()
	return r.StatusCode
}

func dialURL(t *testing.T, base string) (*browser, *http.Response, error) {
	t.Helper()
	ws, resp, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(base, "http")+"/_gost/stream", http.Header{"Origin": {base}})
	if err != nil {
		return nil, resp, err
	}
	t.Cleanup(func() { ws.Close() })
	return &browser{t, ws}, resp, nil
}

// TestShutdownOnSIGTERM: a built app told to stop turns unready at once
// (healthy still), refuses new sessions, lets a run going finish, tells
// its tab to reconnect, cancels at the end of the grace what never ends
// (a run, a job), and exits 0 within the grace.
func TestShutdownOnSIGTERM(t *testing.T) {
	t.Parallel()
	const grace = 3 * time.Second
	for _, test := range []struct {
		name     string
		clicks   []string
		wantDone string // what the run going at SIGTERM ends with; "" if it is cancelled
		minTime  time.Duration
	}{
		{"a run finishes", []string{"button:Slow"}, "slow done", 0},
		{"a run and a job are cancelled", []string{"button:Job", "button:Forever"}, "", grace * 8 / 10},
	} {
		t.Run(test.name, func(t *testing.T) {
			t.Parallel()
			base, cmd, out := startChild(t, grace)
			if got := status(base + "/readyz"); got != http.StatusOK {
				t.Fatalf("/readyz before the signal: %d, want 200", got)
			}
			b, _, err := dialURL(t, base)
			if err != nil {
				t.Fatal(err)
			}
			b.hello("", nil)
			b.until("done")
			for i, click := range test.clicks {
				b.send(map[string]any{"t": "rerun", "trigger": click})
				if i < len(test.clicks)-1 {
					// Its run must end (the job started) before the next
					// click, which would supersede it.
					b.until("done")
				} else {
					b.until("run")
				}
			}
			if test.wantDone == "" {
				b.until("delta") // the endless run is going
			}

			start := time.Now()
			if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
				t.Fatal(err)
			}
			for status(base+"/readyz") != http.StatusServiceUnavailable {
				if time.Since(start) > time.Second {
					t.Fatalf("/readyz still not 503 a second after SIGTERM\n%s", out)
				}
				time.Sleep(5 * time.Millisecond)
			}
			if got := status(base + "/healthz"); got != http.StatusOK {
				t.Errorf("/healthz while shutting down: %d, want 200 (the process is alive)", got)
			}
			if got := status(base + "/_stcore/health"); got != http.StatusOK {
				t.Errorf("/_stcore/health while shutting down: %d, want 200", got)
			}
			if _, resp, err := dialURL(t, base); err == nil || resp == nil || resp.StatusCode != http.StatusServiceUnavailable {
				code := 0
				if resp != nil {
					code = resp.StatusCode
				}
				t.Errorf("a new websocket while shutting down: err %v, status %d; want refused with 503", err, code)
			}

			// What the run draws may come in its done or, the run being
			// slow, in a delta its run timer sent just before the done.
			var done msg
			var drawn strings.Builder
			for {
				m := b.read()
				if m.T == "done" {
					done = m
				}
				if m.T == "done" || m.T == "delta" {
					drawn.Write(m.raw)
				}
				if m.T == "reconnect" {
					break
				}
			}
			if test.wantDone != "" && (done.S != "ok" || !strings.Contains(drawn.String(), test.wantDone)) {
				t.Errorf("the run going at SIGTERM should finish before the reconnect; its done: %s (after %s)", done.raw, drawn.String())
			}
			if test.wantDone == "" && done.T != "" {
				t.Errorf("the endless run was cancelled, yet the tab got its done: %s", done.raw)
			}
			b.ws.Close() // as the page does when told to reconnect

			errc := make(chan error, 1)
			go func() { errc <- cmd.Wait() }()
			select {
			case err := <-errc:
				if err != nil {
					t.Errorf("the process ended with %v, want exit status 0\n%s", err, out)
				}
			case <-time.After(grace + 10*time.Second):
				// The process's own deadline is the grace (shutdown.go): one
				// still running long after it waits on the endless run or
				// the job instead of cancelling them. (How soon after the
				// grace it ends is the machine's scheduling of two
				// processes under -race, not a property to assert here.)
				t.Fatalf("the process still runs %v after SIGTERM, with a grace of %v\n%s", time.Since(start), grace, out)
			}
			took := time.Since(start)
			t.Logf("exited %v after SIGTERM", took)
			if took < test.minTime {
				t.Errorf("the process exited after %v, before the job and run had their grace (%v)", took, test.minTime)
			}
			if test.wantDone == "" && !strings.Contains(out.String(), "cancelling jobs") {
				t.Errorf("the log does not say the job was cancelled:\n%s", out)
			}
		})
	}
}
