package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	goruntime "runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/gost-dev/gost/internal/devloop"
	"github.com/gost-dev/gost/runtime"
)

// stopGrace is how long the app gets to exit after each of SIGINT and
// SIGTERM before gost sends the next, harder signal.
const stopGrace = 3 * time.Second

// runCmd is `gost run PATH [flags]`.
func runCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	for _, a := range args {
		if a == "--" {
			break
		}
		if a == "-h" || a == "--help" || a == "-help" {
			fmt.Fprint(stdout, runUsageText)
			return 0
		}
	}
	opts, paths, err := runtime.ParseArgs(args)
	if err != nil {
		fmt.Fprintf(stderr, "gost run: %s\n\n%s", strings.TrimPrefix(err.Error(), "runtime: "), runUsageText)
		return exitUsage
	}
	if len(paths) != 1 {
		fmt.Fprintf(stderr, "gost run: want one PATH (an app.go file or its directory), got %d\n\n%s", len(paths), runUsageText)
		return exitUsage
	}
	p, err := findApp(paths[0])
	if err != nil {
		fmt.Fprintf(stderr, "gost: %v\n", err)
		return 1
	}
	// The port, address and base path may come from the environment or the
	// app's config.toml: gost run binds the port and prints the URL. It
	// leaves runOnSave to the app process, which reads it again when
	// config.toml changes.
	flags := opts
	if opts, _, err = runtime.LoadOptions(args, p.dir); err != nil {
		fmt.Fprintf(stderr, "gost: %s\n", strings.TrimPrefix(err.Error(), "runtime: "))
		return 1
	}
	opts.RunOnSave = flags.RunOnSave
	if !opts.Headless && !hasDisplay() {
		opts.Headless = true // nowhere to open a browser, as over ssh; Streamlit does the same
	}
	p.tempMod = new(atomic.Bool)
	a := &app{pkg: p, opts: opts, stdout: stdout, stderr: stderr}
	return a.serve(ctx)
}

// app is an app being served by `gost run`: one bound listener, and over
// its life one or more builds and processes. The listener outlives every
// process, so that rebuilding on save can start a new process on the same
// socket and then stop the old one without the browser seeing the port
// close.
type app struct {
	pkg    appPackage
	opts   runtime.Options
	stdout io.Writer
	stderr io.Writer

	listener *os.File     // the bound socket, handed to each process as fd 3
	tmp      string       // private directory for overlays and binaries
	builds   atomic.Int64 // numbers the binaries, so a new build never overwrites a running one

	// Rebuilding on save (reload.go).
	handoff string       // directory where replaced processes leave their sessions for the new one
	devAuth string       // the development login's [auth] as JSON (devloop.DevAuthEnv), or ""
	quick   quickBuilder // plans rebuilds that skip the go command (quick.go)

	browserOpened bool     // by openBrowser, at most once
	events        chan any // to the supervise loop
	quit          chan struct{}
}

// serve binds the port, builds the app, runs it until it exits or ctx is
// cancelled, and returns the exit code for gost.
func (a *app) serve(ctx context.Context) int {
	// Bind before building: a busy port should fail in a moment, not after a
	// build that may take a while.
	if err := a.listen(); err != nil {
		fmt.Fprintf(a.stderr, "gost: %v\n", err)
		return 1
	}
	defer a.listener.Close()
	tmp, err := os.MkdirTemp("", "gost-run-")
	if err != nil {
		fmt.Fprintf(a.stderr, "gost: %v\n", err)
		return 1
	}
	a.tmp = tmp
	defer os.RemoveAll(tmp)
	a.handoff = filepath.Join(tmp, "handoff")
	if err := os.Mkdir(a.handoff, 0o700); err != nil {
		fmt.Fprintf(a.stderr, "gost: %v\n", err)
		return 1
	}
	if a.opts.DevAuth {
		dev, devAuth, err := startDevLogin(ctx, a.opts, a.stderr)
		if err != nil {
			fmt.Fprintf(a.stderr, "gost: %v\n", err)
			return 1
		}
		defer dev.Close()
		a.devAuth = devAuth
	}
	a.events, a.quit = make(chan any), make(chan struct{})
	defer close(a.quit)
	// Watch before the first build, so that a save during it counts.
	home, _ := os.UserHomeDir()
	w, err := newWatcher(a.pkg.dir, home, a.stderr)
	if err != nil {
		fmt.Fprintf(a.stderr, "gost: rebuilding on save is off: %v\n", err)
		w = nil
	} else {
		defer w.close()
		go a.refreshWatch(ctx, w)
	}

	first, err := a.firstVersion(ctx, w)
	if errors.Is(err, context.Canceled) {
		return 130 // interrupted while building: quietly, as a shell would
	}
	if err != nil {
		return 1 // firstVersion has said why
	}
	if ctx.Err() == nil { // not on the way out after Ctrl-C
		a.prepareQuick(ctx)
		a.openBrowser()
	}
	return a.supervise(ctx, first, w)
}

