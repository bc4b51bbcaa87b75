package runtime

// The one loader of gost's configuration, in Streamlit's scheme: every key
// of config.toml can also be an environment variable and some are flags,
// and the later of these wins, key by key:
//
//  1. defaults
//  2. ~/.streamlit/config.toml, then ~/.gost/config.toml
//  3. APPDIR/.streamlit/config.toml, then APPDIR/.gost/config.toml
//  4. environment variables GOST_<SECTION>_<KEY>, as STREAMLIT_SERVER_PORT
//     is Streamlit's: GOST_SERVER_PORT, GOST_SERVER_BASE_URL_PATH,
//     GOST_THEME_PRIMARY_COLOR
//  5. flags (--server.port)
//
// Each file is decoded once into fileConfig; a key gost does not read is a
// warning naming the file and line, and a file that is not TOML, or holds
// a value of the wrong type, stops the start with file:line: the server
// never runs with half a config. Values of the right type that make no
// sense (a negative upload limit) are reported and left at their default,
// as before, except for [theme], whose mistakes stop the start because the
// page would look broken (theme.go).

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// fileConfig is every key gost reads from config.toml, the environment and
// the flags. Each leaf is a pointer: nil means "not set here", so layers
// merge key by key. The toml tags are the keys; section.key is also the
// flag's name and, upper-snake-cased, the environment variable's.
type fileConfig struct {
	Server struct {
		Address     *string `toml:"address"`
		Port        *int    `toml:"port"`
		BaseURLPath *string `toml:"baseUrlPath"`
		Headless    *bool   `toml:"headless"`
		RunOnSave   *bool   `toml:"runOnSave"`
		// MaxUploadSize and MaxMessageSize are in MB, as Streamlit's.
		MaxUploadSize  *int `toml:"maxUploadSize"`
		MaxMessageSize *int `toml:"maxMessageSize"`
		// EnableCORS and EnableXsrfProtection can only be true: gost
		// always checks the Origin of the websocket handshake and of
		// uploads (transport.go, upload.go), which is what both of
		// Streamlit's protect. false is reported and ignored; other
		// sites are let in by frameAncestors and allowedHosts instead.
		EnableCORS           *bool `toml:"enableCORS"`
		EnableXsrfProtection *bool `toml:"enableXsrfProtection"`
		// CookieSecret seals the login's cookies when secrets.toml's
		// [auth] has no cookie_secret (runtime/auth).
		CookieSecret   *string   `toml:"cookieSecret" secret:"true"`
		AllowedHosts   *[]string `toml:"allowedHosts"`
		FrameAncestors *[]string `toml:"frameAncestors"`
		TrustedProxies *[]string `toml:"trustedProxies"`
		// SSLCertFile and SSLKeyFile make the server terminate TLS
		// itself, with HTTP/2 (tls.go), as Streamlit's.
		SSLCertFile *string `toml:"sslCertFile"`
		SSLKeyFile  *string `toml:"sslKeyFile"`
		// ShutdownGrace is how long a SIGTERM leaves runs and jobs to
		// finish (shutdown.go): "10s" in a file or the environment.
		ShutdownGrace *time.Duration `toml:"shutdownGrace"`
		// MetricsAddress serves Prometheus /metrics there (metrics.go).
		MetricsAddress *string `toml:"metricsAddress"`
		// Store is the URL of the store the replicas share
		// (runtime/store; store.go): "redis://host:6379/0". Unset, all
		// stays in this process's memory. Shown without its password.
		Store *string `toml:"store" secret:"url"`
		// StoreOptional lets the server start on its memory when the
		// store does not answer at start; by default it refuses to.
		StoreOptional *bool `toml:"storeOptional"`
	} `toml:"server"`
	Runner struct {
		MaxRunSeconds *float64 `toml:"maxRunSeconds"`
	} `toml:"runner"`
	Logger struct {
		// Level is Streamlit's: "error", "warning", "info" or "debug".
		Level *string `toml:"level"`
		// Format is gost's: "text" (slog's key=value lines) or "json".
		Format *string `toml:"format"`
	} `toml:"logger"`
	Client struct {
		ShowSidebarNavigation *bool `toml:"showSidebarNavigation"`
	} `toml:"client"`
	Theme struct {
		Base                     *string `toml:"base"`
		PrimaryColor             *string `toml:"primaryColor"`
		BackgroundColor          *string `toml:"backgroundColor"`
		SecondaryBackgroundColor *string `toml:"secondaryBackgroundColor"`
		TextColor                *string `toml:"textColor"`
		LinkColor                *string `toml:"linkColor"`
		BorderColor              *string `toml:"borderColor"`
		Font                     *string `toml:"font"`
		BaseRadius               *string `toml:"baseRadius"`
	} `toml:"theme"`
}

