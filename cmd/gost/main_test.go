package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gost-dev/gost/runtime"
)

func TestRun(t *testing.T) {
	t.Parallel()
	for _, test := range []struct {
		args       []string
		wantCode   int
		wantStdout string // substring; "" means stdout must be empty
		wantStderr string // substring; "" means stderr must be empty
	}{
		{[]string{}, exitUsage, "", "Usage:"},
		{[]string{"help"}, 0, "gost run PATH [flags]", ""},
		{[]string{"-h"}, 0, "Usage:", ""},
		{[]string{"--help"}, 0, "--server.port PORT", ""},
		{[]string{"version"}, 0, "devel\n", ""},
		{[]string{"serve"}, exitUsage, "", "gost: unknown command \"serve\"\n\ngost runs apps"},

		{[]string{"run"}, exitUsage, "", "gost run: want one PATH (an app.go file or its directory), got 0"},
		{[]string{"run", "a.go", "b.go"}, exitUsage, "", "got 2"},
		{[]string{"run", "--help"}, 0, "Usage: gost run PATH [flags]", ""},
		{[]string{"run", "app.go", "-h"}, 0, "Usage: gost run PATH [flags]", ""},
		{[]string{"run", "--server.prot=1", "app.go"}, exitUsage, "", "gost run: unknown flag --server.prot\n"},
		{[]string{"run", "app.go", "--server.port", "http"}, exitUsage, "", `gost run: invalid value "http" for flag --server.port`},
		{[]string{"run", "testdata/nosuch/app.go"}, 1, "", "gost: stat testdata/nosuch/app.go: no such file or directory\n"},
		{[]string{"run", "testdata/empty/README"}, 1, "", "not a .go file or a directory"},
		{[]string{"run", "testdata/empty"}, 1, "", "gost: testdata/empty: no Go files\n"},
		{[]string{"run", "testdata/noapp/app.go"}, 1, "", "gost: testdata/noapp/app.go: no func App(st *st.Ctx) in package main\n"},
		{[]string{"run", "testdata/noapp"}, 1, "", "gost: testdata/noapp: no func App(st *st.Ctx) in package main\n"},
		{[]string{"run", "testdata/wrongsig/app.go"}, 1, "", "gost: testdata/wrongsig/app.go:5:1: func App has the wrong signature; want func App(st *st.Ctx)"},
		{[]string{"run", "testdata/hasmain"}, 1, "", "gost: testdata/hasmain/app.go:7:1: package main has its own func main"},
		{[]string{"run", "testdata/notmain/app.go"}, 1, "", "gost: testdata/notmain/app.go: package hello, want package main\n"},

		{[]string{"build"}, exitUsage, "", "gost build: want one PATH, got 0"},
		{[]string{"build", "-h"}, 0, "Usage: gost build PATH [-o OUT]", ""},
		{[]string{"build", "app.go", "-o"}, exitUsage, "", "-o needs a file name"},
		{[]string{"build", "--server.port=1", "app.go"}, exitUsage, "", "gost build: unknown flag --server.port"},
		{[]string{"build", "testdata/noapp"}, 1, "", "no func App(st *st.Ctx) in package main"},
	} {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), append([]string{"gost"}, test.args...), &stdout, &stderr)
		if code != test.wantCode {
			t.Errorf("gost %q: exit code %d, want %d\nstderr: %s", test.args, code, test.wantCode, &stderr)
		}
		check := func(name, got, want string) {
			if want == "" && got != "" || !strings.Contains(got, want) {
				t.Errorf("gost %q: %s:\n%s\nwant it to contain %q", test.args, name, got, want)
			}
		}
		check("stdout", stdout.String(), test.wantStdout)
		check("stderr", stderr.String(), test.wantStderr)
	}
}

// TestUsageListsFlags keeps the hand-written usage texts in step with the
// flags runtime.ParseArgs accepts.
func TestUsageListsFlags(t *testing.T) {
	t.Parallel()
	for _, name := range runtime.FlagNames() {
		if !strings.Contains(usageText, name+" ") || !strings.Contains(runUsageText, name+" ") {
			t.Errorf("usage text does not list %s", name)
		}
	}
}

