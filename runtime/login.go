package runtime

import (
	"context"
	"errors"
	"maps"
	"net/http"
	"reflect"
	"slices"
	"sync"

	"github.com/gost-dev/gost/internal/script"
	"github.com/gost-dev/gost/runtime/auth"
)

// login is the app's secrets and login layer. It is replaced whole when the
// secrets change, so a request sees one consistent configuration.
type login struct {
	secrets *auth.Secrets
	err     error // secrets.toml could not be read: shown where the app asks for secrets
	svc     *auth.Service
	paths   []string // what svc serves
	// revocations outlive a change of secrets, so "log out everywhere"
	// stays in force when secrets.toml is edited.
	revocations auth.Revocations
}

// SetSecrets configures st.Login, st.User and st.Secrets from secrets (or
// records err, the reason they could not be loaded). port replaces {port}
// in redirect_uri. New sessions and new logins use it at once.
func (s *Server) SetSecrets(secrets *auth.Secrets, err error, port int) {
	if secrets == nil {
		secrets = auth.NewSecrets(nil, "")
	}
	var rev auth.Revocations = &auth.MemoryRevocations{}
	if s.shared != nil {
		rev = revocations{s.shared} // every replica's (store.go)
	}
	if old := s.currentLogin(); old != nil && old.revocations != nil {
		rev = old.revocations
	}
	s.shared.setFingerprint(cookieSecretFingerprint(secrets))
	svc, svcErr := auth.New(secrets, auth.Options{BasePath: s.opts.basePath(), Port: port, Logger: s.log, Revocations: rev, Now: s.authNow})
	if svcErr != nil {
		err = svcErr
		svc = nil
	}
	l := &login{secrets: secrets, err: err, svc: svc, revocations: rev}
	if svc != nil {
		l.paths = svc.Paths()
		svc.OnLogout(s.logOut)
		svc.OnEnded(s.endLogin)
		svc.OnLoginResult(s.metrics.login)
	}
	s.loginMu.Lock()
	s.login = l
	s.loginMu.Unlock()
}

func (s *Server) currentLogin() *login {
	s.loginMu.Lock()
	defer s.loginMu.Unlock()
	return s.login
}

// serveAuth serves the login, callback, logout and touch routes, and reports
// whether r was one of them.
func (s *Server) serveAuth(w http.ResponseWriter, r *http.Request) bool {
	l := s.currentLogin()
	if l == nil || l.svc == nil || !slices.Contains(l.paths, r.URL.Path) {
		return false
	}
	l.svc.Handler().ServeHTTP(w, r)
	return true
}

// identify reads who the browser of the websocket request r is, and the
// failure of its last login attempt. The cookie changes it asks for go into
// h, the headers of the handshake's answer.
func (s *Server) identify(h http.Header, r *http.Request) (script.User, *auth.LoginFailure) {
	l := s.currentLogin()
	if l == nil || l.svc == nil {
		return script.User{}, nil
	}
	u, fail := l.svc.Identify(h, r)
	if fail != nil && fail.Detail != "" && s.underGostRun() {
		// The developer is the user: say what the provider said.
		f := *fail
		f.Message += " (Shown in development only: " + f.Detail + ")"
		fail = &f
	}
	return script.User{
		LoggedIn:    u.LoggedIn,
		Provider:    u.Provider,
		Claims:      u.Claims,
		IDToken:     u.IDToken,
		AccessToken: u.AccessToken,
		Key:         u.SessionKey,

		Roles:         u.Roles,
		Groups:        u.Groups,
		GroupsOverage: u.GroupsOverage,
		GroupsSource:  u.GroupsSource,
		ClaimProblems: u.ClaimProblems,
	}, fail
}

// greetLogin tells the tab of a logged-in user where and how often its
// user's activity renews the login, when cookie_idle_timeout is set: the
// websocket cannot set cookies, so without it a user who works in one tab
// past the timeout would be logged out at the next reconnect.
func (s *Server) greetLogin(c *conn, u script.User) {
	if !u.LoggedIn {
		return
	}
	if l := s.currentLogin(); l != nil && l.svc != nil && l.svc.TouchEvery() > 0 {
		c.Send(loginMsg(l.svc.TouchPath(), l.svc.TouchEvery()))
	}
}

// underGostRun reports whether the app runs under gost run, which hands
// it a handoff directory: the person at the browser is its developer.
func (s *Server) underGostRun() bool {
	s.reload.mu.Lock()
	defer s.reload.mu.Unlock()
	return s.reload.handoffDir != ""
}

