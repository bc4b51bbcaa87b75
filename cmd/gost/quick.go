package main

// Quick rebuilds. Most saves change only the app's own package, and then
// go build spends a third of its time loading packages and checking its
// cache before it compiles that one package and links (BENCHMARKS.md).
// After each go build, gost asks the go command once, off the critical
// path, where the compiled archives of the app's dependencies are (go list
// -export). A save that leaves those dependencies as they were is then
// built by running the compiler and the linker directly, as go build
// would. Anything a quick build does not handle (a new dependency, a change
// to go.mod or to another local package, cgo, embedded files, a profile
// for PGO, GOFLAGS, a platform other than Linux) and any failure at all,
// compile errors included, go to go build: a quick build may only be
// faster, never different.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"go/build"
	goversion "go/version"
	"os"
	"path/filepath"
	goruntime "runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// QuickBuildEnv set to "off" makes every rebuild a go build.
const QuickBuildEnv = "GOST_QUICK_BUILD"

// quickBuilder holds the plan for quick rebuilds of one app.
type quickBuilder struct {
	mu   sync.Mutex
	plan *quickPlan // nil: no quick build possible now
}

// quickPlan is what a quick build needs to know, taken from the go command
// after a go build.
type quickPlan struct {
	tools     string        // GOTOOLDIR
	env       []string      // the go command's settings the compiler and linker read
	ctx       build.Context // selects the app's files as the go command does
	lang      string        // the app module's language version, e.g. go1.26
	godebug   string        // the app's default GODEBUG settings
	importcfg string        // where every dependency's archive is
	deps      map[string]bool
	stamps    map[string]stamp // the editable files the archives were built from
	dirs      map[string][]string
}

// stamp tells whether a file changed: its size and modification time.
type stamp struct {
	size int64
	mod  time.Time
}

// errNoQuickBuild means a quick build does not apply; go build does.
var errNoQuickBuild = errors.New("no quick build")

// stampSlack allows for file systems whose modification times are coarse:
// a file changed this close to planning does not count as unchanged.
const stampSlack = 2 * time.Second