func TestRunPortInUse(t *testing.T) {
	t.Parallel()
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	port := strconv.Itoa(busy.Addr().(*net.TCPAddr).Port)

	var stdout, stderr bytes.Buffer
	start := time.Now()
	code := run(context.Background(), []string{"gost", "run", "../../examples/hello", "--server.headless", "--server.address=127.0.0.1", "--server.port=" + port}, &stdout, &stderr)
	if code != 1 {
		t.Errorf("exit code %d, want 1", code)
	}
	want := "gost: port " + port + " is already in use; stop the other server or pass --server.port\n"
	if stderr.String() != want {
		t.Errorf("stderr = %q, want %q", &stderr, want)
	}
	// The port is checked before the build, so this fails fast.
	if d := time.Since(start); d > time.Second {
		t.Errorf("gost took %v to report a busy port; it should not build first", d)
	}
}

func TestRelativizeOutput(t *testing.T) {
	t.Parallel()
	dir, err := filepath.Abs("testdata/builderr") // the go command ran here; tests run in cmd/gost
	if err != nil {
		t.Fatal(err)
	}
	for _, test := range []struct{ in, want string }{
		{"# example.com/app\n./app.go:6:14: cannot use x\n", "# example.com/app\ntestdata/builderr/app.go:6:14: cannot use x\n"},
		{"app.go:6: x\n\tutil.go:1:2: y\n", "testdata/builderr/app.go:6: x\n\ttestdata/builderr/util.go:1:2: y\n"},
		{"../noapp/app.go:1:1: z", "testdata/noapp/app.go:1:1: z"},
		{"/elsewhere/lib.go:3:4: w", "/elsewhere/lib.go:3:4: w"},
		{"go: cannot find main module", "go: cannot find main module"},
	} {
		if got := relativizeOutput(test.in, dir); got != test.want {
			t.Errorf("relativizeOutput(%q):\ngot  %q\nwant %q", test.in, got, test.want)
		}
	}
}

func TestCheckApp(t *testing.T) {
	t.Parallel()
	for _, test := range []struct {
		src  string
		want string // substring of the error; "" means no error
	}{
		{"import \"github.com/gost-dev/gost/st\"\nfunc App(st *st.Ctx) {}", ""},
		{"import x \"github.com/gost-dev/gost/st\"\nfunc App(s *x.Ctx) {}", ""},
		{"import . \"github.com/gost-dev/gost/st\"\nfunc App(st *Ctx) {}", ""},
		{"import \"github.com/gost-dev/gost/st\"\nfunc App(*st.Ctx) {}", ""},
		{"import \"github.com/gost-dev/gost/st\"\nfunc App(st *st.Ctx) error { return nil }", "wrong signature"},
		{"import \"github.com/gost-dev/gost/st\"\nfunc App(a, b *st.Ctx) {}", "wrong signature"},
		{"import \"github.com/gost-dev/gost/st\"\nfunc App[T any](st *st.Ctx) {}", "wrong signature"},
		{"import st \"example.com/other/st\"\nfunc App(st *st.Ctx) {}", "wrong signature"},
		{"type T struct{}\nfunc (T) App() {}", "no func App(st *st.Ctx) in package main"},
		{"var App = 1", "no func App(st *st.Ctx) in package main"},
		{"func App(st *st.Ctx) {", ""}, // a syntax error is the compiler's to report
	} {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "app.go"), []byte("package main\n"+test.src+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		err := checkApp(appPackage{dir: dir, name: dir})
		switch {
		case test.want == "" && err != nil:
			t.Errorf("checkApp(%q): %v", test.src, err)
		case test.want != "" && (err == nil || !strings.Contains(err.Error(), test.want)):
			t.Errorf("checkApp(%q) = %v, want an error containing %q", test.src, err, test.want)
		}
	}
}

// freePort returns a port on 127.0.0.1 that was free a moment ago. Port 0
// means 8501 to gost, so tests pick a port themselves.
func freePort(tb testing.TB) string {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	defer ln.Close()
	return strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
}

func TestDevLoginRefusesOtherMachines(t *testing.T) {
	for _, addr := range []string{"0.0.0.0", "192.0.2.1", "[::]"} {
		_, _, err := startDevLogin(context.Background(), runtime.Options{Address: addr}, io.Discard)
		if err == nil || !strings.Contains(err.Error(), "loopback") {
			t.Errorf("--dev-auth on %s: %v, want a refusal", addr, err)
		}
	}
}
