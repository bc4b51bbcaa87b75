//go:build unix

package browsertest_test

// runtime/shutdown.go as a page meets it: a rolling restart. One process
// serves the page; it gets SIGTERM and tells the page to reconnect; the
// next process, on the same socket (as the next replica is behind a
// balancer's address), takes the page, which keeps what the user typed and
// is never reloaded.

import (
	"context"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gost-dev/gost/internal/browsertest"
	"github.com/gost-dev/gost/internal/devloop"
	"github.com/gost-dev/gost/runtime"
	"github.com/gost-dev/gost/st"
)

func replicaApp(st *st.Ctx) {
	name := st.TextInput("Your name")
	if name != "" {
		st.Write("Hello, " + name + "!")
	}
	st.Text("served by " + strconv.Itoa(os.Getpid()))
}

// TestRestartReplica is the replica process of TestRollingRestart; run
// alone it does nothing.
func TestRestartReplica(t *testing.T) {
	if os.Getenv("GOST_TEST_REPLICA") != "1" {
		return
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	if err := runtime.Serve(ctx, replicaApp, runtime.Options{Headless: true, ShutdownGrace: 3 * time.Second}); err != nil {
		os.Stderr.WriteString(err.Error() + "\n")
		os.Exit(1)
	}
	os.Exit(0)
}

func TestRollingRestart(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	f, err := ln.(*net.TCPListener).File()
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dir := t.TempDir()
	start := func() (*exec.Cmd, *strings.Builder) {
		cmd := exec.Command(os.Args[0], "-test.run=^TestRestartReplica$")
		cmd.Env = append(os.Environ(), "GOST_TEST_REPLICA=1", devloop.ListenerFDEnv+"=3", devloop.AppDirEnv+"="+dir, "HOME="+dir)
		cmd.ExtraFiles = []*os.File{f}
		out := new(strings.Builder)
		cmd.Stdout, cmd.Stderr = out, out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { cmd.Process.Kill() })
		return cmd, out
	}
	first, out := start()

	p := browsertest.New(t)
	p.Open("http://" + ln.Addr().String() + "/")
	p.WaitText("served by " + strconv.Itoa(first.Process.Pid))
	p.Fill("Your name", "Ada")
	p.Keys("\r") // a text input sends its value on Enter, as Streamlit's
	p.WaitText("Hello, Ada!")
	p.Exec(`window.__notReloaded = true`)

	if err := first.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := first.Wait(); err != nil {
		t.Fatalf("the first replica: %v\n%s", err, out)
	}
	if !strings.Contains(out.String(), "shutting down") {
		t.Errorf("the first replica did not shut down gracefully:\n%s", out)
	}
	second, _ := start()
	p.WaitText("served by " + strconv.Itoa(second.Process.Pid))
	p.WaitText("Hello, Ada!")
	if !browsertest.Eval[bool](p, `window.__notReloaded === true`) {
		t.Error("the page was reloaded; it should only have reconnected")
	}
	if v := browsertest.Eval[string](p, browsertest.Control("Your name")+`.value`); v != "Ada" {
		t.Errorf("the input holds %q after the restart, want Ada", v)
	}
	if n := p.Received("reconnect"); n != 1 {
		t.Errorf("the page received %d reconnects, want 1", n)
	}
}
