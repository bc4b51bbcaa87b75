package auth

import (
	"io"
	"log/slog"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"
)

// Options configures a [Service]. The zero value works for an app served
// at "/" on port 0 ({port} in redirect_uri becomes "0").
type Options struct {
	// BasePath is the URL path the app is served under, e.g. "/" or
	// "/myapp". Login, logout and the identity cookie live under it, and a
	// finished login returns there. Empty means "/".
	BasePath string
	// Port replaces {port} in redirect_uri, so several local apps can share
	// one secrets.toml.
	Port int
	// HTTPClient talks to the providers (metadata, keys, token exchange).
	// Nil means a client with a 15 second timeout.
	HTTPClient *http.Client
	// Now is the clock for cookie and token expiry. Nil means time.Now.
	Now func() time.Time
	// Logger receives the details of failures. Nil discards them. Nothing
	// logged contains a secret, a token or a cookie.
	Logger *slog.Logger
	// Revocations keeps the per-user generations of "log out everywhere".
	// Nil means a [MemoryRevocations] of this Service; a runtime that
	// replaces its Service when secrets change passes the same one along,
	// and replicas pass a shared one.
	Revocations Revocations
}

// Service is the login layer of one app. Everything about a user or a
// login in progress is in sealed cookies, so any number of replicas
// sharing cookie_secret serve the same users. The only server-side state
// that matters is [Revocations]; the rest is caches.
//
// A Service is safe for concurrent use.
type Service struct {
	cfg    *config
	base   string // "/" or "/myapp/", always with a trailing slash
	client *http.Client
	now    func() time.Time
	log    *slog.Logger

	identity, tokens, flow, loginLink, logoutLink, failures sealer
	sealErr                                                 error

	remotes     map[string]*remote
	revocations Revocations
	logins      logins
	live        liveTokens

	mu       sync.Mutex
	onLogout []func(sessionKey string)
	onEnded  []func(sessionKey string, why LoginFailure)
	onResult []func(ok bool)
	// dead holds login keys this replica ended (a refused refresh), until
	// their cookie would have expired, so their cookie is not accepted
	// again here.
	dead map[string]time.Time
}

// New returns the login layer for secrets. It does not contact any
// provider: discovery happens on the first login and is cached, so an
// unreachable provider never stops the app from starting. A broken or
// missing [auth] does not fail New either; the problem is logged and
// returned by [Service.LoginURL], where the app shows it, as Streamlit does.
func New(s *Secrets, opts Options) (*Service, error) {
	svc := &Service{
		cfg:         parseConfig(s, opts.Port),
		base:        basePath(opts.BasePath),
		client:      opts.HTTPClient,
		now:         opts.Now,
		log:         opts.Logger,
		remotes:     map[string]*remote{},
		revocations: opts.Revocations,
	}
	if svc.revocations == nil {
		svc.revocations = &MemoryRevocations{}
	}
	if svc.client == nil {
		svc.client = &http.Client{Timeout: 15 * time.Second}
	}
	if svc.now == nil {
		svc.now = time.Now
	}
	if svc.log == nil {
		svc.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if svc.cfg.secrets != nil {
		for _, p := range []struct {
			s       *sealer
			purpose string
		}{{&svc.identity, purposeIdentity}, {&svc.tokens, purposeTokens}, {&svc.flow, purposeFlow}, {&svc.loginLink, purposeLogin}, {&svc.logoutLink, purposeLogout}, {&svc.failures, purposeFailure}} {
			if *p.s, svc.sealErr = newSealer(svc.cfg.secrets, p.purpose); svc.sealErr != nil {
				return nil, svc.sealErr
			}
		}
	}
	for name, p := range svc.cfg.providers {
		svc.remotes[name] = &remote{cfg: p, redirect: svc.cfg.redirectURI, client: svc.client, now: svc.now}
	}
	if err := svc.cfg.err; err != nil && !isNotConfigured(err) {
		key := ""
		if ce, ok := err.(*ConfigError); ok {
			key = ce.Key
		}
		svc.log.Warn("auth: login is misconfigured; st.Login will show this error", "key", key, "err", err)
	}
	for name, err := range svc.cfg.providerErrs {
		if name == defaultProvider && len(svc.cfg.providers) > 0 {
			continue // named providers only: a default one is not expected
		}
		svc.log.Warn("auth: login provider is misconfigured; st.Login will show this error", "provider", name, "err", err)
	}
	return svc, nil
}

// Enabled reports whether secrets has an [auth] table. Without one, apps
// have no login and st.User has no is_logged_in, as in Streamlit.
func (s *Service) Enabled() bool { return !isNotConfigured(s.cfg.err) }

// Paths lists the URL paths [Service.Handler] serves, for mounting on a
// mux: login, logout and touch under the base path, and the path of
// redirect_uri.
func (s *Service) Paths() []string {
	return []string{s.loginPath(), s.logoutPath(), s.cfg.callbackPath, s.touchPath()}
}

// Handler serves the login route (base path + "auth/login"), the callback
// (the path of redirect_uri, /oauth2callback by default), the logout
// route (base path + "auth/logout") and the touch route (base path +
// "auth/touch", a POST: see [Service.TouchEvery]). Other paths get 404.
func (s *Service) Handler() http.Handler {
	// A switch rather than a ServeMux: the callback path comes from the
	// user's redirect_uri and may contain characters ServeMux patterns
	// treat specially.
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var h http.HandlerFunc
		method := http.MethodGet
		switch r.URL.Path {
		case s.loginPath():
			h = s.serveLogin
		case s.cfg.callbackPath:
			h = s.serveCallback
		case s.logoutPath():
			h = s.serveLogout
		case s.touchPath():
			h, method = s.serveTouch, http.MethodPost
		default:
			http.NotFound(w, r)
			return
		}
		if r.Method != method {
			w.Header().Set("Allow", method)
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Referrer-Policy", "no-referrer")
		h(w, r)
	})
}

