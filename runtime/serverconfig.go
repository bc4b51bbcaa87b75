package runtime

// What config.toml sets for the server's defences: the hosts it answers
// for, who may frame it, which proxies it trusts, and when a run is a
// runaway (guard.go, watchdog.go; SECURITY.md).

import (
	"fmt"
	"net/netip"
	"strings"
	"time"
)

// DefaultMaxRun is how long a run may go before it is reported as a
// runaway ([runner] maxRunSeconds). It is generous: a report is for a loop
// that never ends, not for a slow query.
const DefaultMaxRun = 60 * time.Second

// Config is what config.toml sets for the server's defences, beside the
// flags of [Options]. It is read again when the file changes. The zero
// value is the safe default: framed by the app's own origin only, answering
// for the listen address and loopback names, trusting no proxy, and
// reporting runs after DefaultMaxRun.
type Config struct {
	// AllowedHosts are host names the server answers for besides its
	// listen address, IP literals and loopback names ([server]
	// allowedHosts), e.g. the public name behind a proxy. A leading "."
	// (or "*.") allows a domain and its subdomains, ".example.com"; "*"
	// allows any host.
	AllowedHosts []string
	// FrameAncestors are origins that may show the app in a frame
	// ([server] frameAncestors), e.g. "https://intranet.example.com". The
	// app's own origin always may.
	FrameAncestors []string
	// TrustedProxies are the networks whose X-Forwarded-For, -Proto and
	// -Host are believed ([server] trustedProxies), e.g. "10.0.0.0/8" or
	// one address. From anyone else those headers are ignored.
	TrustedProxies []netip.Prefix
	// MaxRun is how long a run may go before it is reported in the page
	// and the log ([runner] maxRunSeconds). 0 means DefaultMaxRun; a
	// negative value turns the report off.
	MaxRun time.Duration
}

// maxRun is MaxRun with the default applied; 0 means never.
func (c Config) maxRun() time.Duration {
	switch {
	case c.MaxRun == 0:
		return DefaultMaxRun
	case c.MaxRun < 0:
		return 0
	}
	return c.MaxRun
}

// defences returns the settings of the server's defences. Values that make
// no sense are reported and skipped, so one typo leaves the rest in force.
func (s *settings) defences() (Config, []error) {
	var c Config
	var errs []error
	if p := s.Server.AllowedHosts; p != nil {
		f := s.source("server.allowedHosts")
		for _, h := range *p {
			if h = strings.ToLower(strings.TrimSpace(h)); h == "" || strings.ContainsAny(h, "/:@ ") && !isIPv6(h) {
				errs = append(errs, fmt.Errorf("runtime: %s: [server] allowedHosts: %q is not a host name (leave out scheme, port and path)", f, h))
				continue
			}
			if strings.HasPrefix(h, "*.") {
				h = h[1:] // "*.example.com", as people write it, is ".example.com"
			}
			c.AllowedHosts = append(c.AllowedHosts, strings.Trim(h, "[]"))
		}
	}
	if p := s.Server.FrameAncestors; p != nil {
		f := s.source("server.frameAncestors")
		for _, o := range *p {
			if err := checkFrameAncestor(o); err != nil {
				errs = append(errs, fmt.Errorf("runtime: %s: [server] frameAncestors: %w", f, err))
				continue
			}
			c.FrameAncestors = append(c.FrameAncestors, o)
		}
	}
	if p := s.Server.TrustedProxies; p != nil {
		f := s.source("server.trustedProxies")
		for _, str := range *p {
			pfx, err := parsePrefix(str)
			if err != nil {
				errs = append(errs, fmt.Errorf("runtime: %s: [server] trustedProxies: %w", f, err))
				continue
			}
			c.TrustedProxies = append(c.TrustedProxies, pfx)
		}
	}
	if p := s.Runner.MaxRunSeconds; p != nil {
		switch {
		case *p > 0:
			c.MaxRun = time.Duration(*p * float64(time.Second))
		case *p == 0:
			c.MaxRun = -1 // 0 in the file means off, as Streamlit's 0 timeouts do
		default:
			errs = append(errs, fmt.Errorf("runtime: %s: [runner] maxRunSeconds = %v: want a number of seconds, or 0 for never", s.source("runner.maxRunSeconds"), *p))
		}
	}
	return c, errs
}

func isIPv6(h string) bool {
	a, err := netip.ParseAddr(strings.Trim(h, "[]"))
	return err == nil && a.Is6()
}

// parsePrefix reads a CIDR, or a single address as a network of one.
func parsePrefix(s string) (netip.Prefix, error) {
	s = strings.TrimSpace(s)
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, fmt.Errorf("%q is not a CIDR such as 10.0.0.0/8: %w", s, err)
		}
		return p.Masked(), nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("%q is not an address or a CIDR such as 10.0.0.0/8", s)
	}
	a = a.Unmap()
	return netip.PrefixFrom(a, a.BitLen()), nil
}

// checkFrameAncestor accepts what a CSP frame-ancestors source may be and
// a header can carry: a scheme://host[:port] origin, possibly with a
// "*." wildcard label, or a bare scheme such as "https:".
func checkFrameAncestor(o string) error {
	bad := fmt.Errorf("%q is not an origin such as https://intranet.example.com", o)
	if o == "" || strings.ContainsAny(o, " ;,'\"\r\n\t") {
		return bad
	}
	if strings.HasSuffix(o, ":") && !strings.Contains(o, "/") {
		return nil // a scheme source, "https:"
	}
	scheme, rest, ok := strings.Cut(o, "://")
	if !ok || scheme == "" || rest == "" || strings.ContainsAny(rest, "/?#@") {
		return bad
	}
	return nil
}
