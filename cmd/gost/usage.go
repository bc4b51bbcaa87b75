package main

import (
	"context"
	"fmt"
	"io"
	"runtime/debug"
)

// exitUsage is the exit code for a command line gost cannot make sense of
// (EX_USAGE from sysexits.h, as templ uses).
const exitUsage = 64

const usageText = `gost runs apps written with the gost UI framework.

Usage:

	gost run PATH [flags]     build the app at PATH and serve it
	gost build PATH [-o OUT]  build the app at PATH into one binary
	gost config show [PATH]   print the app's configuration and where each value came from
	gost version              print gost's version
	gost help                 print this help

PATH is an app.go file or the directory of a package main that defines
func App(st *st.Ctx). Give a file and gost still builds the whole package in
its directory, as go build does.

Flags of gost run (Streamlit's spelling; --flag value and --flag=value both work):

	--server.address ADDR     interface to listen on (default: localhost only)
	--server.port PORT        port to listen on (default 8501)
	--server.headless         do not open a browser (the default without a display)
	--server.baseUrlPath PATH serve the app under PATH, e.g. behind a proxy
	--server.runOnSave        switch open tabs to each new version on save (Always rerun)
	--dev-auth                start the development login provider
	--server.shutdownGrace D  on SIGTERM, let runs and jobs finish for D (default 10s)
	--server.sslCertFile FILE serve HTTPS and HTTP/2 with this certificate (PEM)
	--server.sslKeyFile FILE  and this key (PEM)
	--server.metricsAddress A serve Prometheus /metrics on A, e.g. 127.0.0.1:9090 (default off)
	--server.store URL        share sessions and logouts with other replicas, e.g. redis://redis:6379/0
	--server.storeOptional    start on this replica's memory if the store does not answer

Every flag but --dev-auth is also a key of config.toml ([server] port) and an
environment variable (GOST_SERVER_PORT); flags win over the environment,
which wins over the app's config.toml, which wins over your home's.
`

const runUsageText = `Usage: gost run PATH [flags]

Builds the package main at PATH (an app.go file or its directory) with a
generated func main, then serves it at http://localhost:8501 and opens a
browser. gost writes nothing into the app's directory.

Flags:

	--server.address ADDR     interface to listen on (default: localhost only)
	--server.port PORT        port to listen on (default 8501)
	--server.headless         do not open a browser (the default without a display)
	--server.baseUrlPath PATH serve the app under PATH, e.g. behind a proxy
	--server.runOnSave        switch open tabs to each new version on save (Always rerun)
	--dev-auth                start the development login provider
	--server.shutdownGrace D  on SIGTERM, let runs and jobs finish for D (default 10s)
	--server.sslCertFile FILE serve HTTPS and HTTP/2 with this certificate (PEM)
	--server.sslKeyFile FILE  and this key (PEM)
	--server.metricsAddress A serve Prometheus /metrics on A, e.g. 127.0.0.1:9090 (default off)
	--server.store URL        share sessions and logouts with other replicas, e.g. redis://redis:6379/0
	--server.storeOptional    start on this replica's memory if the store does not answer
`

const buildUsageText = `Usage: gost build PATH [-o OUT]

Builds the package main at PATH (an app.go file or its directory) into one
static binary (CGO_ENABLED=0 unless set) that serves the app. Run it with the
flags of gost run, e.g. ./app --server.address 0.0.0.0 --server.headless.

Flags:

	-o OUT    write the binary to OUT (default: the directory's name, here)
`

// run is the whole command: main only adds the process around it, so tests
// can call it with args and check what it prints and returns.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) < 2 {
		fmt.Fprint(stderr, usageText)
		return exitUsage
	}
	switch args[1] {
	case "run":
		return runCmd(ctx, args[2:], stdout, stderr)
	case "build":
		return buildCmd(ctx, args[2:], stdout, stderr)
	case "config":
		return configCmd(args[2:], stdout, stderr)
	case "version", "--version", "-version":
		fmt.Fprintln(stdout, version())
		return 0
	case "help", "-h", "--help", "-help":
		fmt.Fprint(stdout, usageText)
		return 0
	}
	fmt.Fprintf(stderr, "gost: unknown command %q\n\n%s", args[1], usageText)
	return exitUsage
}

// version is gost's module version, as `go install ...@v1.2.3` records it,
// or "devel" for a build from a checkout.
func version() string {
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return "devel"
}
