package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

const (
	// linkTTL bounds how long a login or logout link from the runtime
	// works: long enough for a redirect, too short to be worth mailing.
	linkTTL = 2 * time.Minute
	// flowTTL bounds a login in progress, including the time the user
	// spends at the provider.
	flowTTL = 10 * time.Minute
	// failureTTL keeps a login failure long enough for the page to load
	// and read it.
	failureTTL = 5 * time.Minute
)

// LoginOption adjusts the link made by [Service.LoginURL].
type LoginOption interface{ setLogin(*loginToken) }

type returnTo string

func (r returnTo) setLogin(t *loginToken) { t.Return = string(r) }

// ReturnTo makes a finished (or failed) login land on u instead of the
// app's base path. u is a path under the base path with an optional query,
// e.g. "/?tab=2" or "/myapp/page?x=1": the runtime passes the page's own
// path and query so the user comes back to where they were.
func ReturnTo(u string) LoginOption { return returnTo(u) }

type hint struct{ name, value string }

func (h hint) setLogin(t *loginToken) {
	if t.Hints == nil {
		t.Hints = map[string]string{}
	}
	t.Hints[h.name] = h.value
}

// hintNames are the authorization parameters an app may set per login.
var hintNames = []string{"login_hint", "domain_hint"}

// Hint sets login_hint (the account to preselect, e.g. an email) or
// domain_hint (Entra: the tenant's domain, skipping home realm discovery)
// for this login, over any value in client_kwargs.
func Hint(name, value string) LoginOption { return hint{name, value} }

// loginToken is what a login link carries, sealed: which provider, and
// where to come back. It plays the part of Streamlit's provider JWT.
type loginToken struct {
	Provider string            `json:"p"`
	Return   string            `json:"r,omitempty"`
	Hints    map[string]string `json:"h,omitempty"`
}

// flowState is everything the callback needs, sealed into the flow cookie
// so no server memory is involved.
type flowState struct {
	State    string `json:"s"`
	Nonce    string `json:"n"`
	Verifier string `json:"v"`
	Provider string `json:"p"`
	Return   string `json:"r,omitempty"`
}

// LoginURL returns the URL st.Login sends the browser to, for the named
// provider ("" or "default" for the top-level one). It validates the
// configuration first: a missing or malformed key is a [*ConfigError]
// naming the key and file (errors.Is(err, [ErrNotConfigured]) without
// [auth]). The URL is absolute on the origin of redirect_uri, where the
// cookies of the login must live, and works for two minutes.
func (s *Service) LoginURL(provider string, opts ...LoginOption) (string, error) {
	if provider == "" {
		provider = defaultProvider
	}
	if _, err := s.providerFor(provider); err != nil {
		return "", err
	}
	tok := loginToken{Provider: provider}
	for _, o := range opts {
		o.setLogin(&tok)
	}
	for name, v := range tok.Hints {
		if !slices.Contains(hintNames, name) {
			return "", fmt.Errorf("auth: login hint %q: only %s can be set per login", name, strings.Join(hintNames, " and "))
		}
		if len(v) > 256 || strings.ContainsAny(v, "\r\n") {
			return "", fmt.Errorf("auth: login hint %s: too long or not one line", name)
		}
	}
	if tok.Return != "" && !s.underBase(tok.Return) {
		return "", fmt.Errorf("auth: login return URL %q is not a path under the app's base path %q", tok.Return, s.base)
	}
	sealed, err := s.loginLink.seal(tok, s.now().Add(linkTTL))
	if err != nil {
		return "", err
	}
	return s.origin() + s.loginPath() + "?" + url.Values{"provider": {sealed}}.Encode(), nil
}

// providerFor returns the configuration error for provider, if any, in
// Streamlit's wording, or the provider's remote.
func (s *Service) providerFor(name string) (*remote, error) {
	if s.cfg.err != nil {
		return nil, s.cfg.err
	}
	if err := s.cfg.providerErrs[name]; err != nil {
		return nil, err
	}
	r := s.remotes[name]
	if r == nil {
		return nil, &ConfigError{File: s.cfg.authFile, Key: "auth." + name,
			msg: fmt.Sprintf("Authentication credentials in `%s` are missing for the authentication provider %q. Please check your configuration.", s.cfg.authFile, name)}
	}
	return r, nil
}

