package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/gost-dev/gost/runtime"
)

const configUsageText = `Usage: gost config show [PATH] [flags]

Prints the configuration the app at PATH (an app.go file or its directory;
default: the current directory) would run with, as config.toml, each value
with where it came from: a file and line, an environment variable
(GOST_SERVER_PORT for [server] port), a flag, or the default. Secrets are
masked. The flags are gost run's.

Precedence, highest first: flags, environment variables, the app's
.gost/config.toml and .streamlit/config.toml, then the same in your home
directory.
`

// configCmd is `gost config show [PATH] [flags]`.
func configCmd(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "show" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
			fmt.Fprint(stdout, configUsageText)
			return 0
		}
		fmt.Fprint(stderr, configUsageText)
		return exitUsage
	}
	_, paths, err := runtime.ParseArgs(args[1:])
	if err != nil {
		fmt.Fprintf(stderr, "gost config show: %s\n\n%s", strings.TrimPrefix(err.Error(), "runtime: "), configUsageText)
		return exitUsage
	}
	if len(paths) > 1 {
		fmt.Fprintf(stderr, "gost config show: want at most one PATH, got %d\n\n%s", len(paths), configUsageText)
		return exitUsage
	}
	dir := "."
	if len(paths) == 1 {
		dir = paths[0]
	}
	if fi, err := os.Stat(dir); err != nil {
		fmt.Fprintf(stderr, "gost: %v\n", err)
		return 1
	} else if !fi.IsDir() {
		dir = filepath.Dir(dir)
	}
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	if err := runtime.ShowConfig(stdout, args[1:], dir); err != nil {
		fmt.Fprintf(stderr, "gost: %s\n", strings.TrimPrefix(err.Error(), "runtime: "))
		return 1
	}
	return 0
}
