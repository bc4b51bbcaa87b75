package runtime

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/gost-dev/gost/runtime/auth"
	"github.com/gost-dev/gost/runtime/auth/devprovider"
	"github.com/gost-dev/gost/st"
)

// Main serves app with the options on the command line, until SIGINT or
// SIGTERM. It is what the entry point that `gost run` generates calls.
func Main(app func(*st.Ctx)) {
	opts, _, err := ParseArgs(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "gost:", err)
		os.Exit(64)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := Serve(ctx, app, opts); err != nil {
		fmt.Fprintln(os.Stderr, "gost:", err)
		os.Exit(1)
	}
}

// Serve serves app until ctx is done.
func Serve(ctx context.Context, app func(*st.Ctx), opts Options) error {
	l, err := Listen(opts)
	if err != nil {
		return err
	}
	log := slog.Default()
	srv := NewServer(app, opts, log)
	port := l.Addr().(*net.TCPAddr).Port
	secrets, err := loadSecrets()
	if err != nil {
		// The app still serves: the page shows the problem where the app
		// asks for its secrets or a login.
		log.Error("gost: reading secrets", "err", err)
	}
	if opts.DevAuth {
		dev, derr := startDevLogin(ctx, opts, log)
		if derr != nil {
			l.Close()
			return derr
		}
		defer dev.Close()
		secrets, err = secrets.WithAuth(dev.Secrets(port)), nil
		srv.notice = devNotice
	}
	srv.SetSecrets(secrets, err, port)
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	go srv.sweepEvery(ctx, 30*time.Second)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(l) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdown); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return nil
}

// loadSecrets reads secrets.toml from the app's directory (GOST_APP_DIR,
// set by gost run; else the working directory) and the user's home.
func loadSecrets() (*auth.Secrets, error) {
	dir := os.Getenv(AppDirEnv)
	if dir == "" {
		dir, _ = os.Getwd()
	}
	home, _ := os.UserHomeDir()
	s, err := auth.LoadSecrets(dir, home, os.Environ())
	if s == nil {
		s = auth.NewSecrets(nil, "")
	}
	return s, err
}

// devNotice is shown on every page of an app using the development login.
const devNotice = "Development login: this app logs in with gost's built-in test provider, where anyone can be anyone. Never use --dev-auth in production."

// startDevLogin starts the development OpenID Provider. It refuses to when
// the app itself is reachable from other machines: the provider logs
// anyone in as anyone.
func startDevLogin(ctx context.Context, opts Options, log *slog.Logger) (*devprovider.Provider, error) {
	if !isLoopback(opts.Address) {
		return nil, fmt.Errorf("--dev-auth only works on a loopback address, not --server.address %s: the development login lets anyone log in as anyone", opts.Address)
	}
	p, err := devprovider.Start(ctx, devprovider.Options{Logger: log})
	if err != nil {
		return nil, fmt.Errorf("start the development login provider: %w", err)
	}
	fmt.Fprintf(os.Stderr, "\n  WARNING: development login provider at %s\n  Anyone can log in as anyone. Never use --dev-auth in production.\n\n", p.Issuer())
	return p, nil
}

func isLoopback(host string) bool {
	switch host {
	case "", "localhost":
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

func (s *Server) sweepEvery(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C:
			s.sweep(now, sessionGrace)
		}
	}
}
