package auth

import (
	"fmt"
	"maps"
	"net"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

// config is the validated [auth] table. Problems are kept rather than
// returned so that an app with a broken [auth] still runs and shows the
// error where st.Login is called, as Streamlit does.
type config struct {
	redirectURI  string // with {port} replaced
	redirect     *url.URL
	callbackPath string
	secure       bool     // redirect_uri is https: cookies get Secure
	secrets      [][]byte // cookie_secret: the first seals, all open
	exposeID     bool
	exposeAccess bool
	maxAge       time.Duration
	idle         time.Duration // cookie_idle_timeout; 0: none

	authFile     string // where [auth] came from, for errors about absent providers
	err          error  // a problem with the top-level keys; blocks every provider
	providers    map[string]*providerConfig
	providerErrs map[string]error
}

// providerConfig is one OAuth client: the default one from the top-level
// keys, or a named [auth.<name>].
type providerConfig struct {
	name         string // defaultProvider or the table name
	clientID     string
	clientSecret string
	metadataURL  string
	scopes       []string
	params       url.Values        // extra authorization request parameters
	promptSet    bool              // client_kwargs sets prompt (maybe to ""): no default
	logoutParams map[string]string // logout_params: end-session parameters, with {claim} templates
	authStyle    oauth2.AuthStyle
}

const (
	defaultProvider     = "default"
	defaultMaxAge       = 30 * 24 * time.Hour
	maxMaxAge           = 400 * 24 * time.Hour // browsers cap cookie lifetimes at 400 days
	defaultCallbackPath = "/oauth2callback"
	minSecretLen        = 16
)

var (
	topKeys = []string{"redirect_uri", "cookie_secret", "expose_tokens", "cookie_max_age", "cookie_idle_timeout",
		"client_id", "client_secret", "server_metadata_url", "client_kwargs", "logout_params"}
	providerKeys     = []string{"client_id", "client_secret", "server_metadata_url", "client_kwargs", "logout_params"}
	requiredKeys     = []string{"client_id", "client_secret", "server_metadata_url"}
	reservedAuthArgs = []string{"client_id", "redirect_uri", "response_type", "state", "nonce", "code_challenge"}
)

func parseConfig(s *Secrets, port int) *config {
	c := &config{callbackPath: defaultCallbackPath, maxAge: defaultMaxAge,
		providers: map[string]*providerConfig{}, providerErrs: map[string]error{}}
	var raw map[string]any
	if s != nil {
		raw = s.Raw
	}
	authAny, ok := raw["auth"]
	if !ok {
		c.err = &ConfigError{File: ".streamlit/secrets.toml", Key: "auth", notConfigured: true,
			msg: "To use authentication features you need to configure credentials for at least one authentication provider in [auth] of `.streamlit/secrets.toml` or `.gost/secrets.toml`."}
		return c
	}
	auth, ok := authAny.(map[string]any)
	if !ok {
		c.err = keyError(s, "auth", "must be a table ([auth])")
		return c
	}
	c.authFile = sourceOr(s, "auth")
	c.err = c.parseTop(s, auth, port)
	for name, v := range auth {
		if slices.Contains(topKeys, name) {
			continue
		}
		table, ok := v.(map[string]any)
		if !ok {
			if c.err == nil {
				c.err = keyError(s, "auth."+name, fmt.Sprintf("is not a known key (known keys: %s; a table [auth.%s] would configure a named provider)", strings.Join(topKeys, ", "), name))
			}
			continue
		}
		p, err := parseProvider(s, name, "auth."+name, table)
		if err != nil {
			c.providerErrs[name] = err
			continue
		}
		c.providers[name] = p
	}
	def := map[string]any{}
	for _, k := range providerKeys {
		if v, ok := auth[k]; ok {
			def[k] = v
		}
	}
	if p, err := parseProvider(s, defaultProvider, "auth", def); err != nil {
		c.providerErrs[defaultProvider] = err
	} else {
		c.providers[defaultProvider] = p
	}
	return c
}

func (c *config) parseTop(s *Secrets, auth map[string]any, port int) error {
	raw, err := requireString(s, auth, "auth", "redirect_uri")
	if err != nil {
		return err
	}
	c.redirectURI = strings.ReplaceAll(raw, "{port}", strconv.Itoa(port))
	u, perr := url.Parse(c.redirectURI)
	if perr != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Fragment != "" {
		return keyError(s, "auth.redirect_uri", `must be an absolute http or https URL, such as "http://localhost:{port}/oauth2callback"`)
	}
	if u.Path == "" || u.Path == "/" {
		return keyError(s, "auth.redirect_uri", `must have a path for the callback, such as "/oauth2callback"`)
	}
	c.redirect, c.callbackPath, c.secure = u, u.Path, u.Scheme == "https"

	if c.secrets, err = parseSecrets(s, auth); err != nil {
		return err
	}

	if v, ok := auth["expose_tokens"]; ok {
		list := oneOrList(v)
		if len(list) == 0 {
			return keyError(s, "auth.expose_tokens", `is invalid: only "id" and "access" (or a list of them) are allowed`)
		}
		for _, t := range list {
			switch t {
			case "id":
				c.exposeID = true
			case "access":
				c.exposeAccess = true
			default:
				return keyError(s, "auth.expose_tokens", `is invalid: only "id" and "access" (or a list of them) are allowed`)
			}
		}
	}

	if v, ok := auth["cookie_max_age"]; ok {
		d, ok := parseMaxAge(v)
		if !ok || d <= 0 || d > maxMaxAge {
			return keyError(s, "auth.cookie_max_age", `must be a number of seconds or a duration such as "12h", at most 400 days`)
		}
		c.maxAge = d
	}
	if v, ok := auth["cookie_idle_timeout"]; ok {
		d, ok := parseMaxAge(v)
		if !ok || d < time.Minute || d > c.maxAge {
			return keyError(s, "auth.cookie_idle_timeout", `must be a number of seconds or a duration such as "2h", at least a minute and at most cookie_max_age`)
		}
		c.idle = d
	}
	return nil
}

// oneOrList reads a key that takes a string or a list of them, as TOML
// decodes it: the list, or nil when v is neither.
func oneOrList(v any) []any {
	switch v := v.(type) {
	case string:
		return []any{v}
	case []any:
		return v
	}
	return nil
}

// parseSecrets reads cookie_secret: one secret, or a list of them for
// rotation. Every entry must be usable, since a weak old secret would
// still open cookies.
func parseSecrets(s *Secrets, auth map[string]any) ([][]byte, error) {
	v, ok := auth["cookie_secret"]
	if !ok {
		_, err := requireString(s, auth, "auth", "cookie_secret")
		return nil, err
	}
	list := oneOrList(v)
	if len(list) == 0 {
		return nil, keyError(s, "auth.cookie_secret", "must be a string or a non-empty list of strings (the first seals new cookies; all open existing ones)")
	}
	var out [][]byte
	for i, e := range list {
		which := "is"
		if len(list) > 1 {
			which = fmt.Sprintf("has entry %d (of %d) that is", i+1, len(list))
		}
		str, ok := e.(string)
		switch {
		case !ok:
			return nil, keyError(s, "auth.cookie_secret", which+" not a string")
		case strings.TrimSpace(str) == "":
			return nil, keyError(s, "auth.cookie_secret", which+" empty")
		case strings.ContainsAny(str, "<>"):
			return nil, keyError(s, "auth.cookie_secret", which+" still the placeholder from secrets.toml.example: replace it with the output of `openssl rand -hex 32`")
		case len(str) < minSecretLen:
			return nil, keyError(s, "auth.cookie_secret", fmt.Sprintf("%s too short: use at least %d random characters, e.g. the output of `openssl rand -hex 32`", which, minSecretLen))
		}
		for _, prev := range out {
			if string(prev) == str {
				return nil, keyError(s, "auth.cookie_secret", which+" a repeat of an earlier entry")
			}
		}
		out = append(out, []byte(str))
	}
	return out, nil
}

func parseMaxAge(v any) (time.Duration, bool) {
	switch v := v.(type) {
	case int64:
		return time.Duration(v) * time.Second, v < int64(maxMaxAge/time.Second)+1
	case string:
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			return parseMaxAge(n)
		}
		d, err := time.ParseDuration(v)
		return d, err == nil
	}
	return 0, false
}

