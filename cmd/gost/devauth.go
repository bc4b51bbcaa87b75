package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"

	"github.com/gost-dev/gost/runtime"
	"github.com/gost-dev/gost/runtime/auth/devprovider"
)

// startDevLogin starts the development OpenID Provider of `gost run
// --dev-auth` and returns it with the [auth] table that points the app at
// it, as the value of devloop.DevAuthEnv for every process of the app.
//
// The provider lives in gost run rather than in the app: a built app then
// never contains a provider that logs anyone in as anyone; every version of
// the app shares one provider and one cookie_secret, so a switch to a new
// version keeps the login; and the app's binary, linked on every save, is a
// third smaller.
func startDevLogin(ctx context.Context, opts runtime.Options, stderr io.Writer) (*devprovider.Provider, string, error) {
	if !isLoopback(opts.Address) {
		return nil, "", fmt.Errorf("--dev-auth only works on a loopback address, not --server.address %s: the development login lets anyone log in as anyone", opts.Address)
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	p, err := devprovider.Start(ctx, devprovider.Options{Logger: log})
	if err != nil {
		return nil, "", fmt.Errorf("start the development login provider: %w", err)
	}
	table, err := json.Marshal(p.Secrets(opts.Port).Raw["auth"])
	if err != nil {
		p.Close()
		return nil, "", err
	}
	fmt.Fprintf(stderr, "\n  WARNING: development login provider at %s\n  Anyone can log in as anyone. Never use --dev-auth in production.\n\n", p.Issuer())
	return p, string(table), nil
}

func isLoopback(host string) bool {
	switch host {
	case "", "localhost":
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}
