package auth

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
)

// Secrets is the parsed secrets.toml: the [auth] table that configures login
// plus every other section, which apps read through st.Secrets().
//
// A Secrets is read-only once loaded; it is safe for concurrent use.
type Secrets struct {
	// Raw holds every section, merged from all files and the environment.
	// Tables are map[string]any; values are TOML's (string, int64, float64,
	// bool, time.Time, []any).
	Raw map[string]any

	// Paths lists the files that were read, in the order they were applied.
	Paths []string

	// sources maps a dotted key ("auth.client_id") to where its value came
	// from, in the form shown to users ("~/.gost/secrets.toml",
	// "environment variable GOST_AUTH_CLIENT_ID"). Tables are recorded too,
	// so a missing key can be blamed on the file that holds its table.
	sources map[string]string
}

// The secrets files, lowest priority first. Within a level the gost file
// wins over the Streamlit one, so a project can keep a Streamlit file and
// override parts of it; project files win over the user's home files.
var (
	homeSecretFiles    = []string{".streamlit/secrets.toml", ".gost/secrets.toml"}
	projectSecretFiles = []string{".streamlit/secrets.toml", ".gost/secrets.toml"}
)

// LoadSecrets reads the secrets files and environment variables, later ones
// overriding earlier ones key by key (tables merge, other values replace):
//
//  1. home/.streamlit/secrets.toml
//  2. home/.gost/secrets.toml
//  3. dir/.streamlit/secrets.toml
//  4. dir/.gost/secrets.toml
//  5. environment variables in environ (KEY=value):
//     GOST_AUTH_<KEY> sets [auth] <key>, for REDIRECT_URI, COOKIE_SECRET,
//     CLIENT_ID, CLIENT_SECRET, SERVER_METADATA_URL, EXPOSE_TOKENS (comma
//     separated), COOKIE_SECRET (comma separated for a rotation: new,old),
//     COOKIE_MAX_AGE and COOKIE_IDLE_TIMEOUT; GOST_AUTH_<PROVIDER>_<KEY> sets
//     [auth.<provider>] <key> for CLIENT_ID, CLIENT_SECRET and
//     SERVER_METADATA_URL (provider names are lower-cased).
//
// An empty home or dir skips that level. A missing file is fine; an
// unreadable or malformed one is an error naming the file and line. Error
// texts never contain values, since the file is full of secrets.
func LoadSecrets(dir, home string, environ []string) (*Secrets, error) {
	s := &Secrets{Raw: map[string]any{}, sources: map[string]string{}}
	type file struct{ path, shown string }
	var files []file
	if home != "" {
		for _, f := range homeSecretFiles {
			files = append(files, file{filepath.Join(home, f), "~/" + f})
		}
	}
	if dir != "" {
		for _, f := range projectSecretFiles {
			files = append(files, file{filepath.Join(dir, f), f})
		}
	}
	for _, f := range files {
		b, err := os.ReadFile(f.path)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("auth: read %s: %w", f.shown, err)
		}
		var m map[string]any
		if _, err := toml.Decode(string(b), &m); err != nil {
			return nil, tomlError(f.shown, err)
		}
		s.Paths = append(s.Paths, f.path)
		s.merge(s.Raw, m, "", f.shown)
	}
	if err := s.applyEnv(environ); err != nil {
		return nil, err
	}
	return s, nil
}

// NewSecrets returns Secrets holding raw as if it had been read from a file
// named source. It is how a development provider hands over its [auth].
func NewSecrets(raw map[string]any, source string) *Secrets {
	s := &Secrets{Raw: map[string]any{}, sources: map[string]string{}}
	s.merge(s.Raw, raw, "", source)
	return s
}