func parseProvider(s *Secrets, name, key string, t map[string]any) (*providerConfig, error) {
	if strings.Contains(name, "_") {
		return nil, &ConfigError{File: sourceOr(s, key), Key: key,
			msg: fmt.Sprintf("Auth provider name %q in `%s` contains an underscore. Please use a provider name without underscores.", name, sourceOr(s, key))}
	}
	for _, k := range slices.Sorted(maps.Keys(t)) {
		if !slices.Contains(providerKeys, k) {
			return nil, keyError(s, key+"."+k, "is not a known key (known keys: "+strings.Join(providerKeys, ", ")+")")
		}
	}
	var missing []string
	for _, k := range requiredKeys {
		if _, ok := t[k]; !ok {
			missing = append(missing, strconv.Quote(k))
		}
	}
	if len(missing) > 0 {
		who := fmt.Sprintf("the authentication provider %q", name)
		if name == defaultProvider {
			who = "the default authentication provider"
		}
		return nil, &ConfigError{File: sourceOr(s, key), Key: key,
			msg: fmt.Sprintf("Authentication credentials in `%s` for %s are missing the following keys: [%s]. Please check your configuration.", sourceOr(s, key), who, strings.Join(missing, ", "))}
	}
	p := &providerConfig{name: name, scopes: []string{"openid", "email", "profile"},
		params: url.Values{}, authStyle: oauth2.AuthStyleAutoDetect}
	var err error
	if p.clientID, err = requireString(s, t, key, "client_id"); err != nil {
		return nil, err
	}
	if p.clientSecret, err = requireString(s, t, key, "client_secret"); err != nil {
		return nil, err
	}
	if p.metadataURL, err = requireString(s, t, key, "server_metadata_url"); err != nil {
		return nil, err
	}
	if !validRemoteURL(p.metadataURL) {
		return nil, keyError(s, key+".server_metadata_url", "must be the https URL of the provider's OpenID configuration, ending in /.well-known/openid-configuration (http only on loopback)")
	}
	if v, ok := t["logout_params"]; ok {
		lp, ok := v.(map[string]any)
		if !ok {
			return nil, keyError(s, key+".logout_params", `must be a table, e.g. logout_params = { logout_hint = "{login_hint}" }`)
		}
		p.logoutParams = map[string]string{}
		for k, v := range lp {
			str, ok := v.(string)
			if !ok {
				return nil, keyError(s, key+".logout_params."+k, "must be a string")
			}
			p.logoutParams[k] = str
		}
	}
	if v, ok := t["client_kwargs"]; ok {
		kw, ok := v.(map[string]any)
		if !ok {
			return nil, keyError(s, key+".client_kwargs", "must be a table, e.g. client_kwargs = { prompt = \"login\" }")
		}
		if err := p.applyKwargs(s, key+".client_kwargs", kw); err != nil {
			return nil, err
		}
	}
	return p, nil
}

