package runtime

// The server's front door: what every request passes before it reaches a
// route. A trusted proxy's X-Forwarded-* headers are applied (and anyone
// else's dropped), the Host is checked against the names the app answers
// for (DNS rebinding), and every answer gets the page's framing and
// content policy. SECURITY.md explains the choices.

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"os"
	"slices"
	"strings"
	"sync"
)

// guard is the front door's configuration, replaced whole by SetConfig.
type guard struct {
	cfg        Config
	csp        string // the page's Content-Security-Policy
	anyHost    bool   // no host check: a public bind with no allowedHosts
	listenName string // Options.Address when it is a name, lower case
}

// maxLoggedHosts bounds the memory of refused hosts already logged, so a
// flood of made-up names cannot grow it.
const maxLoggedHosts = 256

// hostLog remembers which refused hosts were logged, so each is logged once.
type hostLog struct {
	mu   sync.Mutex
	seen map[string]bool
}

// first reports whether host is seen for the first time.
func (l *hostLog) first(host string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.seen[host] {
		return false
	}
	if l.seen == nil || len(l.seen) >= maxLoggedHosts {
		l.seen = map[string]bool{}
	}
	l.seen[host] = true
	return true
}

// SetConfig sets the defences config.toml configures (see [Config]). New
// requests and runs use it at once.
func (s *Server) SetConfig(c Config) {
	if g := s.applyConfig(c); g.anyHost {
		s.log.Info("runtime: serving every interface with no [server] allowedHosts, so requests are answered whatever their Host; "+
			"list the names the app is reached by to refuse the rest (DNS rebinding)", "address", s.opts.Address)
	}
}

// applyConfig is SetConfig without the log line, for NewServer's defaults.
func (s *Server) applyConfig(c Config) *guard {
	g := newGuard(s.opts.Address, c)
	s.guard.Store(g)
	s.dog.maxRun.Store(int64(c.maxRun()))
	return g
}

// newGuard is the front door of a server listening on address with c.
func newGuard(address string, c Config) *guard {
	g := &guard{cfg: c, csp: pageCSP(c.FrameAncestors)}
	switch a := strings.ToLower(strings.Trim(address, "[]")); a {
	case "0.0.0.0", "::":
		g.anyHost = len(c.AllowedHosts) == 0
	case "", "localhost":
	default:
		if _, err := netip.ParseAddr(a); err != nil {
			g.listenName = a
		}
	}
	return g
}

// HostCheck returns the Host check of a server on o's address with the
// [server] allowedHosts of the config.toml files of appDir and the
// user's, but not the login's redirect_uri host: check returns the name
// of a request's Host header, and whether the server answers for it. gost
// run applies it to the page it serves while the app does not build, so
// that page is no more open to DNS rebinding than the app. Errors in the
// config files are left for the app to report.
func HostCheck(o Options, appDir string) (check func(hostport string) (name string, ok bool)) {
	var c Config
	if s, err := loadSettings(appDir, home(), os.Environ(), nil, nil); err == nil {
		c, _ = s.defences()
	}
	g := newGuard(o.Address, c)
	return func(hostport string) (string, bool) { return hostname(hostport), g.allowedHost(hostport) }
}

func (s *Server) currentGuard() *guard { return s.guard.Load() }

// pageCSP is the Content-Security-Policy of every answer but the media
// routes' (which have their own, stricter one). Scripts only from the
// app's origin, so no inline or injected script runs, not even through
// st.Markdown's UnsafeAllowHTML. Styles may be inline: Markdown tables
// align with style attributes, and Streamlit apps style themselves with
// <style> in unsafe HTML; CSS cannot run script, and what it could leak
// through a URL an <img> could too, since images may come from anywhere
// (st.Image takes URLs). The websocket is 'self' (CSP3 matches ws: and
// wss: of the page's own host).
func pageCSP(frameAncestors []string) string {
	fa := "'self'"
	if len(frameAncestors) > 0 {
		fa += " " + strings.Join(frameAncestors, " ")
	}
	return "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
		"img-src 'self' data: blob: https: http:; media-src 'self' data: blob: https: http:; font-src 'self' data:; " +
		"connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors " + fa
}

// guardRequest applies the front door to r. It returns the request to
// serve (with a trusted proxy's view of the client applied), or nil when
// it has answered already.
func (s *Server) guardRequest(w http.ResponseWriter, r *http.Request) *http.Request {
	g := s.currentGuard()
	r = g.forwarded(r)
	h := w.Header()
	h.Set("Content-Security-Policy", g.csp)
	if len(g.cfg.FrameAncestors) == 0 {
		// For browsers without CSP frame-ancestors; it cannot list other
		// origins, so it is left out when frameAncestors does.
		h.Set("X-Frame-Options", "SAMEORIGIN")
	}
	h.Set("X-Content-Type-Options", "nosniff")
	if isHealth(r.URL.Path) || s.allowedHost(g, r.Host) {
		return r
	}
	host := hostname(r.Host)
	if s.hosts.first(host) {
		s.log.Warn("runtime: refused a request for a host this app does not answer for (DNS rebinding?); "+
			"if it is a name the app is reached by, add it to allowedHosts under [server] in .gost/config.toml",
			"host", host, "remote", r.RemoteAddr, "example", `allowedHosts = ["`+host+`"]`)
	}
	http.Error(w, "gost: this app does not answer for the host "+host+"; its config.toml can allow it ([server] allowedHosts)", http.StatusMisdirectedRequest)
	return nil
}