// WithAuth returns a copy of s whose [auth] table is replaced by the one of
// other, keeping every other section of s. A nil s is treated as empty.
func (s *Secrets) WithAuth(other *Secrets) *Secrets {
	out := &Secrets{Raw: map[string]any{}, sources: map[string]string{}}
	if s != nil {
		out.Paths = slices.Clone(s.Paths)
		for k, v := range s.Raw {
			if k != "auth" {
				out.Raw[k] = v
			}
		}
		for k, v := range s.sources {
			if k != "auth" && !strings.HasPrefix(k, "auth.") {
				out.sources[k] = v
			}
		}
	}
	if other != nil {
		if a, ok := other.Raw["auth"]; ok {
			out.Raw["auth"] = a
		}
		for k, v := range other.sources {
			if k == "auth" || strings.HasPrefix(k, "auth.") {
				out.sources[k] = v
			}
		}
	}
	return out
}

// Source reports where the value of a dotted key (e.g. "auth.client_id")
// came from, in the form used in error messages, or "" if it is unset.
func (s *Secrets) Source(key string) string {
	if s == nil {
		return ""
	}
	return s.sources[key]
}

func (s *Secrets) merge(dst, src map[string]any, prefix, source string) {
	for _, k := range slices.Sorted(maps.Keys(src)) {
		key := prefix + k
		v := src[k]
		if sub, ok := v.(map[string]any); ok {
			d, ok := dst[k].(map[string]any)
			if !ok {
				d = map[string]any{}
				dst[k] = d
			}
			s.sources[key] = source
			s.merge(d, sub, key+".", source)
			continue
		}
		dst[k] = v
		s.sources[key] = source
	}
}

// envTopKeys are the [auth] keys settable as GOST_AUTH_<KEY>.
var envTopKeys = []string{"redirect_uri", "cookie_secret", "client_id", "client_secret",
	"server_metadata_url", "expose_tokens", "cookie_max_age", "cookie_idle_timeout"}

// envProviderKeys are the [auth.<name>] keys settable as GOST_AUTH_<NAME>_<KEY>.
var envProviderKeys = []string{"client_id", "client_secret", "server_metadata_url"}

func (s *Secrets) applyEnv(environ []string) error {
	const prefix = "GOST_AUTH_"
	for _, kv := range environ {
		name, value, ok := strings.Cut(kv, "=")
		if !ok || !strings.HasPrefix(name, prefix) {
			continue
		}
		rest := strings.ToLower(strings.TrimPrefix(name, prefix))
		src := "environment variable " + name
		auth, _ := s.Raw["auth"].(map[string]any)
		if auth == nil {
			auth = map[string]any{}
			s.Raw["auth"] = auth
			s.sources["auth"] = src
		}
		if slices.Contains(envTopKeys, rest) {
			var v any = value
			if rest == "expose_tokens" || (rest == "cookie_secret" && strings.Contains(value, ",")) {
				var list []any
				for _, t := range strings.Split(value, ",") {
					list = append(list, strings.TrimSpace(t))
				}
				v = list
			}
			auth[rest] = v
			s.sources["auth."+rest] = src
			continue
		}
		provider, key, ok := strings.Cut(rest, "_")
		if !ok || provider == "" || !slices.Contains(envProviderKeys, key) {
			return fmt.Errorf("auth: unknown environment variable %s: want GOST_AUTH_<KEY> with <KEY> one of %s, or GOST_AUTH_<PROVIDER>_<KEY> with <KEY> one of %s",
				name, upper(envTopKeys), upper(envProviderKeys))
		}
		p, _ := auth[provider].(map[string]any)
		if p == nil {
			p = map[string]any{}
			auth[provider] = p
			s.sources["auth."+provider] = src
		}
		p[key] = value
		s.sources["auth."+provider+"."+key] = src
	}
	return nil
}

func upper(keys []string) string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = strings.ToUpper(k)
	}
	return strings.Join(out, ", ")
}

// quoted matches the parts of a TOML parser message that may echo file
// content, which could be a secret.
var quoted = regexp.MustCompile(`"[^"]*"|'[^']*'`)

func tomlError(file string, err error) error {
	var pe toml.ParseError
	if !errors.As(err, &pe) {
		return fmt.Errorf("auth: %s is not valid TOML", file)
	}
	msg := quoted.ReplaceAllString(pe.Message, "…")
	return fmt.Errorf("auth: %s line %d (key %q) is not valid TOML: %s", file, pe.Position.Line, pe.LastKey, msg)
}