// prepare plans quick builds for the state of the source that the go
// command sees now. env is go build's environment. It runs in the
// background after each go build; until it is done, and whenever it fails,
// rebuilds use go build.
func (q *quickBuilder) prepare(ctx context.Context, p appPackage, tmp string, env []string) error {
	q.forget()
	if goruntime.GOOS != "linux" {
		return errNoQuickBuild // elsewhere the default build mode may not be exe
	}
	if os.Getenv(QuickBuildEnv) == "off" {
		return fmt.Errorf("%w: %s=off", errNoQuickBuild, QuickBuildEnv)
	}
	tmp, err := os.MkdirTemp(tmp, "quick-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	plan, err := planQuick(ctx, p, tmp, env)
	if err != nil {
		return err
	}
	q.mu.Lock()
	q.plan = plan
	q.mu.Unlock()
	return nil
}

// forget drops the plan, as when it can no longer be trusted.
func (q *quickBuilder) forget() {
	q.mu.Lock()
	q.plan = nil
	q.mu.Unlock()
}

// goEnv is what planQuick reads from go env.
type goEnv struct {
	GOROOT, GOTOOLDIR, GOFLAGS, GOOS, GOARCH, CGO_ENABLED, GOMODCACHE, GOMOD, GOWORK string
	GOEXPERIMENT, GOAMD64, GOARM64, GOARM, GO386                                     string
}

// listedPackage is what planQuick reads from go list.
type listedPackage struct {
	ImportPath, Dir, Export, Name, DefaultGODEBUG string
	Standard                                      bool
	GoFiles, CgoFiles                             []string
	ImportMap                                     map[string]string
	Module                                        *struct{ GoVersion string }
}

func planQuick(ctx context.Context, p appPackage, tmp string, env []string) (*quickPlan, error) {
	gobin, err := lookGo()
	if err != nil {
		return nil, err
	}
	out, err := goCommand(ctx, gobin, p.dir, env, "env", "-json")
	if err != nil {
		return nil, fmt.Errorf("go env: %v: %s", err, out)
	}
	var ge goEnv
	if err := json.Unmarshal([]byte(out), &ge); err != nil {
		return nil, fmt.Errorf("go env: %w", err)
	}
	for _, f := range strings.Fields(ge.GOFLAGS) {
		if !harmlessGoFlag(f) {
			return nil, fmt.Errorf("%w: GOFLAGS has %s", errNoQuickBuild, f)
		}
	}
	overlay, err := writeOverlay(p.dir, tmp)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	out, err = goInModule(ctx, p, tmp, env, "list", "-export", "-deps", "-overlay", overlay,
		"-json=ImportPath,Dir,Export,Name,DefaultGODEBUG,Standard,GoFiles,CgoFiles,ImportMap,Module", ".")
	if err != nil {
		return nil, fmt.Errorf("go list: %v: %s", err, out)
	}
	plan := &quickPlan{
		tools:  ge.GOTOOLDIR,
		ctx:    build.Default,
		deps:   map[string]bool{},
		stamps: map[string]stamp{},
		dirs:   map[string][]string{},
	}
	for k, v := range map[string]string{"GOROOT": ge.GOROOT, "GOOS": ge.GOOS, "GOARCH": ge.GOARCH, "GOEXPERIMENT": ge.GOEXPERIMENT,
		"GOAMD64": ge.GOAMD64, "GOARM64": ge.GOARM64, "GOARM": ge.GOARM, "GO386": ge.GO386} {
		if v != "" {
			plan.env = append(plan.env, k+"="+v)
		}
	}
	plan.ctx.GOROOT, plan.ctx.GOOS, plan.ctx.GOARCH = ge.GOROOT, ge.GOOS, ge.GOARCH
	plan.ctx.CgoEnabled = ge.CGO_ENABLED == "1"

	var cfg strings.Builder
	var main *listedPackage
	dec := json.NewDecoder(strings.NewReader(out))
	for dec.More() {
		var pkg listedPackage
		if err := dec.Decode(&pkg); err != nil {
			return nil, fmt.Errorf("go list: %w", err)
		}
		switch {
		case len(pkg.CgoFiles) > 0:
			return nil, fmt.Errorf("%w: %s uses cgo", errNoQuickBuild, pkg.ImportPath)
		case pkg.Dir == p.dir && pkg.Name == "main":
			main = &pkg
			continue
		case pkg.ImportPath == "unsafe":
			plan.deps[pkg.ImportPath] = true // the compiler's own; no archive
			continue
		case pkg.Export == "":
			return nil, fmt.Errorf("%w: no archive for %s", errNoQuickBuild, pkg.ImportPath)
		}
		plan.deps[pkg.ImportPath] = true
		fmt.Fprintf(&cfg, "packagefile %s=%s\n", pkg.ImportPath, pkg.Export)
		if !pkg.Standard && !under(pkg.Dir, ge.GOMODCACHE) {
			if err := plan.stampDir(pkg.Dir); err != nil {
				return nil, err
			}
		}
	}
	if main == nil || main.Module == nil || main.Module.GoVersion == "" {
		return nil, fmt.Errorf("%w: the app is not the main package of a module with a go version", errNoQuickBuild)
	}
	for from, to := range main.ImportMap {
		fmt.Fprintf(&cfg, "importmap %s=%s\n", from, to)
	}
	plan.importcfg = cfg.String()
	plan.lang = goversion.Lang("go" + main.Module.GoVersion) // 1.26.0 → go1.26, as go build passes it
	plan.godebug = main.DefaultGODEBUG
	// The app's own go.mod, not the completed copy go list may have used.
	for _, f := range []string{ge.GOMOD, strings.TrimSuffix(ge.GOMOD, ".mod") + ".sum", ge.GOWORK, ge.GOWORK + ".sum"} {
		if f != "" && f != os.DevNull {
			plan.stampFile(f)
		}
	}
	for path, s := range plan.stamps {
		if !s.mod.Before(start.Add(-stampSlack)) {
			return nil, fmt.Errorf("%w: %s changed while gost planned", errNoQuickBuild, path)
		}
	}
	// The app's own files are checked at each quick build, with go/build:
	// it must pick the same files as the go command did.
	files, err := plan.appFiles(p.dir)
	if err != nil {
		return nil, err
	}
	listed := slices.DeleteFunc(slices.Clone(main.GoFiles), func(f string) bool { return f == mainFileName })
	if slices.Sort(listed); !slices.Equal(files, listed) {
		return nil, fmt.Errorf("%w: go/build sees files %v, the go command %v", errNoQuickBuild, files, listed)
	}
	return plan, nil
}

// stampDir records every file in dir, and which files there are.
func (plan *quickPlan) stampDir(dir string) error {
	names, err := regularFiles(dir)
	if err != nil {
		return err
	}
	for _, name := range names {
		plan.stampFile(filepath.Join(dir, name))
	}
	plan.dirs[dir] = names
	return nil
}

// stampFile records path's stamp.
func (plan *quickPlan) stampFile(path string) { plan.stamps[path] = stampOf(path) }

// stampOf is path's stamp; a file that does not exist has the zero stamp.
func stampOf(path string) stamp {
	fi, err := os.Stat(path)
	if err != nil {
		return stamp{}
	}
	return stamp{fi.Size(), fi.ModTime()}
}

// regularFiles lists the names of the regular files in dir, sorted.
func regularFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if e.Type().IsRegular() {
			names = append(names, e.Name())
		}
	}
	return names, nil
}