// OnLogout registers f to be called with the [User.SessionKey] of a login
// when the browser holding it logs out through this Service, so the
// runtime can log out the other tabs of that browser at once. Other
// replicas are not told: their tabs see the logout when they reconnect,
// since the cookie is gone. f must not block.
func (s *Service) OnLogout(f func(sessionKey string)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.onLogout = append(s.onLogout, f)
}

// OnEnded registers f to be called with the [User.SessionKey] of a login
// that the server ended rather than the user's st.Logout: a log out
// everywhere, or a refresh the provider refused. The runtime logs out the
// sessions of that key and shows why. f must not block.
func (s *Service) OnEnded(f func(sessionKey string, why LoginFailure)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.onEnded = append(s.onEnded, f)
}

func (s *Service) ended(key string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.dead[key]
	return ok
}

// markEnded refuses key's cookie on this replica until exp.
func (s *Service) markEnded(key string, exp time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.dead == nil {
		s.dead = map[string]time.Time{}
	}
	now := s.now()
	for k, e := range s.dead {
		if !now.Before(e) {
			delete(s.dead, k)
		}
	}
	s.dead[key] = exp
}

func (s *Service) endLogin(key string, code FailureCode) {
	why, _ := failure(code)
	s.mu.Lock()
	fs := append([]func(string, LoginFailure){}, s.onEnded...)
	s.mu.Unlock()
	for _, f := range fs {
		f(key, why)
	}
}

// OnLoginResult registers f to be called with the result of every login
// attempt that reaches this Service's routes: true when the callback sets
// the identity cookie, false when the login or callback route sends the
// browser back with a [LoginFailure]. The runtime counts them for its
// metrics. f must not block.
func (s *Service) OnLoginResult(f func(ok bool)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.onResult = append(s.onResult, f)
}

func (s *Service) notifyResult(ok bool) {
	s.mu.Lock()
	fs := append([]func(bool){}, s.onResult...)
	s.mu.Unlock()
	for _, f := range fs {
		f(ok)
	}
}

func (s *Service) notifyLogout(key string) {
	s.mu.Lock()
	fs := append([]func(string){}, s.onLogout...)
	s.mu.Unlock()
	for _, f := range fs {
		f(key)
	}
}

func (s *Service) loginPath() string  { return s.base + "auth/login" }
func (s *Service) logoutPath() string { return s.base + "auth/logout" }
func (s *Service) touchPath() string  { return s.base + "auth/touch" }

// cookiePath is the base path without its trailing slash (except for "/"),
// so the identity cookie also reaches "/myapp" itself.
func (s *Service) cookiePath() string {
	if s.base == "/" {
		return "/"
	}
	return strings.TrimSuffix(s.base, "/")
}

func basePath(p string) string {
	p = path.Clean("/" + strings.Trim(p, "/"))
	if p == "/" {
		return p
	}
	return p + "/"
}

func isNotConfigured(err error) bool {
	ce, ok := err.(*ConfigError)
	return ok && ce.notConfigured
}

// RedirectHost is the host name (without port) of redirect_uri, or "" when
// there is none: the name the provider sends browsers back to, so one the
// app must answer for.
func (s *Service) RedirectHost() string {
	if s.cfg.redirect == nil {
		return ""
	}
	return s.cfg.redirect.Hostname()
}