// leaf is one key of fileConfig: its dotted name and its field.
type leaf struct {
	key    string        // "server.port"
	field  reflect.Value // the *T field
	secret string        // "true": masked when shown; "url": shown without its password
}

// leaves lists the keys of c in declaration order.
func (c *fileConfig) leaves() []leaf {
	var out []leaf
	v := reflect.ValueOf(c).Elem()
	for i := range v.NumField() {
		sec, st := v.Type().Field(i).Tag.Get("toml"), v.Field(i)
		for j := range st.NumField() {
			f := st.Type().Field(j)
			out = append(out, leaf{sec + "." + f.Tag.Get("toml"), st.Field(j), f.Tag.Get("secret")})
		}
	}
	return out
}

// settings is the effective configuration and where each value came from.
type settings struct {
	fileConfig
	// from maps a key set somewhere to its source: "/app/.gost/config.toml:3",
	// "env GOST_SERVER_PORT" or "flag --server.port".
	from map[string]string
	// warnings are keys gost does not read, and settings it ignores.
	warnings []string
	// flagDevAuth is --dev-auth, which is a flag only.
	flagDevAuth bool
}

// loadSettings reads the config.toml files of appDir and home, then env
// (KEY=value, as os.Environ), then the flags set in opts (set names them,
// or nil for every non-zero field). An error means no configuration: a
// file that is not TOML or holds a value of the wrong type, or an
// environment variable that cannot be its key's type.
func loadSettings(appDir, home string, env []string, opts *Options, set map[string]bool) (*settings, error) {
	s := &settings{from: map[string]string{}}
	for _, f := range configFiles(appDir, home) {
		if err := s.readFile(f); err != nil {
			return nil, err
		}
	}
	if err := s.readEnv(env); err != nil {
		return nil, err
	}
	if opts != nil {
		s.readFlags(*opts, set)
	}
	return s, nil
}

// readFile decodes one config.toml over s. A missing file is skipped.
func (s *settings) readFile(path string) error {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("runtime: read %s: %w", path, err)
	}
	var c fileConfig
	md, err := toml.Decode(string(b), &c)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return fmt.Errorf("runtime: read %s:%d: %s", path, pe.Position.Line, pe.Message)
		}
		// A value of the wrong type is a plain error from the decoder,
		// with the line in its text.
		if m := typeError.FindStringSubmatch(err.Error()); m != nil {
			return fmt.Errorf("runtime: read %s:%s: %s: %s", path, m[1], m[2], m[3])
		}
		return fmt.Errorf("runtime: read %s: %w", path, err)
	}
	lines := keyLines(b)
	where := func(key string) string {
		if n, ok := lines[key]; ok {
			return fmt.Sprintf("%s:%d", path, n)
		}
		return path // a key the scan cannot place (an inline table): the file alone
	}
	undecoded := md.Undecoded()
	for i, k := range undecoded {
		// Name the innermost keys only: [browser] gatherUsageStats is one
		// warning, not one for the table and one for the key.
		if i+1 < len(undecoded) && strings.HasPrefix(undecoded[i+1].String(), k.String()+".") {
			continue
		}
		s.warnings = append(s.warnings, fmt.Sprintf("%s: unknown key %s (gost ignores it)", where(k.String()), k))
	}
	for _, l := range c.leaves() {
		if !l.field.IsNil() {
			s.set(l.key, l.field, where(l.key))
		}
	}
	return nil
}

// set makes key's value v (a *T), from source.
func (s *settings) set(key string, v reflect.Value, source string) {
	for _, l := range s.leaves() {
		if l.key == key {
			l.field.Set(v)
			s.from[key] = source
			return
		}
	}
}

// envName is key's environment variable: server.baseUrlPath is
// GOST_SERVER_BASE_URL_PATH and server.enableCORS GOST_SERVER_ENABLE_CORS,
// as Streamlit names STREAMLIT_SERVER_BASE_URL_PATH.
func envName(key string) string {
	var b strings.Builder
	b.WriteString("GOST_")
	r := []rune(key)
	for i, c := range r {
		switch {
		case c == '.':
			b.WriteByte('_')
			continue
		case i > 0 && isUpper(c) && r[i-1] != '.' && (!isUpper(r[i-1]) || i+1 < len(r) && !isUpper(r[i+1]) && r[i+1] != '.'):
			b.WriteByte('_')
		}
		b.WriteString(strings.ToUpper(string(c)))
	}
	return b.String()
}

