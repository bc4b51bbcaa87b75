package auth

import (
	"net/http"
	"time"
)

// TouchEvery is how often a tab whose user is active should post to the
// touch route (base path + "auth/touch") to keep the login alive: a tenth
// of cookie_idle_timeout, the step in which the identity cookie's
// last-seen moves. It is 0 without an idle timeout, when there is nothing
// to keep alive.
func (s *Service) TouchEvery() time.Duration {
	if s.cfg.err != nil {
		return 0
	}
	return s.cfg.idle / 10
}

// TouchPath is the touch route's URL path: base path + "auth/touch".
func (s *Service) TouchPath() string { return s.touchPath() }

// serveTouch is the touch route. cookie_idle_timeout counts from when the
// browser last showed its cookie to a route that can renew it, and a tab's
// websocket cannot set cookies: a user who works in one tab for longer than
// the timeout would be logged out at the next reconnect although never
// idle. So the page, when its user interacts and TouchEvery has passed
// since it last renewed the cookie, posts here, and the answer renews the
// identity cookie as a page load does ([Service.renew]). A tab nobody uses
// posts nothing, so it still logs out after the timeout.
//
// It grants nothing but a later last-seen for a cookie valid now. A
// missing, tampered, expired, idle, revoked or ended cookie is answered
// 401 with no cookie at all: the page then reconnects, and the
// handshake's [Service.Identify] clears the cookie and says why, as on any
// return. Only the app's own pages may ask: browsers send Origin with
// every POST, and it must be the app's (and SameSite=Lax keeps the cookie
// from other sites' requests anyway).
func (s *Service) serveTouch(w http.ResponseWriter, r *http.Request) {
	origin := r.Header.Get("Origin")
	why := crossSite(r, s.origin())
	if origin == "" && why == "" {
		why = "no Origin"
	}
	if why != "" {
		s.log.WarnContext(r.Context(), "auth: touch route reached from outside the app; refused", "why", why)
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	rd := s.read(r)
	if !rd.user.LoggedIn {
		http.Error(w, "not logged in", http.StatusUnauthorized)
		return
	}
	s.renew(w.Header(), r, rd)
	w.WriteHeader(http.StatusNoContent)
}