// isHealth reports whether path is a health or readiness check
// (shutdown.go), which probes send with whatever Host they like and which
// discloses nothing.
func isHealth(path string) bool {
	for _, p := range []string{"/healthz", "/readyz", "/_stcore/health"} {
		if strings.HasSuffix(path, p) {
			return true
		}
	}
	return false
}

// hostname is the lower-case host of a Host header, without port,
// brackets or a final dot.
func hostname(hostport string) string {
	h := hostport
	if host, _, err := net.SplitHostPort(hostport); err == nil {
		h = host
	}
	return strings.TrimSuffix(strings.ToLower(strings.Trim(h, "[]")), ".")
}

// allowedHost reports whether the app answers for a request to hostport.
// A DNS rebinding attack needs a name the attacker's DNS answers for, so
// IP literals are always allowed, and so are the loopback names, which
// browsers resolve themselves.
func (s *Server) allowedHost(g *guard, hostport string) bool {
	if g.allowedHost(hostport) {
		return true
	}
	if l := s.currentLogin(); l != nil && l.svc != nil && l.svc.RedirectHost() != "" {
		return strings.EqualFold(l.svc.RedirectHost(), hostname(hostport))
	}
	return false
}

// allowedHost is the part of the host check the login has no say in: the
// listen address, IP literals, loopback names and allowedHosts.
func (g *guard) allowedHost(hostport string) bool {
	if g.anyHost || hostport == "" { // "": HTTP/1.0, no browser
		return true
	}
	h := hostname(hostport)
	if _, err := netip.ParseAddr(h); err == nil {
		return true
	}
	if h == "localhost" || strings.HasSuffix(h, ".localhost") || h == g.listenName {
		return true
	}
	for _, a := range g.cfg.AllowedHosts {
		if a == "*" || a == h || strings.HasPrefix(a, ".") && (strings.HasSuffix(h, a) || h == a[1:]) {
			return true
		}
	}
	return false
}

// forwarded applies X-Forwarded-For, -Proto and -Host when r comes from a
// trusted proxy, as gorilla/handlers.ProxyHeaders does: the client's
// address goes into RemoteAddr (for logs), the scheme into URL.Scheme
// (Secure cookies) and the host into Host (the host check, the
// websocket's Origin check). From anyone else they are removed, so nothing
// further in may believe them, and URL.Scheme (which an absolute request
// line sets) is cleared.
func (g *guard) forwarded(r *http.Request) *http.Request {
	peer := remoteAddr(r.RemoteAddr)
	trusted := peer.IsValid() && g.trusted(peer)
	fwd := r.Header.Get("X-Forwarded-For") != "" || r.Header.Get("X-Forwarded-Proto") != "" || r.Header.Get("X-Forwarded-Host") != ""
	ctx := r.Context()
	if fwd {
		// Believed or not, the headers say a proxy is in between: the
		// peer's loopback address is not the client's (viaProxy).
		ctx = context.WithValue(ctx, proxiedKey{}, true)
	}
	if !trusted {
		if !fwd && r.URL.Scheme == "" {
			return r
		}
		r = r.Clone(ctx)
		r.Header.Del("X-Forwarded-For")
		r.Header.Del("X-Forwarded-Proto")
		r.Header.Del("X-Forwarded-Host")
		r.URL.Scheme = ""
		return r
	}
	if !fwd {
		return r
	}
	r = r.Clone(ctx)
	if client, ok := g.client(r.Header.Values("X-Forwarded-For")); ok {
		r.RemoteAddr = netip.AddrPortFrom(client, 0).String()
	}
	switch proto := strings.ToLower(firstValue(r.Header.Get("X-Forwarded-Proto"))); proto {
	case "http", "https":
		r.URL.Scheme = proto
	}
	if host := firstValue(r.Header.Get("X-Forwarded-Host")); host != "" && !strings.ContainsAny(host, "/@ \\") {
		r.Host = host
	}
	return r
}

// proxiedKey marks, in a request's context, one that came with forwarding
// headers (see forwarded).
type proxiedKey struct{}

// viaProxy reports whether r came through a proxy that said so in
// X-Forwarded-* headers, trusted or not: those are removed from an
// untrusted peer's request, but its address is still not the client's.
func viaProxy(r *http.Request) bool {
	v, _ := r.Context().Value(proxiedKey{}).(bool)
	return v
}

// client is the address X-Forwarded-For names as the client: walking from
// the right (the nearest hop), the first address not a trusted proxy. The
// ones to its left were written by the client itself and prove nothing.
func (g *guard) client(values []string) (netip.Addr, bool) {
	var hops []string
	for _, v := range values {
		hops = append(hops, strings.Split(v, ",")...)
	}
	var last netip.Addr
	for _, hop := range slices.Backward(hops) {
		a, err := netip.ParseAddr(strings.Trim(strings.TrimSpace(hop), "[]"))
		if err != nil {
			return last, last.IsValid() // a garbled hop: stop at what the proxies vouch for
		}
		last = a.Unmap()
		if !g.trusted(last) {
			return last, true
		}
	}
	return last, last.IsValid()
}

func (g *guard) trusted(a netip.Addr) bool {
	for _, p := range g.cfg.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// remoteAddr parses an http.Request's RemoteAddr ("ip:port").
func remoteAddr(s string) netip.Addr {
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap()
	}
	a, _ := netip.ParseAddr(s)
	return a.Unmap()
}

// firstValue is the first of a comma-separated header's values: the one
// the proxy nearest the client wrote.
func firstValue(v string) string {
	first, _, _ := strings.Cut(v, ",")
	return strings.TrimSpace(first)
}