func isUpper(c rune) bool { return c >= 'A' && c <= 'Z' }

// envSections are the prefixes of configuration variables; an unknown
// one of these is a warning (GOST_AUTH_ is secrets.toml's, runtime/auth).
var envSections = []string{"GOST_SERVER_", "GOST_RUNNER_", "GOST_LOGGER_", "GOST_CLIENT_", "GOST_THEME_"}

// readEnv applies the GOST_<SECTION>_<KEY> variables of env. Lists are
// comma separated.
func (s *settings) readEnv(env []string) error {
	names := map[string]leaf{}
	for _, l := range s.leaves() {
		names[envName(l.key)] = l
	}
	for _, kv := range env {
		name, value, _ := strings.Cut(kv, "=")
		l, ok := names[name]
		if !ok {
			if slices.ContainsFunc(envSections, func(p string) bool { return strings.HasPrefix(name, p) }) {
				s.warnings = append(s.warnings, fmt.Sprintf("env %s: unknown variable (gost ignores it)", name))
			}
			continue
		}
		v := reflect.New(l.field.Type().Elem())
		var err error
		switch p := v.Interface().(type) {
		case *string:
			*p = value
		case *int:
			*p, err = strconv.Atoi(strings.TrimSpace(value))
		case *bool:
			*p, err = strconv.ParseBool(strings.TrimSpace(value))
		case *float64:
			*p, err = strconv.ParseFloat(strings.TrimSpace(value), 64)
		case *time.Duration:
			*p, err = time.ParseDuration(strings.TrimSpace(value))
		case *[]string:
			*p = []string{}
			for _, e := range strings.Split(value, ",") {
				if e = strings.TrimSpace(e); e != "" {
					*p = append(*p, e)
				}
			}
		}
		if err != nil {
			shown := strconv.Quote(value)
			if l.secret != "" {
				shown = "(hidden)"
			}
			return fmt.Errorf("runtime: env %s=%s: want %s for %s", name, shown, typeName(l.field.Type().Elem()), l.key)
		}
		s.set(l.key, v, "env "+name)
	}
	return nil
}

func typeName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Int:
		return "an integer"
	case reflect.Bool:
		return "true or false"
	case reflect.Float64:
		return "a number"
	}
	if t == reflect.TypeFor[time.Duration]() {
		return `a duration such as "10s"`
	}
	return "a " + t.String()
}

// readFlags applies the flags: the names in set, or every non-zero field
// of o when set is nil (a caller of Serve who built the Options in Go).
func (s *settings) readFlags(o Options, set map[string]bool) {
	for _, f := range optionFlags {
		p := f.field(&o)
		v := reflect.ValueOf(p)
		if set != nil && !set[f.name] || set == nil && v.Elem().IsZero() {
			continue
		}
		if f.name == "dev-auth" {
			s.flagDevAuth = *p.(*bool)
			continue
		}
		s.set(f.name, v, "flag --"+f.name)
	}
}

// options are the effective server options.
func (s *settings) options() Options {
	var o Options
	setFrom(&o.Address, s.Server.Address)
	setFrom(&o.Port, s.Server.Port)
	setFrom(&o.Headless, s.Server.Headless)
	setFrom(&o.BaseURLPath, s.Server.BaseURLPath)
	setFrom(&o.RunOnSave, s.Server.RunOnSave)
	setFrom(&o.SSLCertFile, s.Server.SSLCertFile)
	setFrom(&o.SSLKeyFile, s.Server.SSLKeyFile)
	setFrom(&o.ShutdownGrace, s.Server.ShutdownGrace)
	setFrom(&o.MetricsAddress, s.Server.MetricsAddress)
	setFrom(&o.Store, s.Server.Store)
	setFrom(&o.StoreOptional, s.Server.StoreOptional)
	o.DevAuth = s.flagDevAuth
	return o
}

func setFrom[T any](dst *T, p *T) {
	if p != nil {
		*dst = *p
	}
}

// source names where key's value came from, for messages.
func (s *settings) source(key string) string {
	if f, ok := s.from[key]; ok {
		return f
	}
	return "default"
}