func (s *Service) serveLogin(w http.ResponseWriter, r *http.Request) {
	if s.cfg.err != nil {
		s.fail(w, r, FailureLink, "", "login route used while [auth] is misconfigured", "err", s.cfg.err)
		return
	}
	if why := crossSite(r, s.origin()); why != "" {
		s.fail(w, r, FailureLink, "", "login route reached cross-site", "why", why)
		return
	}
	var tok loginToken
	if err := s.loginLink.open(r.URL.Query().Get("provider"), s.now(), &tok); err != nil {
		s.fail(w, r, FailureLink, "", "login link rejected", "err", err)
		return
	}
	rem, err := s.providerFor(tok.Provider)
	if err != nil {
		s.fail(w, r, FailureLink, tok.Return, "login link names an unusable provider", "provider", tok.Provider, "err", err)
		return
	}
	d, err := rem.get(r.Context())
	if err != nil {
		s.fail(w, r, FailureUnreachable, tok.Return, "provider unreachable at login", "provider", tok.Provider, "err", err)
		return
	}
	f := flowState{State: randomString(), Nonce: randomString(), Verifier: oauth2.GenerateVerifier(),
		Provider: tok.Provider, Return: tok.Return}
	params := maps.Clone(rem.cfg.params)
	for name, v := range tok.Hints {
		if v == "" {
			params.Del(name)
		} else {
			params.Set(name, v)
		}
	}
	sealed, err := s.flow.seal(f, s.now().Add(flowTTL))
	if err != nil {
		s.fail(w, r, FailureUnreachable, tok.Return, "seal login flow", "err", err)
		return
	}
	http.SetCookie(w, s.cookie(r, flowCookieName(f.State), sealed, s.cfg.callbackPath, flowTTL))
	authOpts := []oauth2.AuthCodeOption{oidc.Nonce(f.Nonce), oauth2.S256ChallengeOption(f.Verifier)}
	for _, k := range slices.Sorted(maps.Keys(params)) {
		authOpts = append(authOpts, oauth2.SetAuthURLParam(k, params.Get(k)))
	}
	if !rem.cfg.promptSet && picksAccount(d.meta.Issuer, rem.cfg.metadataURL) {
		authOpts = append(authOpts, oauth2.SetAuthURLParam("prompt", "select_account"))
	}
	http.Redirect(w, r, d.oauth.AuthCodeURL(f.State, authOpts...), http.StatusFound)
}

// accountPickers are the hosts of providers known to support
// prompt=select_account, Streamlit's default. OpenID Connect makes that
// value optional and strict providers answer invalid_request, so others
// get their own default; client_kwargs' prompt overrides either way.
var accountPickers = []string{
	"login.microsoftonline.com", "login.microsoftonline.us", "login.partner.microsoftonline.cn",
	"login.chinacloudapi.cn", "login.live.com", "accounts.google.com",
}

// picksAccount reports whether the provider (by its issuer or the host of
// its metadata) is one of accountPickers.
func picksAccount(urls ...string) bool {
	for _, raw := range urls {
		if u, err := url.Parse(raw); err == nil && slices.Contains(accountPickers, strings.ToLower(u.Hostname())) {
			return true
		}
	}
	return false
}

// crossSite says why r did not come from the app's own page, or "". The
// runtime navigates same-origin; a link on another site gets
// Sec-Fetch-Site: cross-site (or same-site for a sibling subdomain) from
// every current browser. Origin is checked where a browser sends it.
func crossSite(r *http.Request, origin string) string {
	switch site := r.Header.Get("Sec-Fetch-Site"); site {
	case "", "same-origin", "none":
	default:
		return "Sec-Fetch-Site: " + site
	}
	if o := r.Header.Get("Origin"); o != "" && o != origin {
		return "Origin: " + o
	}
	return ""
}

// flowCookieName keys a flow cookie by its state, so parallel logins in
// several tabs each find their own.
func flowCookieName(state string) string {
	if len(state) > 16 {
		state = state[:16]
	}
	return flowCookiePrefix + state
}

// origin is scheme://host of redirect_uri, where login cookies live.
func (s *Service) origin() string {
	if s.cfg.redirect == nil {
		return ""
	}
	return s.cfg.redirect.Scheme + "://" + s.cfg.redirect.Host
}

// underBase reports whether u is a local path under the base path. It is
// the open-redirect guard for return URLs.
func (s *Service) underBase(u string) bool {
	if strings.ContainsAny(u, "\\\r\n") || strings.HasPrefix(u, "//") {
		return false
	}
	p, err := url.Parse(u)
	if err != nil || p.Scheme != "" || p.Host != "" || p.User != nil || p.Opaque != "" {
		return false
	}
	return p.Path+"/" == s.base || strings.HasPrefix(p.Path, s.base)
}

// returnURL is where to send the browser back to: ret when it is safe,
// else the base path.
func (s *Service) returnURL(ret string) string {
	if ret != "" && s.underBase(ret) {
		return ret
	}
	return s.base
}

// fail sends the browser back to the app with a failure code for the page
// to show, and logs the details. The details that help a developer (the
// provider's error and error_description, why a token was refused) also
// go into a sealed cookie beside the code, for [LoginFailure.Detail].
func (s *Service) fail(w http.ResponseWriter, r *http.Request, code FailureCode, ret, msg string, attrs ...any) {
	s.log.WarnContext(r.Context(), "auth: "+msg, append([]any{"failure", string(code), "path", r.URL.Path}, attrs...)...)
	s.notifyResult(false)
	http.SetCookie(w, s.cookie(r, failureCookie, string(code), s.cookiePath(), failureTTL))
	detail := msg
	for i := 0; i+1 < len(attrs); i += 2 {
		switch k, _ := attrs[i].(string); k {
		case "provider", "error", "error_description", "status", "err":
			if v := fmt.Sprint(attrs[i+1]); v != "" {
				detail += "; " + k + ": " + v
			}
		}
	}
	if len(detail) > 600 {
		detail = detail[:600] + "…"
	}
	if v, err := s.failures.seal(detail, s.now().Add(failureTTL)); err == nil {
		http.SetCookie(w, s.cookie(r, failureDetailCookie, v, s.cookiePath(), failureTTL))
	}
	http.Redirect(w, r, s.returnURL(ret), http.StatusFound)
}

func randomString() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func equalStrings(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}