// logOut logs out every session of the browser login key: the other tabs
// of a browser that just logged out show their login screen at once.
// The other replicas end theirs as they hear of it (store.go).
func (s *Server) logOut(key string) {
	s.shared.publish("logout", key)
	s.endSessions(key, "")
}

// endLogin logs out every session of login key, which the server ended
// (log out everywhere, a refused refresh), and tells them why.
func (s *Server) endLogin(key string, why auth.LoginFailure) { s.endSessions(key, why.Message) }

// endSessions logs out the sessions of login key and reruns them, after
// telling their tabs why when there is something to say.
func (s *Server) endSessions(key, why string) {
	if key == "" {
		return
	}
	s.mu.Lock()
	sessions := slices.Collect(maps.Values(s.sessions))
	s.mu.Unlock()
	for _, sess := range sessions {
		if sess.userKey() != key {
			continue
		}
		sess.setUser(script.User{})
		sess.send(loginMsg("", 0)) // nothing left to keep alive
		if why != "" {
			sess.send(noticeMsg("error", why))
		}
		sess.Rerun(nil, "")
	}
}

// host is what a session's st calls reach for login and secrets.
type host struct {
	srv  *Server
	sess *Session
}

func (h host) LoginURL(provider string) (string, error) {
	return h.LoginURLWithHints(provider, nil)
}

// LoginURLWithHints is LoginURL with login_hint/domain_hint for this login.
func (h host) LoginURLWithHints(provider string, hints map[string]string) (string, error) {
	l := h.srv.currentLogin()
	if l != nil && l.err != nil {
		return "", l.err // secrets.toml itself is broken: say that, not "no [auth]"
	}
	if l == nil || l.svc == nil {
		return "", errors.New("this app has no login configured") // st.Login says who asks
	}
	var opts []auth.LoginOption
	for name, v := range hints {
		opts = append(opts, auth.Hint(name, v))
	}
	// Come back to the page the user started from (st.Navigation's),
	// query and all. The session's state is only read on its run loop,
	// which is where st.Login runs.
	if back := returnPath(h.sess.state); back != "" {
		opts = append(opts, auth.ReturnTo(h.srv.opts.basePath()+back))
	}
	return l.svc.LoginURL(provider, opts...)
}

func (h host) LogoutURL() (string, error) {
	l := h.srv.currentLogin()
	if l == nil || l.svc == nil {
		return "", errors.New("this app has no login configured")
	}
	h.sess.setUser(script.User{})
	return l.svc.LogoutURL(), nil
}

// AccessToken returns a valid access token of login key, refreshing it
// when it is about to expire (auth.Service.AccessToken).
func (h host) AccessToken(ctx context.Context, key string) (string, error) {
	l := h.srv.currentLogin()
	if l == nil || l.svc == nil {
		return "", auth.ErrNoAccessToken
	}
	return l.svc.AccessToken(ctx, key)
}

// LogoutEverywhereURL logs the session's user out of every browser, then
// returns where to send this one to log out, like LogoutURL.
func (h host) LogoutEverywhereURL() (string, error) {
	l := h.srv.currentLogin()
	if l == nil || l.svc == nil {
		return "", errors.New("this app has no login configured")
	}
	u := h.sess.state.User() // read on the run loop, where st calls run
	err := l.svc.LogoutEverywhere(context.Background(), auth.User{LoggedIn: u.LoggedIn, Provider: u.Provider,
		Claims: u.Claims, SessionKey: u.Key})
	if err != nil {
		return "", err
	}
	h.srv.shared.publish("revoke", auth.UserID(u.Claims)) // the other replicas' tabs (store.go)
	h.sess.setUser(script.User{})
	return l.svc.LogoutURL(), nil
}

func (h host) Secrets() (map[string]any, error) {
	l := h.srv.currentLogin()
	if l == nil {
		return map[string]any{}, nil
	}
	if l.err != nil {
		return nil, l.err
	}
	out := maps.Clone(l.secrets.Raw)
	delete(out, "auth") // the login layer's, not the app's
	return out, nil
}

// sessionUser is the identity a session runs with, set by the websocket
// that attached it and by logouts, read by the run loop.
type sessionUser struct {
	mu   sync.Mutex
	user *script.User // nil: nobody logged in (userRef)
	gen  int          // bumped on every change, so a run can tell
}

// userRef returns u on the heap, or nil for nobody logged in: sessions and
// connections keep their user by pointer, because most have none and a
// User is 176 bytes of every idle session.
func userRef(u script.User) *script.User {
	if reflect.ValueOf(u).IsZero() {
		return nil
	}
	return &u
}

// userOf returns the user p points to, or nobody for nil.
func userOf(p *script.User) script.User {
	if p == nil {
		return script.User{}
	}
	return *p
}