// check reports the values gost cannot use; they are left at their
// defaults. It does not look at [theme], whose mistakes are errors
// (theme()).
func (s *settings) check() []error {
	var errs []error
	bad := func(key, format string, args ...any) {
		errs = append(errs, fmt.Errorf("runtime: %s: [%s %s", s.source(key), strings.Replace(key, ".", "] ", 1), fmt.Sprintf(format, args...)))
	}
	if p := s.Server.Port; p != nil && (*p < 0 || *p > 65535) {
		bad("server.port", "= %d: want a port number from 0 to 65535", *p)
		s.Server.Port = nil
	}
	if p := s.Server.MaxUploadSize; p != nil && *p < 1 {
		bad("server.maxUploadSize", "= %d: want 1 (MB) or more", *p)
		s.Server.MaxUploadSize = nil
	}
	if p := s.Server.MaxMessageSize; p != nil && (*p < 1 || *p > 2047) {
		bad("server.maxMessageSize", "= %d: want 1 to 2047 (MB)", *p)
		s.Server.MaxMessageSize = nil
	}
	for _, k := range []struct {
		key string
		p   *bool
	}{{"server.enableCORS", s.Server.EnableCORS}, {"server.enableXsrfProtection", s.Server.EnableXsrfProtection}} {
		if k.p != nil && !*k.p {
			s.warnings = append(s.warnings, fmt.Sprintf("%s: %s = false is ignored: gost always refuses websockets and uploads from other origins; list other sites in [server] frameAncestors and other names in [server] allowedHosts", s.source(k.key), k.key))
		}
	}
	if p := s.Logger.Level; p != nil {
		if _, ok := logLevels[strings.ToLower(*p)]; !ok {
			bad("logger.level", "= %q: want error, warning, info or debug", *p)
			s.Logger.Level = nil
		}
	}
	if p := s.Logger.Format; p != nil && *p != "text" && *p != "json" {
		bad("logger.format", "= %q: want text or json", *p)
		s.Logger.Format = nil
	}
	return errs
}

var logLevels = map[string]slog.Level{"error": slog.LevelError, "warning": slog.LevelWarn, "warn": slog.LevelWarn, "info": slog.LevelInfo, "debug": slog.LevelDebug}

// logger is the server's log as [logger] says: to w, at level (default
// info), as text or JSON lines.
func (s *settings) logger(w io.Writer) *slog.Logger {
	level := slog.LevelInfo
	if p := s.Logger.Level; p != nil {
		if l, ok := logLevels[strings.ToLower(*p)]; ok {
			level = l
		}
	}
	opts := &slog.HandlerOptions{Level: level}
	if p := s.Logger.Format; p != nil && *p == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// maxMessageBytes is [server] maxMessageSize in bytes, or the default.
func (s *settings) maxMessageBytes() int64 {
	if p := s.Server.MaxMessageSize; p != nil {
		return int64(*p) << 20
	}
	return maxMessageSize
}

// keyLines maps each dotted key of a TOML file ("server.port", and the
// tables, "server") to the line that sets it, by scanning table headers
// and "key =" lines. It is a scan, not a parse (the decoder has checked
// the file): a key it cannot place, inside an inline table or a
// multi-line value, is left out, and messages then name the file alone.
func keyLines(b []byte) map[string]int {
	out := map[string]int{}
	table := ""
	sc := bufio.NewScanner(bytes.NewReader(b))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if m := headerLine.FindStringSubmatch(line); m != nil {
			table = unquoteKey(m[1])
			if _, ok := out[table]; !ok {
				out[table] = n
			}
			continue
		}
		if m := keyLine.FindStringSubmatch(line); m != nil {
			k := unquoteKey(m[1])
			if table != "" {
				k = table + "." + k
			}
			if _, ok := out[k]; !ok {
				out[k] = n
			}
		}
	}
	return out
}

var (
	typeError  = regexp.MustCompile(`^toml: line (\d+) \(last key "([^"]*)"\): (.*)$`)
	headerLine = regexp.MustCompile(`^\[\s*([A-Za-z0-9_."' -]+?)\s*\]\s*(#.*)?$`)
	keyLine    = regexp.MustCompile(`^([A-Za-z0-9_"'.-][A-Za-z0-9_"'. -]*?)\s*=`)
)

// unquoteKey turns `a . "b"` into a.b.
func unquoteKey(k string) string {
	parts := strings.Split(k, ".")
	for i, p := range parts {
		parts[i] = strings.Trim(strings.TrimSpace(p), `"'`)
	}
	return strings.Join(parts, ".")
}
