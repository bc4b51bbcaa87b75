package runtime

// The app shell around the elements: the page's address (its path and
// query string), its config (title, icon, layout), the theme, and what the
// app menu asks of the server. The browser says where it is with hello and
// navigate; the app changes that with st.QueryParams, st.SwitchPage and
// st.SetPageConfig, and after each run the browser is told what changed.

import (
	"net"
	"net/http"
	"net/url"
	"sync"

	"github.com/gost-dev/gost/internal/cache"
	"github.com/gost-dev/gost/internal/script"
)

// location is an address of the app: the page's path under the base path
// ("" for the default page, "reports" for /reports) and the query string.
type location struct {
	path, query string
}

// shown is what the browser shows of the shell, as far as the session
// knows: the run loop compares the state with it after each run.
type shown struct {
	at     location
	config script.PageConfig
}

// arrive takes the address the browser is at (a new tab, a reconnect, a
// link, back or forward) into the state, for the run that follows. A
// request that brings none (at is nil) is the user's interaction on the
// page: widgets bound to the address keep what the user gave them, even
// when the run of an arrival was superseded before it ended.
func (s *Session) arrive(at *location) {
	state := s.state
	shell := state.Shell()
	if at == nil {
		shell.Arrived = false
		return
	}
	state.SetQuery(at.query)
	shell.Path, shell.Arrived = at.path, true
	// A hello may come from a new document, which has no config yet.
	s.shown = shown{at: *at}
}

// Navigate asks for a run at another address of the app, as the browser's
// navigate message does (a link to a page, back or forward). It returns
// like [Session.Rerun].
func (s *Session) Navigate(path, query string) int64 {
	return s.request(nil, "", &location{path, query}, 0)
}

// flushShell tells the browser what a run changed of the address, so that
// the address bar follows the app (a link copied from it opens the same
// view), and of the page config.
func (s *Session) flushShell() {
	shell := s.state.Shell()
	if at := (location{shell.Path, s.state.Query()}); at != s.shown.at {
		s.shown.at = at
		s.send(queryMsg(at.path, at.query, shell.Push))
	}
	if shell.Config != s.shown.config {
		s.shown.config = shell.Config
		s.send(pageConfigMsg(shell.Config))
	}
	shell.Arrived, shell.Push = false, false
}

// A CacheClearer empties the app's caches when a developer asks, with the
// app menu's "Clear caches" or the C key, as Streamlit's menu does (on
// this machine only: see clearCaches).
type CacheClearer interface {
	ClearCaches()
}

// CacheClearerFunc is a func as a [CacheClearer].
type CacheClearerFunc func()

// ClearCaches calls f.
func (f CacheClearerFunc) ClearCaches() { f() }

// shellSettings are the server's part of the shell, set at start and when
// config.toml changes.
type shellSettings struct {
	mu      sync.Mutex
	theme   *Theme       // nil: the built-in light and dark themes
	caches  CacheClearer // nil: the app's st.CacheData and st.CacheResource caches
	hideNav bool         // [client] showSidebarNavigation = false
}

// ShowNavigation tells st.Navigation whether to draw the navigation:
// not when config.toml's [client] showSidebarNavigation is false.
func (h host) ShowNavigation() bool {
	h.srv.shell.mu.Lock()
	defer h.srv.shell.mu.Unlock()
	return !h.srv.shell.hideNav
}

// SetCacheClearer sets what the app menu's "Clear caches" calls. Without
// one it clears every cache made with st.CacheData and st.CacheResource.
func (s *Server) SetCacheClearer(c CacheClearer) {
	s.shell.mu.Lock()
	s.shell.caches = c
	s.shell.mu.Unlock()
}

// clearCaches clears the caches for a browser that asked on its stream;
// local says the stream came from this machine, not through a proxy
// (fromThisMachine), and remote from where. Only a developer's may, as
// Streamlit's menu offers "Clear caches" only on localhost. The caches are every user's, and a stranger emptying them
// over and over would make every user wait.
func (s *Server) clearCaches(local bool, remote string) {
	if !local {
		s.log.Warn("runtime: clear_caches from another machine ignored", "remote", remote)
		return
	}
	s.shell.mu.Lock()
	c := s.shell.caches
	s.shell.mu.Unlock()
	if c == nil {
		c = CacheClearerFunc(cache.ClearAll)
	}
	c.ClearCaches()
	s.log.Info("runtime: caches cleared from the app menu")
}

// fromThisMachine reports whether r came from a loopback address, not
// through a proxy (which would say so in its headers).
func fromThisMachine(r *http.Request) bool {
	if viaProxy(r) {
		return false
	}
	for _, h := range []string{"X-Forwarded-For", "X-Real-Ip", "Forwarded"} {
		if r.Header.Get(h) != "" {
			return false
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// SetTheme sets the theme every page is shown in from then on, as
// config.toml's [theme] does; a page open already gets it when it
// reconnects. A value that is not what its field wants is an error, and
// the theme is left as it was.
func (s *Server) SetTheme(t Theme) error {
	if err := t.check(); err != nil {
		return err
	}
	s.shell.mu.Lock()
	if t == (Theme{}) {
		s.shell.theme = nil
	} else {
		s.shell.theme = &t
	}
	s.shell.mu.Unlock()
	return nil
}

// greetShell sends a browser that says hello the theme, when config.toml
// has one.
func (s *Server) greetShell(c *conn) {
	s.shell.mu.Lock()
	t := s.shell.theme
	s.shell.mu.Unlock()
	if t != nil {
		c.Send(themeMsg(*t))
	}
}

// returnPath is the address of state's page under the base path, for a
// login to come back to: "" for the default page without a query.
func returnPath(state *script.State) string {
	back := url.PathEscape(state.Shell().Path)
	if q := state.Query(); q != "" {
		back += "?" + q
	}
	return back
}
