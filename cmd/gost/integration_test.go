//go:build unix

package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gost-dev/gost/internal/devloop"
	"github.com/gost-dev/gost/internal/syncbuf"
	"github.com/gost-dev/gost/runtime"
)

// serveApp runs `gost run path` on a free port until GET /healthz answers
// 200, then stops gost as Ctrl-C would, and checks that it exits 0.
func serveApp(t *testing.T, path string) {
	t.Helper()
	port := freePort(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr syncbuf.Buffer
	exited := make(chan int, 1)
	go func() {
		exited <- run(ctx, []string{"gost", "run", path, "--server.headless", "--server.address", "127.0.0.1", "--server.port", port}, &stdout, &stderr)
	}()

	url := "http://127.0.0.1:" + port + "/healthz"
	deadline := time.After(2 * time.Minute) // a cold build cache is slow
	for {
		select {
		case code := <-exited:
			t.Fatalf("gost exited with %d before %s answered\nstdout:\n%s\nstderr:\n%s", code, url, &stdout, &stderr)
		case <-deadline:
			t.Fatalf("%s did not answer 200 in time\nstdout:\n%s\nstderr:\n%s", url, &stdout, &stderr)
		case <-time.After(50 * time.Millisecond):
		}
		resp, err := http.Get(url)
		if err != nil {
			continue // connection refused until gost has bound the port
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %s, want 200 OK", url, resp.Status)
		}
		break
	}
	if want := "  Local URL: http://127.0.0.1:" + port + "\n"; !strings.Contains(stdout.String(), want) {
		t.Errorf("stdout:\n%s\nwant it to contain %q", &stdout, want)
	}

	cancel() // as Ctrl-C does in main
	select {
	case code := <-exited:
		if code != 0 {
			t.Errorf("gost exited with %d after Ctrl-C, want 0 (the app's own exit code)\nstderr:\n%s", code, &stderr)
		}
	case <-time.After(3 * stopGrace):
		t.Fatalf("gost did not exit after Ctrl-C\nstderr:\n%s", &stderr)
	}
	if resp, err := http.Get(url); err == nil {
		resp.Body.Close()
		t.Errorf("GET %s still answers after gost exited", url)
	}
}

// TestRunHello builds examples/hello inside this repository's module and
// serves it.
func TestRunHello(t *testing.T) {
	t.Parallel()
	serveApp(t, "../../examples/hello/app.go")
}

// TestRunOwnModule serves an app in its own module, which requires gost the
// way a user's app does (here through a replace of this checkout, so it
// works offline). The go command must run in the app's directory for this.
func TestRunOwnModule(t *testing.T) {
	t.Parallel()
	dir := ownModule(t)
	serveApp(t, filepath.Join(dir, "app.go"))
}

// ownModule writes an app in a module of its own to a temporary directory
// and returns the directory.
func ownModule(t *testing.T) string {
	t.Helper()
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	goMod := "module example.com/myapp\n\ngo 1.26.0\n\nrequire github.com/gost-dev/gost v0.0.0\n\nreplace github.com/gost-dev/gost => " + repo + "\n"
	sum, err := os.ReadFile(filepath.Join(repo, "go.sum")) // gost's dependencies' checksums, all the app needs
	if err != nil {
		t.Fatal(err)
	}
	app := "package main\n\nimport \"github.com/gost-dev/gost/st\"\n\nfunc App(st *st.Ctx) {}\n"
	for name, data := range map[string][]byte{"go.mod": []byte(goMod), "go.sum": sum, "app.go": []byte(app)} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestBuild builds a standalone binary of an app in its own module, then
// runs it the way a user would deploy it, without gost.
func TestBuild(t *testing.T) {
	t.Parallel()
	dir := ownModule(t)
	out := filepath.Join(t.TempDir(), "myapp")
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"gost", "build", dir, "-o", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("gost build: exit code %d\nstderr:\n%s", code, &stderr)
	}
	// The runtime's requirements were added to a temporary go.mod, not the
	// user's, and nothing else was written there.
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 3 {
		t.Errorf("gost build wrote into the app's directory: %v", entries)
	}
	if goMod, _ := os.ReadFile(filepath.Join(dir, "go.mod")); strings.Contains(string(goMod), "indirect") {
		t.Errorf("gost build changed the app's go.mod:\n%s", goMod)
	}

	port := freePort(t)
	cmd := exec.Command(out, "--server.address=127.0.0.1", "--server.port="+port, "--server.headless")
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	url := "http://127.0.0.1:" + port + "/healthz"
	for start := time.Now(); ; time.Sleep(50 * time.Millisecond) {
		resp, err := http.Get(url)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Errorf("GET %s: %s", url, resp.Status)
			}
			break
		}
		if time.Since(start) > 10*time.Second {
			t.Fatalf("the built app did not serve %s: %v\nstderr:\n%s", url, err, &stderr)
		}
	}
	cmd.Process.Signal(os.Interrupt)
	if err := cmd.Wait(); err != nil {
		t.Errorf("built app after SIGINT: %v, want a clean exit", err)
	}
}

