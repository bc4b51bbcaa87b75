// Command gost runs and builds gost apps.
//
//	gost run app.go
//
// See usage.go, or run `gost help`, for the commands and flags.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	// Ctrl-C and SIGTERM cancel ctx; the run command then stops the app's
	// process group (which does not get the terminal's SIGINT itself, because
	// it runs in a group of its own).
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