func (p *providerConfig) applyKwargs(s *Secrets, key string, kw map[string]any) error {
	for _, k := range slices.Sorted(maps.Keys(kw)) {
		v, ok := kw[k].(string)
		if !ok {
			return keyError(s, key+"."+k, "must be a string")
		}
		switch {
		case k == "scope":
			p.scopes = strings.Fields(v)
			if !slices.Contains(p.scopes, "openid") {
				return keyError(s, key+".scope", `must include "openid"`)
			}
		case k == "code_challenge_method":
			// PKCE is always on; the key is accepted so Streamlit files that
			// force S256 keep working.
			if v != "S256" {
				return keyError(s, key+".code_challenge_method", `must be "S256" (PKCE is always on)`)
			}
		case k == "token_endpoint_auth_method":
			switch v {
			case "client_secret_basic":
				p.authStyle = oauth2.AuthStyleInHeader
			case "client_secret_post":
				p.authStyle = oauth2.AuthStyleInParams
			default:
				return keyError(s, key+".token_endpoint_auth_method", `must be "client_secret_basic" or "client_secret_post"`)
			}
		case k == "max_age":
			if _, ok := parseSeconds(v); !ok {
				return keyError(s, key+".max_age", "must be a whole number of seconds")
			}
			p.params.Set(k, v)
		case slices.Contains(reservedAuthArgs, k):
			return keyError(s, key+"."+k, "is set by gost and cannot be overridden")
		case v == "":
			p.params.Del(k) // e.g. prompt = "" turns the default account picker off
			if k == "prompt" {
				p.promptSet = true
			}
		default:
			p.params.Set(k, v)
			if k == "prompt" {
				p.promptSet = true
			}
		}
	}
	return nil
}

// expect is what the ID token of login f must satisfy beyond the fixed
// rules: the nonce of f, and what client_kwargs asked for.
func (p *providerConfig) expect(f flowState, accessToken string) expect {
	e := expect{nonce: f.Nonce, accessToken: accessToken}
	if v := p.params.Get("max_age"); v != "" {
		e.maxAge, _ = parseSeconds(v)
		if e.maxAge == 0 {
			e.maxAge = time.Nanosecond // max_age=0: a fresh authentication, now
		}
	}
	if v := p.params.Get("acr_values"); v != "" {
		e.acr = strings.Fields(v)
	}
	return e
}

func requireString(s *Secrets, t map[string]any, table, k string) (string, error) {
	v, ok := t[k]
	if !ok {
		return "", &ConfigError{File: sourceOr(s, table), Key: table + "." + k,
			msg: fmt.Sprintf("Authentication credentials in `%s` are missing the %q key. Please check your configuration.", sourceOr(s, table), k)}
	}
	str, ok := v.(string)
	if !ok || strings.TrimSpace(str) == "" {
		return "", keyError(s, table+"."+k, "must be a non-empty string")
	}
	return str, nil
}

func keyError(s *Secrets, key, problem string) error {
	file := sourceOr(s, key)
	return &ConfigError{File: file, Key: key, msg: fmt.Sprintf("%q in `%s` %s. Please check your configuration.", key, file, problem)}
}

func sourceOr(s *Secrets, key string) string {
	for k := key; ; {
		if src := s.Source(k); src != "" {
			return src
		}
		i := strings.LastIndex(k, ".")
		if i < 0 {
			return ".streamlit/secrets.toml"
		}
		k = k[:i]
	}
}

func validRemoteURL(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.Fragment != "" {
		return false
	}
	return u.Scheme == "https" || (u.Scheme == "http" && isLoopback(u.Hostname()))
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
