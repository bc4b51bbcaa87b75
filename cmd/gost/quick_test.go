//go:build unix

package main

import (
	"context"
	"errors"
	"go/build"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestQuickBuild builds an app with go build, plans quick builds, and then
// checks each kind of save: an edit of the app's own file is built
// quickly and the binary serves the new version; a new dependency, a
// compile error, a change to a package the app imports and a change to
// go.mod are left to go build.
func TestQuickBuild(t *testing.T) {
	t.Parallel()
	dir := ownModule(t)
	app := filepath.Join(dir, "app.go")
	writeFile(t, app, reloadApp("Version one"))
	// A package of the app's own module, which the app imports.
	greet := filepath.Join(dir, "greet", "greet.go")
	os.Mkdir(filepath.Dir(greet), 0o755)
	writeFile(t, greet, "package greet\n\nfunc Hello() string { return \"hi\" }\n")
	writeFile(t, filepath.Join(dir, "greet.go"), "package main\n\nimport \"example.com/myapp/greet\"\n\nvar _ = greet.Hello\n")
	past(t, filepath.Join(dir, "go.mod"), filepath.Join(dir, "go.sum"), greet)
	p, err := findApp(dir)
	if err != nil {
		t.Fatal(err)
	}
	p.tempMod = new(atomic.Bool)
	tmp := t.TempDir()
	ctx := context.Background()
	if err := goBuild(ctx, p, filepath.Join(tmp, "first"), tmp, buildEnv(), devBuildFlags...); err != nil {
		t.Fatal(err)
	}
	var q quickBuilder
	if err := q.prepare(ctx, p, tmp, buildEnv()); err != nil {
		t.Fatalf("plan quick builds: %v", err)
	}
	quick := func(name string) error {
		out := t.TempDir()
		return q.build(ctx, p, filepath.Join(out, name), out, buildEnv())
	}

	writeFile(t, app, reloadApp("Version two"))
	bin := filepath.Join(t.TempDir(), "two")
	if err := q.build(ctx, p, bin, filepath.Dir(bin), buildEnv()); err != nil {
		t.Fatalf("an edit of app.go: %v, want a quick build", err)
	}
	tb := openTab(t, serveBinary(t, bin, dir))
	tb.until("done", "Version two", "hello , clicked 0")

	// A file of the package that was not there, importing what the app
	// already links, is still quick.
	writeFile(t, filepath.Join(dir, "more.go"), "package main\n\nimport \"strings\"\n\nvar shout = strings.ToUpper\n")
	if err := quick("more"); err != nil {
		t.Errorf("a new file with a known import: %v, want a quick build", err)
	}

	// A standard package gost itself never imports, so it is new here.
	writeFile(t, filepath.Join(dir, "more.go"), "package main\n\nimport _ \"net/smtp\"\n")
	if err := quick("smtp"); !errors.Is(err, errNoQuickBuild) {
		t.Errorf("a new dependency: %v, want go build", err)
	}
	os.Remove(filepath.Join(dir, "more.go"))

	writeFile(t, app, strings.Replace(reloadApp("Broken"), "st.Title(", "st.Title(undefinedName, ", 1))
	if err := quick("broken"); !errors.Is(err, errNoQuickBuild) || !strings.Contains(err.Error(), "undefinedName") {
		t.Errorf("a compile error: %v, want go build to report it", err)
	}
	writeFile(t, app, reloadApp("Version three"))
	if err := quick("three"); err != nil {
		t.Errorf("after the fix: %v, want a quick build", err)
	}

	writeFile(t, greet, "package greet\n\nfunc Hello() string { return \"hello\" }\n")
	if err := quick("greet"); !errors.Is(err, errNoQuickBuild) {
		t.Errorf("after a package the app imports changed: %v, want go build", err)
	}
	past(t, greet)
	if err := q.prepare(ctx, p, tmp, buildEnv()); err != nil {
		t.Fatalf("plan again: %v", err)
	}
	if err := quick("greet-planned"); err != nil {
		t.Errorf("planned again after the change: %v, want a quick build", err)
	}

	mod, _ := os.ReadFile(filepath.Join(dir, "go.mod"))
	writeFile(t, filepath.Join(dir, "go.mod"), string(mod)+"\n// edited\n")
	if err := quick("gomod"); !errors.Is(err, errNoQuickBuild) {
		t.Errorf("after go.mod changed: %v, want go build", err)
	}
	writeFile(t, filepath.Join(dir, "go.mod"), string(mod))
	past(t, filepath.Join(dir, "go.mod"))
	if err := quick("gomod-again"); !errors.Is(err, errNoQuickBuild) {
		t.Errorf("a plan once found stale must stay forgotten until the next go build: %v", err)
	}
}

// past sets the files' modification times an hour back, as files that
// were not just written: a plan does not trust files changed while it was
// made.
func past(t *testing.T, files ...string) {
	t.Helper()
	hour := time.Now().Add(-time.Hour)
	for _, f := range files {
		if err := os.Chtimes(f, hour, hour); err != nil {
			t.Fatal(err)
		}
	}
}

// serveBinary runs an app's binary on a free port until the test ends and
// returns its URL.
func serveBinary(t *testing.T, bin, dir string) string {
	t.Helper()
	port := freePort(t)
	cmd := exec.Command(bin, "--server.headless", "--server.address", "127.0.0.1", "--server.port", port)
	cmd.Dir = dir
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	url := "http://127.0.0.1:" + port
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(20 * time.Millisecond) {
		if resp, err := http.Get(url + "/healthz"); err == nil {
			resp.Body.Close()
			return url
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s did not serve", bin)
		}
	}
}

// TestQuickBuildLeavesToGoBuild lists what a quick build cannot compile.
func TestQuickBuildLeavesToGoBuild(t *testing.T) {
	const app = "package main\n\nimport \"github.com/gost-dev/gost/st\"\n\nfunc App(st *st.Ctx) {}\n"
	tests := []struct {
		name  string
		files map[string]string
		want  string // "" means a quick build applies
	}{
		{"only Go", map[string]string{"app.go": app}, ""},
		{"cgo", map[string]string{"app.go": app, "c.go": "package main\n\nimport \"C\"\n"}, "other than Go"},
		{"assembly", map[string]string{"app.go": app, "a_amd64.s": "", "a_arm64.s": ""}, "other than Go"},
		{"embed", map[string]string{"app.go": app, "e.go": "package main\n\nimport _ \"embed\"\n\n//go:embed app.go\nvar src string\n"}, "embeds"},
		{"profile", map[string]string{"app.go": app, "default.pgo": ""}, "default.pgo"},
		{"new import", map[string]string{"app.go": app, "n.go": "package main\n\nimport _ \"net/smtp\"\n"}, "net/smtp"},
		{"test files do not count", map[string]string{"app.go": app, "app_test.go": "package main\n\nimport _ \"net/smtp\"\n"}, ""},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, src := range test.files {
				writeFile(t, filepath.Join(dir, name), src)
			}
			plan := &quickPlan{ctx: build.Default, deps: map[string]bool{"github.com/gost-dev/gost/st": true, "embed": true}}
			plan.ctx.GOOS, plan.ctx.GOARCH = "linux", "amd64"
			plan.ctx.CgoEnabled = true // as the go command sees it with CGO_ENABLED=1: cgo files are still found
			_, err := plan.appFiles(dir)
			switch {
			case test.want == "" && err != nil:
				t.Errorf("%v, want a quick build", err)
			case test.want != "" && (!errors.Is(err, errNoQuickBuild) || !strings.Contains(err.Error(), test.want)):
				t.Errorf("%v, want go build because of %q", err, test.want)
			}
		})
	}
}