// unchanged reports whether the files the archives were built from are as
// they were when planned.
func (plan *quickPlan) unchanged() bool {
	for dir, names := range plan.dirs {
		now, err := regularFiles(dir)
		if err != nil || !slices.Equal(now, names) {
			return false
		}
	}
	for path, s := range plan.stamps {
		if now := stampOf(path); now.size != s.size || !now.mod.Equal(s.mod) {
			return false
		}
	}
	return true
}

// appFiles returns the Go files of the app's package in dir, sorted, if a
// quick build can compile them: nothing but Go, no embedded files, and
// imports the plan has archives for.
func (plan *quickPlan) appFiles(dir string) ([]string, error) {
	bp, err := plan.ctx.ImportDir(dir, 0)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errNoQuickBuild, err)
	}
	if len(bp.CgoFiles)+len(bp.CFiles)+len(bp.CXXFiles)+len(bp.MFiles)+len(bp.HFiles)+len(bp.FFiles)+len(bp.SFiles)+
		len(bp.SwigFiles)+len(bp.SwigCXXFiles)+len(bp.SysoFiles)+len(bp.EmbedPatterns) > 0 {
		return nil, fmt.Errorf("%w: the app has files other than Go, or embeds files", errNoQuickBuild)
	}
	if _, err := os.Stat(filepath.Join(dir, "default.pgo")); err == nil {
		return nil, fmt.Errorf("%w: default.pgo", errNoQuickBuild)
	}
	for _, imp := range bp.Imports {
		if !plan.deps[imp] {
			return nil, fmt.Errorf("%w: new import %s", errNoQuickBuild, imp)
		}
	}
	files := slices.DeleteFunc(slices.Clone(bp.GoFiles), func(f string) bool { return f == mainFileName })
	slices.Sort(files)
	return files, nil
}

// build builds the app into out with the compiler and linker, or returns
// an error wrapping errNoQuickBuild when go build should do it. tmp is the
// build's private directory.
func (q *quickBuilder) build(ctx context.Context, p appPackage, out, tmp string, env []string) error {
	q.mu.Lock()
	plan := q.plan
	q.mu.Unlock()
	if plan == nil {
		return errNoQuickBuild
	}
	if !plan.unchanged() {
		q.forget()
		return fmt.Errorf("%w: a dependency or go.mod changed", errNoQuickBuild)
	}
	files, err := plan.appFiles(p.dir)
	if err != nil {
		return err
	}
	gen := filepath.Join(tmp, mainFileName)
	if err := os.WriteFile(gen, []byte(mainSource), 0o644); err != nil {
		return err
	}
	importcfg := filepath.Join(tmp, "importcfg")
	archive := filepath.Join(tmp, "main.a")
	if err := os.WriteFile(importcfg, []byte(plan.importcfg+"packagefile main="+archive+"\n"), 0o644); err != nil {
		return err
	}
	// The flags are go build's for a package main (go build -x shows them).
	compile := []string{"-o", archive, "-p", "main", "-lang=" + plan.lang, "-complete", "-nolocalimports",
		"-c=" + strconv.Itoa(min(4, goruntime.GOMAXPROCS(0))), "-importcfg", importcfg,
		"-trimpath", gen + "=>" + filepath.Join(p.dir, mainFileName), "-pack"}
	for _, f := range files {
		compile = append(compile, "./"+f)
	}
	if err := plan.tool(ctx, p.dir, env, "compile", append(compile, gen)...); err != nil {
		return err
	}
	link := []string{"-o", out, "-importcfg", importcfg, "-buildmode=exe", "-s", "-w"}
	if plan.godebug != "" {
		link = append(link, "-X=runtime.godebugDefault="+plan.godebug)
	}
	return plan.tool(ctx, p.dir, env, "link", append(link, archive)...)
}

// tool runs one of the Go toolchain's tools in dir.
func (plan *quickPlan) tool(ctx context.Context, dir string, env []string, name string, args ...string) error {
	out, err := runTool(ctx, dir, append(env, plan.env...), filepath.Join(plan.tools, name), args...)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		// Compile errors included: go build will report them as the user
		// knows them.
		return fmt.Errorf("%w: %s: %v: %s", errNoQuickBuild, name, err, strings.TrimSpace(out))
	}
	return nil
}

// harmlessGoFlag reports whether a flag in GOFLAGS leaves how the compiler
// and linker build the app as a quick build does: it only touches what go
// list has already resolved, or the build info, which quick builds leave
// out.
func harmlessGoFlag(f string) bool {
	name, _, _ := strings.Cut(strings.TrimLeft(f, "-"), "=")
	switch name {
	case "buildvcs", "mod", "modcacherw", "modfile", "p", "v", "x":
		return true
	}
	return false
}

// under reports whether path is dir or inside it.
func under(path, dir string) bool {
	if dir == "" {
		return false
	}
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}
