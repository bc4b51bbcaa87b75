package runtime

import (
	"net/http"
	"regexp"

	"github.com/gost-dev/gost/internal/jobs"
	"github.com/gost-dev/gost/internal/script"
)

// Jobs (st.Job) belong to a user: the logged-in user (provider and
// subject), or without login the browser, known by a cookie. The server's
// one registry holds them; a session watches the jobs its runs looked at
// and reruns when one changes, while a browser shows it.

// browserCookie names the browser for its jobs when no one is logged in.
// It is a random id the server sets, HttpOnly and SameSite=Lax; it grants
// exactly this: seeing and cancelling the jobs started from this browser
// without a login. It is no login, and no session: it grants nothing else.
const browserCookie = "gost_browser"

var browserIDPattern = regexp.MustCompile(`^[0-9a-f]{32}$`)

// browserID returns the browser's id from its cookie, or "" if it has
// none (or not one the server made).
func browserID(r *http.Request) string {
	c, err := r.Cookie(browserCookie)
	if err != nil || !browserIDPattern.MatchString(c.Value) {
		return ""
	}
	return c.Value
}

// ensureBrowserCookie gives a browser without the cookie a new id, on the
// page it loads (the websocket's handshake then brings it).
func (s *Server) ensureBrowserCookie(w http.ResponseWriter, r *http.Request) {
	if browserID(r) != "" {
		return
	}
	http.SetCookie(w, &http.Cookie{
		Name:     browserCookie,
		Value:    newID(),
		Path:     s.opts.basePath(),
		MaxAge:   365 * 24 * 60 * 60,
		HttpOnly: true,
		Secure:   r.TLS != nil,
		SameSite: http.SameSiteLaxMode,
	})
}

// jobOwner returns whose jobs a session of this browser and user sees.
func jobOwner(u script.User, browser, session string) string {
	if u.LoggedIn {
		if sub, _ := u.Claims["sub"].(string); sub != "" {
			return "user:" + u.Provider + ":" + sub
		}
		return "login:" + u.Key
	}
	if browser != "" {
		return "browser:" + browser
	}
	return "session:" + session // a browser that refuses cookies: this tab only
}

type jobWatch struct{ fragment string }

// SetJobs makes reg the session's job registry and owner its user. The
// server calls it on every hello; sttest to share jobs between its tabs.
func (s *Session) SetJobs(reg *jobs.Registry, owner string) {
	s.live.mu.Lock()
	s.live.reg, s.live.owner = reg, owner
	s.live.mu.Unlock()
}

// Jobs implements jobs.Host for package st. A session no server made (a
// test's) gets a registry of its own.
func (s *Session) Jobs() (*jobs.Registry, string) {
	l := &s.live
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.reg == nil {
		l.reg, l.owner = jobs.New(jobs.Options{Log: s.log}), "session:"+s.ID
	}
	return l.reg, l.owner
}

// WatchJob implements jobs.Host: when the owner's job key changes, the
// session reruns the fragment ("" the app) that last looked at it, while a
// browser shows the page (the next hello reruns everything anyway). It
// watches until the session ends.
func (s *Session) WatchJob(key, fragment string) {
	reg, owner := s.Jobs()
	l := &s.live
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.ended.Load() {
		return
	}
	wk := owner + "\x00" + key
	if w := l.watches[wk]; w != nil {
		w.fragment = fragment
		return
	}
	w := &jobWatch{fragment}
	if l.watches == nil {
		l.watches = make(map[string]*jobWatch)
	}
	l.watches[wk] = w
	l.ends = append(l.ends, reg.Watch(owner, key, func() {
		s.mu.Lock()
		shown := s.client != nil
		s.mu.Unlock()
		l.mu.Lock()
		f := w.fragment
		l.mu.Unlock()
		if shown {
			s.Push(f)
		}
	}))
}
