package runtime

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

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
	srv := NewServer(app, opts, slog.Default())
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