func TestQuickPlanNoticesChanges(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.go"), "package a\n")
	past(t, filepath.Join(dir, "a.go"))
	mod := filepath.Join(t.TempDir(), "go.mod")
	changes := []struct {
		name   string
		change func()
	}{
		{"edited", func() { writeFile(t, filepath.Join(dir, "a.go"), "package a // edited\n") }},
		{"touched", func() { os.Chtimes(filepath.Join(dir, "a.go"), time.Now(), time.Now()) }},
		{"added", func() { writeFile(t, filepath.Join(dir, "b.go"), "package a\n") }},
		{"removed", func() { os.Remove(filepath.Join(dir, "a.go")) }},
		{"go.mod created", func() { writeFile(t, mod, "module x\n") }},
	}
	for _, c := range changes {
		plan := &quickPlan{stamps: map[string]stamp{}, dirs: map[string][]string{}}
		if err := plan.stampDir(dir); err != nil {
			t.Fatal(err)
		}
		plan.stampFile(mod)
		if !plan.unchanged() {
			t.Fatalf("%s: a plan is stale right after it was made", c.name)
		}
		c.change()
		if plan.unchanged() {
			t.Errorf("%s: the plan did not notice", c.name)
		}
		os.Remove(mod)
		os.Remove(filepath.Join(dir, "b.go"))
		writeFile(t, filepath.Join(dir, "a.go"), "package a\n")
		past(t, filepath.Join(dir, "a.go"))
	}
}

func TestHarmlessGoFlags(t *testing.T) {
	for flag, want := range map[string]bool{
		"-buildvcs=false": true, "-mod=mod": true, "--modcacherw": true, "-x": true,
		"-tags=x": false, "-trimpath": false, "-race": false, "-ldflags=-X=a.b=c": false, "-buildmode=pie": false, "-pgo=off": false,
	} {
		if got := harmlessGoFlag(flag); got != want {
			t.Errorf("harmlessGoFlag(%q) = %v, want %v", flag, got, want)
		}
	}
}

func TestQuickBuildCanBeTurnedOff(t *testing.T) {
	t.Setenv(QuickBuildEnv, "off")
	var q quickBuilder
	q.plan = &quickPlan{}
	err := q.prepare(context.Background(), appPackage{dir: t.TempDir()}, t.TempDir(), nil)
	if !errors.Is(err, errNoQuickBuild) || q.plan != nil {
		t.Errorf("with %s=off: %v, plan %v; want go build only", QuickBuildEnv, err, q.plan)
	}
}
