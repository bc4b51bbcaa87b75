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
	"syscall"
	"time"

	"github.com/gost-dev/gost/internal/devloop"
	"github.com/gost-dev/gost/internal/script"
	"github.com/gost-dev/gost/st"
)

// Main serves app with the options on the command line, the environment
// and config.toml (settings.go), until SIGINT or SIGTERM, after which it
// shuts down gracefully (shutdown.go) and exits 0. It is what the entry
// point that `gost run` generates calls.
func Main(app func(*st.Ctx)) {
	opts, _, set, err := parseArgs(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "gost:", err)
		os.Exit(64)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := serve(ctx, app, opts, set); err != nil {
		fmt.Fprintln(os.Stderr, "gost:", err)
		os.Exit(1)
	}
}

// Serve serves app until ctx is done. The non-zero fields of opts are
// flags: they win over the environment and config.toml (settings.go).
func Serve(ctx context.Context, app func(*st.Ctx), opts Options) error {
	return serve(ctx, app, opts, nil)
}

// serve is Serve with the flags given on the command line named in set.
func serve(ctx context.Context, app func(*st.Ctx), flags Options, set map[string]bool) error {
	load := func() (*settings, error) { return loadSettings(appDir(), home(), os.Environ(), &flags, set) }
	// A config that cannot be read stops the start: never half a config.
	cfg, err := load()
	if err != nil {
		return err
	}
	problems := cfg.check()
	opts := cfg.options()
	if opts.DevAuth {
		return errDevAuthFlag
	}
	log := slog.Default()
	if cfg.Logger.Level != nil || cfg.Logger.Format != nil {
		log = cfg.logger(os.Stderr)
	}
	report := func(cfg *settings, problems []error) {
		for _, err := range problems {
			log.Error("gost: reading config", "err", err)
		}
		for _, w := range cfg.warnings {
			log.Warn("gost: config: " + w)
		}
	}
	report(cfg, problems)
	if err := checkTLS(opts); err != nil { // tls.go
		return err
	}
	l, err := Listen(opts)
	if err != nil {
		return err
	}
	srv := NewServer(app, opts, log)
	// A store that does not answer stops the start, unless it is
	// optional: replicas that silently share nothing log users out.
	srv.shared, err = openShared(ctx, opts.Store, opts.StoreOptional, log, &srv.metrics.storeErrors)
	if err != nil {
		l.Close()
		return err
	}
	port := l.Addr().(*net.TCPAddr).Port
	// Under gost run, a control channel brings rebuilds and secrets
	// changes, and a replaced process ends itself (reload.go).
	ctx, exit := context.WithCancel(ctx)
	defer exit()
	ctl, err := devloop.OpenControl()
	if err != nil {
		log.Error("gost: rebuilding on save is off", "err", err)
	}
	srv.dog.dev.Store(ctl != nil) // under gost run: pages show stuck runs
	devAuth, err := devAuthFromEnv()
	if err != nil {
		l.Close()
		return err
	}
	if devAuth != nil {
		srv.notice = devNotice
	}
	// A [theme] that is wrong stops the start: the page would look broken.
	if err := srv.applyTheme(cfg); err != nil {
		l.Close()
		return err
	}
	apply := func(cfg *settings) {
		secrets, err := loadSecrets()
		if err != nil {
			// The app still serves: the page shows the problem where the app
			// asks for its secrets or a login.
			log.Error("gost: reading secrets", "err", err)
		}
		secrets = withCookieSecret(secrets, cfg)
		if devAuth != nil {
			secrets, err = secrets.WithAuth(devAuth), nil
		}
		srv.SetSecrets(secrets, err, port)
		srv.setReloadConfig(os.Getenv(devloop.HandoffDirEnv), cfg.Server.RunOnSave != nil && *cfg.Server.RunOnSave)
		uploadLimit := int64(script.DefaultMaxUploadSize)
		if p := cfg.Server.MaxUploadSize; p != nil {
			uploadLimit = int64(*p) << 20
		}
		srv.setUploadLimit(uploadLimit)
		srv.msgLimit.Store(cfg.maxMessageBytes())
		defences, errs := cfg.defences()
		for _, err := range errs {
			log.Error("gost: reading config", "err", err)
		}
		srv.SetConfig(defences)
	}
	apply(cfg)
	// loadConfig is run again when secrets.toml or config.toml change. A
	// config that cannot be read leaves the last one in force.
	loadConfig := func() {
		cfg, err := load()
		if err != nil {
			log.Error("gost: reading config; the last one stays in force", "err", err)
			return
		}
		report(cfg, cfg.check())
		if err := srv.applyTheme(cfg); err != nil {
			log.Error("gost: reading config", "err", err) // the theme stays as it was
		}
		apply(cfg)
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	if opts.MetricsAddress != "" {
		ml, err := srv.serveMetricsOn(opts.MetricsAddress, log)
		if err != nil {
			l.Close()
			return err
		}
		defer ml.Close()
	}
	go srv.sweepEvery(ctx, 30*time.Second)
	if srv.shared != nil {
		defer func() {
			srv.shared.flush() // the last runs' state, for the next replica
			srv.shared.st.Close()
		}()
		if err := srv.follow(ctx); err != nil {
			l.Close()
			return fmt.Errorf("runtime: [server] store: subscribe to logouts: %w", err)
		}
		go srv.tend(ctx)
	}
	defer srv.removeUploads()
	errc := make(chan error, 1)
	go func() { errc <- serveHTTP(hs, l, opts) }()
	if ctl != nil {
		defer ctl.Close()
		go srv.followControl(ctl, controlHooks{listener: l, http: hs, reload: loadConfig, exit: exit})
		if err := ctl.Send(devloop.Msg{T: devloop.CtlReady}); err != nil {
			log.Error("gost: tell gost run the app serves", "err", err)
		}
	}
	select {
	case err := <-errc:
		if !srv.draining() {
			return err
		}
		<-ctx.Done() // a new version took the listener: finish the open tabs
	case <-ctx.Done():
		if ctl == nil {
			// A built app that is told to stop: a rolling restart
			// (shutdown.go). Under gost run the supervisor replaces the
			// process itself.
			return srv.shutdown(hs, opts.shutdownGrace())
		}
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	err = hs.Shutdown(shutdown)
	// Jobs live in this process: stopping it cancels them (jobs.go).
	if jerr := srv.jobs.Close(shutdown); jerr != nil {
		log.Warn("gost: jobs did not stop in time", "err", jerr, "running", srv.jobs.Running())
	}
	if err != nil && !errors.Is(err, context.DeadlineExceeded) {
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