// listen binds the listener the app will serve on and records the port it
// got, which is what gets printed and passed to the app.
func (a *app) listen() error {
	ln, err := runtime.Listen(a.opts)
	if err != nil {
		var inUse *runtime.PortInUseError
		if errors.As(err, &inUse) {
			return err // its message already says what to do
		}
		return fmt.Errorf("listen on %s: %w", a.opts.URL(), err)
	}
	defer ln.Close() // the *os.File below is a duplicate that keeps the socket open
	tcp, ok := ln.(*net.TCPListener)
	if !ok {
		return fmt.Errorf("listen on %s: not a TCP listener", a.opts.URL())
	}
	f, err := tcp.File()
	if err != nil {
		return fmt.Errorf("listen on %s: pass socket to the app: %w", a.opts.URL(), err)
	}
	a.listener = f
	a.opts.Port = tcp.Addr().(*net.TCPAddr).Port
	return nil
}

// devBuildFlags make gost run's builds link faster, which is most of the
// time from a save to the new version on screen: without the symbol table
// and DWARF the linker writes a third less (BENCHMARKS.md). Panics still
// show file:line, from the runtime's own tables; only debuggers and
// profilers lose symbols, and gost build keeps them.
var devBuildFlags = []string{"-ldflags=-s -w"}

// buildEnv is the environment of every build: CGO_ENABLED=0 unless the
// user set it, so that gost run serves what gost build ships, one static
// binary, and quick rebuilds need no C linker.
func buildEnv() []string {
	if _, ok := os.LookupEnv("CGO_ENABLED"); ok {
		return nil
	}
	return []string{"CGO_ENABLED=0"}
}

// build builds the app into a new binary and returns its path and the
// directory it is in, to be removed when done with, and whether it was a
// quick build (quick.go). Cancelling ctx abandons the build, as a rebuild
// does when the source changes again.
func (a *app) build(ctx context.Context) (bin, dir string, quick bool, err error) {
	dir = filepath.Join(a.tmp, "build-"+strconv.FormatInt(a.builds.Add(1), 10))
	if err := os.Mkdir(dir, 0o700); err != nil {
		return "", "", false, fmt.Errorf("build %s: %w", displayPath(a.pkg.dir), err)
	}
	bin = filepath.Join(dir, "app"+exeSuffix())
	err = a.quick.build(ctx, a.pkg, bin, dir, buildEnv())
	if err == nil || ctx.Err() != nil {
		return bin, dir, err == nil, err
	}
	if err := goBuild(ctx, a.pkg, bin, dir, buildEnv(), devBuildFlags...); err != nil {
		return "", dir, false, err
	}
	return bin, dir, false, nil
}

// prepareQuick plans quick rebuilds after a go build, in the background.
// Until it is done, and if it fails, rebuilds use go build.
func (a *app) prepareQuick(ctx context.Context) {
	go a.quick.prepare(ctx, a.pkg, a.tmp, buildEnv())
}

// start starts a process of bin, built in dir, serving on the app's
// listener. This is the contract with runtime.Main, written down in
// internal/devloop: the socket is fd 3, named by GOST_LISTENER_FD;
// GOST_APP_DIR is the app's source directory; the options follow as flags.
// The control channel is fd 4 (GOST_CONTROL_FD), and GOST_HANDOFF_DIR is
// where sessions move from one version to the next (runtime/reload.go).
func (a *app) start(bin, dir string) (*child, error) {
	env := []string{
		devloop.ListenerFDEnv + "=" + strconv.Itoa(devloop.ListenerFD),
		devloop.AppDirEnv + "=" + a.pkg.dir,
	}
	if a.devAuth != "" {
		env = append(env, devloop.DevAuthEnv+"="+a.devAuth)
	}
	files := []*os.File{a.listener}
	ctlApp, ctl, err := devloop.Pair()
	if err == nil {
		defer ctlApp.Close() // the child has its copy
		files = append(files, ctlApp)
		env = append(env, devloop.ControlFDEnv+"="+strconv.Itoa(devloop.ControlFD), devloop.HandoffDirEnv+"="+a.handoff)
	}
	c := &child{dir: dir, out: newTailBuffer(64 << 10)}
	opts := a.opts
	opts.DevAuth = false // the provider is ours, passed in env
	c.proc, err = startProcess(bin, opts.Args(), env, files, io.MultiWriter(a.stdout, c.out), io.MultiWriter(a.stderr, c.out))
	if err != nil {
		if ctl != nil {
			ctl.Close()
		}
		return nil, err
	}
	c.ctl = ctl
	a.follow(c)
	return c, nil
}

// openBrowser opens the app in the user's browser, once, unless headless.
// The socket is already listening, so the browser's request waits in the
// accept queue until the app (or the error page) serves it.
func (a *app) openBrowser() {
	if a.opts.Headless || a.browserOpened {
		return
	}
	a.browserOpened = true
	if err := openBrowser(a.opts.URL()); err != nil {
		fmt.Fprintf(a.stderr, "gost: open a browser: %v\n", err)
	}
}

// hasDisplay reports whether a browser could be shown. Only Linux and the
// BSDs need a display server to be named; macOS and Windows always have one.
func hasDisplay() bool {
	switch goruntime.GOOS {
	case "darwin", "windows":
		return true
	}
	return os.Getenv("DISPLAY") != "" || os.Getenv("WAYLAND_DISPLAY") != ""
}

// openBrowser opens url in the user's browser without waiting for it.
func openBrowser(url string) error {
	var cmd *exec.Cmd
	switch goruntime.GOOS {
	case "darwin":
		cmd = exec.Command("open", url)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	detach(cmd)
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait() // reap it; whether the browser opened is its own business
	return nil
}
