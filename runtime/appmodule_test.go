package runtime

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// What go mod tidy gives a fresh app module that imports gost. README.md
// quotes these numbers; lower them here when they go down.
const (
	maxAppRequirements = 6 // in the app's go.mod, besides gost
	maxAppSumModules   = 6 // distinct modules in the app's go.sum
	maxAppGraphModules = 7 // go list -m all, besides the app and gost
)

// notForApps are the modules that only gost's tests and development tools
// need, and arrow-go, which only apps that import starrow need. They live
// in modules of their own (cmd/gost, examples, internal/browsertest,
// runtime/auth/devprovider, starrow), never in an app's.
var notForApps = regexp.MustCompile(`chromedp|zitadel|opentelemetry|fsnotify|go-chi|rs/cors|arrow-go|flatbuffers`)

// TestAppModuleInheritsLittle makes the module an app starts as (go mod
// init, then an app.go that imports st and runtime, as the main gost run
// generates does), points it at this checkout with a replace directive, and
// counts what go mod tidy adds to it. It fails when a requirement of the
// gost module brings more (such as a test's dependency) into every app.
func TestAppModuleInheritsLittle(t *testing.T) {
	t.Parallel()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	gomod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	goLine := regexp.MustCompile(`(?m)^go [0-9.]+$`).Find(gomod)
	dir := t.TempDir()
	files := map[string]string{
		"go.mod": "module example.com/app\n\n" + string(goLine) + "\n\nrequire github.com/gost-dev/gost v0.0.0\n\nreplace github.com/gost-dev/gost => " + root + "\n",
		"app.go": `package main

import (
	"github.com/gost-dev/gost/runtime"
	"github.com/gost-dev/gost/st"
)

func App(st *st.Ctx) { st.Title("Hello") }

func main() { runtime.Main(App) }
`,
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	goCmd := func(args ...string) []byte {
		t.Helper()
		cmd := exec.Command("go", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, stderr.Bytes())
		}
		return out
	}
	goCmd("mod", "tidy")
	sum, err := os.ReadFile(filepath.Join(dir, "go.sum")) // before go list adds to it
	if err != nil {
		t.Fatal(err)
	}
	var mod struct{ Require []struct{ Path string } }
	if err := json.Unmarshal(goCmd("mod", "edit", "-json"), &mod); err != nil {
		t.Fatal(err)
	}
	var reqs []string
	for _, r := range mod.Require {
		if r.Path != "github.com/gost-dev/gost" {
			reqs = append(reqs, r.Path)
		}
	}
	sums := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(string(sum)), "\n") {
		if f := strings.Fields(line); len(f) > 0 {
			sums[f[0]] = true
		}
	}
	var graph []string
	for _, m := range strings.Fields(string(goCmd("list", "-m", "-f", "{{.Path}}", "all"))) {
		if m != "example.com/app" && m != "github.com/gost-dev/gost" {
			graph = append(graph, m)
		}
	}
	t.Logf("an app module gets %d requirements, %d go.sum modules, a graph of %d: %s",
		len(reqs), len(sums), len(graph), strings.Join(graph, " "))

	if len(reqs) > maxAppRequirements {
		t.Errorf("the app's go.mod has %d requirements, want at most %d: %s", len(reqs), maxAppRequirements, reqs)
	}
	if len(sums) > maxAppSumModules {
		t.Errorf("the app's go.sum has %d modules, want at most %d", len(sums), maxAppSumModules)
	}
	if len(graph) > maxAppGraphModules {
		t.Errorf("the app's module graph has %d modules, want at most %d: %s", len(graph), maxAppGraphModules, graph)
	}
	for _, m := range graph {
		if notForApps.MatchString(m) {
			t.Errorf("the app's module graph has %s, which only gost's tests and tools need", m)
		}
	}
}