// TestBuildFileMeansPackage builds an app from a file that does not hold
// App: the file stands for its directory's package, which does.
func TestBuildFileMeansPackage(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "app")
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"gost", "build", "-o=" + out, "testdata/aliased/helper.go"}, &stdout, &stderr); code != 0 {
		t.Fatalf("gost build: exit code %d\nstderr:\n%s", code, &stderr)
	}
	if _, err := os.Stat(out); err != nil {
		t.Error(err)
	}
}

// TestBuildOutsideModule checks the advice for an app.go with no go.mod.
func TestBuildOutsideModule(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	app := "package main\n\nimport \"github.com/gost-dev/gost/st\"\n\nfunc App(st *st.Ctx) {}\n"
	if err := os.WriteFile(filepath.Join(dir, "app.go"), []byte(app), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"gost", "build", dir, "-o", filepath.Join(dir, "out")}, &stdout, &stderr); code != 1 {
		t.Errorf("exit code %d, want 1", code)
	}
	if want := "hint: an app is a Go module; create one with\n\tcd " + dir + " && go mod init"; !strings.Contains(stderr.String(), want) {
		t.Errorf("stderr:\n%s\nwant it to contain %q", &stderr, want)
	}
}

// The tests below check the process supervision with a fake app: this test
// binary run again with GOST_TEST_FAKE_APP set, so they do not need a build
// and do not depend on the runtime.

func TestMain(m *testing.M) {
	if mode := os.Getenv("GOST_TEST_FAKE_APP"); mode != "" {
		fakeApp(mode)
		return
	}
	os.Exit(m.Run())
}

// fakeApp serves /healthz and /grandchild (the pid of a `sleep` it started,
// in its process group) on the listener gost hands down, and on SIGINT
// exits with code 3, or, with mode "stubborn", ignores SIGINT and SIGTERM.
func fakeApp(mode string) {
	if mode == "exit7" {
		os.Exit(7)
	}
	if mode == "stubborn" {
		signalIgnore(syscall.SIGINT, syscall.SIGTERM)
	} else {
		go func() {
			signalWait(syscall.SIGINT)
			os.Exit(3)
		}()
	}
	ln, err := runtime.Listen(runtime.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, "fake app:", err)
		os.Exit(1)
	}
	sleep := exec.Command("sleep", "60")
	if err := sleep.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "fake app:", err)
		os.Exit(1)
	}
	http.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, os.Getenv(devloop.AppDirEnv))
	})
	http.HandleFunc("/grandchild", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, sleep.Process.Pid)
	})
	http.Serve(ln, nil)
}

// startFake starts the fake app in the given mode the way app.start does,
// on a fresh listener, and returns it with the listener's address.
func startFake(t *testing.T, mode string) (*process, string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f, err := ln.(*net.TCPListener).File()
	ln.Close()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return startFakeOn(t, f, mode), "http://" + ln.Addr().String()
}

