package runtime

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/gost-dev/gost/runtime/auth"
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
	if opts.DevAuth {
		return errDevAuthFlag
	}
	l, err := Listen(opts)
	if err != nil {
		return err
	}
	log := slog.Default()
	srv := NewServer(app, opts, log)
	port := l.Addr().(*net.TCPAddr).Port
	// Under gost run, a control channel brings rebuilds and secrets
	// changes, and a replaced process ends itself (reload.go).
	ctx, exit := context.WithCancel(ctx)
	defer exit()
	ctl, err := openControl()
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
	// loadConfig is run again when secrets.toml or config.toml change.
	loadConfig := func() {
		secrets, err := loadSecrets()
		if err != nil {
			// The app still serves: the page shows the problem where the app
			// asks for its secrets or a login.
			log.Error("gost: reading secrets", "err", err)
		}
		if devAuth != nil {
			secrets, err = secrets.WithAuth(devAuth), nil
		}
		srv.SetSecrets(secrets, err, port)
		runOnSave, errs := readRunOnSave(appDir(), home())
		for _, err := range errs {
			log.Error("gost: reading config", "err", err)
		}
		srv.setReloadConfig(os.Getenv(HandoffDirEnv), opts.RunOnSave || runOnSave)
		cfg, errs := readConfig(appDir(), home())
		for _, err := range errs {
			log.Error("gost: reading config", "err", err)
		}
		srv.SetConfig(cfg)
	}
	loadConfig()
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	go srv.sweepEvery(ctx, 30*time.Second)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(l) }()
	if ctl != nil {
		defer ctl.Close()
		go srv.followControl(ctl, controlHooks{listener: l, http: hs, reload: loadConfig, exit: exit})
		if err := ctl.Send(ControlMsg{T: CtlReady}); err != nil {
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
	s, err := auth.LoadSecrets(appDir(), home(), os.Environ())
	if s == nil {
		s = auth.NewSecrets(nil, "")
	}
	return s, err
}

// appDir is where the app's .gost and .streamlit directories are:
// GOST_APP_DIR, else the working directory.
func appDir() string {
	if dir := os.Getenv(AppDirEnv); dir != "" {
		return dir
	}
	dir, _ := os.Getwd()
	return dir
}

func home() string {
	h, _ := os.UserHomeDir()
	return h
}

// devNotice is shown on every page of an app using the development login.
const devNotice = "Development login: this app logs in with gost's built-in test provider, where anyone can be anyone. Never use --dev-auth in production."

// DevAuthEnv carries the development login's [auth] table, as JSON, from
// `gost run --dev-auth` to the app's processes. The provider itself runs in
// gost run, not in the app: so a built app never contains a provider that
// logs anyone in as anyone, every version of the app shares one provider
// and one cookie_secret (a switch keeps the login), and each rebuild links
// a smaller binary.
const DevAuthEnv = "GOST_DEV_AUTH"

var errDevAuthFlag = errors.New("--dev-auth is a flag of gost run (gost run --dev-auth PATH): a built app does not contain the development login")

// devAuthFromEnv returns the development login's [auth], or nil when
// DevAuthEnv is not set.
func devAuthFromEnv() (*auth.Secrets, error) {
	v := os.Getenv(DevAuthEnv)
	if v == "" {
		return nil, nil
	}
	var table map[string]any
	if err := json.Unmarshal([]byte(v), &table); err != nil {
		return nil, fmt.Errorf("%s: %w", DevAuthEnv, err)
	}
	return auth.NewSecrets(map[string]any{"auth": table}, "the gost development provider"), nil
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