// startFakeOn starts the fake app on the listening socket f.
func startFakeOn(t *testing.T, f *os.File, mode string) *process {
	t.Helper()
	a := &app{pkg: appPackage{dir: "/the/app/dir"}, listener: f}
	// app.start passes the options as flags, which the test binary would
	// reject, so this repeats its environment with test flags instead.
	env := []string{devloop.ListenerFDEnv + "=3", devloop.AppDirEnv + "=" + a.pkg.dir, "GOST_TEST_FAKE_APP=" + mode}
	p, err := startProcess(os.Args[0], []string{"-test.run=^$"}, env, []*os.File{a.listener}, os.Stdout, os.Stderr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.stop(10 * time.Millisecond) })
	return p
}

// TestProcessRestartOnSameListener is what rebuild-on-save will do: start a
// new process on the listener, then stop the old one. Requests keep being
// answered throughout, because the socket never closes.
func TestProcessRestartOnSameListener(t *testing.T) {
	t.Parallel()
	old, url := startFake(t, "polite")
	oldChild := get(t, url+"/grandchild")
	f := old.cmd.ExtraFiles[0]
	next := startFakeOn(t, f, "polite")
	if err := old.stop(5 * time.Second); err != nil {
		t.Errorf("stop old: %v", err)
	}
	if got := get(t, url+"/grandchild"); got == oldChild {
		t.Errorf("after the restart the old process still answers")
	}
	if next.exited() {
		t.Errorf("the new process exited with the old one")
	}
}

func mustAtoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		panic(err)
	}
	return n
}

// get fetches url's body, retrying until the fake app is up.
func get(t *testing.T, url string) string {
	t.Helper()
	for start := time.Now(); ; time.Sleep(20 * time.Millisecond) {
		resp, err := http.Get(url)
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			return string(body)
		}
		if time.Since(start) > 10*time.Second {
			t.Fatalf("GET %s: %v", url, err)
		}
	}
}

// alive reports whether pid is a live process (not gone, not a zombie).
func alive(pid int) bool {
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return syscall.Kill(pid, 0) == nil // no /proc: zombies count as alive
	}
	_, after, _ := strings.Cut(string(stat), ") ")
	return !strings.HasPrefix(after, "Z") && !strings.HasPrefix(after, "X")
}

func TestProcessStopsGroup(t *testing.T) {
	t.Parallel()
	p, url := startFake(t, "polite")
	if got := get(t, url+"/healthz"); got != "/the/app/dir" {
		t.Errorf("the app got %s=%q, want /the/app/dir", devloop.AppDirEnv, got)
	}
	grandchild := mustAtoi(get(t, url+"/grandchild"))

	start := time.Now()
	if err := p.stop(5 * time.Second); err != nil {
		t.Errorf("stop: %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("stop took %v for an app that exits on SIGINT", d)
	}
	if code := p.exitCode(); code != 3 {
		t.Errorf("exit code %d, want 3, the app's own", code)
	}
	waitDead(t, grandchild)
}

func TestProcessStopsStubbornApp(t *testing.T) {
	t.Parallel()
	p, url := startFake(t, "stubborn")
	grandchild := mustAtoi(get(t, url+"/grandchild"))
	if err := p.stop(100 * time.Millisecond); err != nil {
		t.Errorf("stop: %v", err)
	}
	if code := p.exitCode(); code != 128+int(syscall.SIGKILL) {
		t.Errorf("exit code %d, want %d (killed)", code, 128+int(syscall.SIGKILL))
	}
	waitDead(t, grandchild)
}

func TestProcessExitCode(t *testing.T) {
	t.Parallel()
	p, _ := startFake(t, "exit7")
	<-p.done
	if code := p.exitCode(); code != 7 {
		t.Errorf("exit code %d, want 7", code)
	}
	if err := p.stop(time.Second); err != nil {
		t.Errorf("stop after exit: %v", err)
	}
}

func waitDead(t *testing.T, pid int) {
	t.Helper()
	for start := time.Now(); alive(pid); time.Sleep(20 * time.Millisecond) {
		if time.Since(start) > 5*time.Second {
			syscall.Kill(pid, syscall.SIGKILL)
			t.Fatalf("the app's child %d outlived the stopped app", pid)
		}
	}
}
