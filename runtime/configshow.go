package runtime

// What `gost config show` prints, and what gost run asks before it binds
// the app's port: the effective configuration (settings.go).

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/gost-dev/gost/internal/script"
	"github.com/gost-dev/gost/runtime/store"
)

// LoadOptions returns the server options that the flags in args, the
// environment and the config.toml files of appDir and the user's home
// give, flags winning (settings.go), and the positional args. It is how
// gost run learns the address to bind before the app runs.
func LoadOptions(args []string, appDir string) (Options, []string, error) {
	flags, positional, set, err := parseArgs(args)
	if err != nil {
		return Options{}, nil, err
	}
	s, err := loadSettings(appDir, home(), os.Environ(), &flags, set)
	if err != nil {
		return Options{}, nil, err
	}
	s.check()
	return s.options(), positional, nil
}

// ShowConfig writes the effective configuration of the app in appDir,
// with the flags in args, as config.toml: every key with where its value
// came from (file:line, environment variable, flag or default), secrets
// masked, then the warnings about keys gost ignores and the values it
// cannot use.
func ShowConfig(w io.Writer, args []string, appDir string) error {
	flags, _, set, err := parseArgs(args)
	if err != nil {
		return err
	}
	s, err := loadSettings(appDir, home(), os.Environ(), &flags, set)
	if err != nil {
		return err
	}
	for _, err := range s.check() {
		s.warnings = append(s.warnings, strings.TrimPrefix(err.Error(), "runtime: ")+" (the default applies)")
	}
	if _, err := s.theme(); err != nil {
		s.warnings = append(s.warnings, strings.TrimPrefix(err.Error(), "runtime: ")+" (the app does not start)")
	}
	if _, errs := s.defences(); len(errs) > 0 {
		for _, err := range errs {
			s.warnings = append(s.warnings, strings.TrimPrefix(err.Error(), "runtime: ")+" (skipped)")
		}
	}
	return s.show(w)
}

// show writes the effective configuration as TOML, every key with where
// its value came from; secrets are masked.
func (s *settings) show(w io.Writer) error {
	var b strings.Builder
	section := ""
	for _, l := range s.leaves() {
		sec, key, _ := strings.Cut(l.key, ".")
		if sec != section {
			if section != "" {
				b.WriteByte('\n')
			}
			fmt.Fprintf(&b, "[%s]\n", sec)
			section = sec
		}
		if l.field.IsNil() {
			fmt.Fprintf(&b, "# %s = %s  # default\n", key, defaultShown(l.key))
			continue
		}
		v := l.field.Elem().Interface()
		shown := ""
		switch {
		case l.secret == "true":
			shown = `"********"`
		case l.secret == "url":
			shown = strconv.Quote(store.Redact(fmt.Sprint(v)))
		default:
			var vb bytes.Buffer
			if err := toml.NewEncoder(&vb).Encode(map[string]any{"v": v}); err != nil {
				return fmt.Errorf("runtime: show %s: %w", l.key, err)
			}
			shown = strings.TrimSpace(strings.TrimPrefix(vb.String(), "v = "))
		}
		fmt.Fprintf(&b, "%s = %s  # %s\n", key, shown, s.source(l.key))
	}
	keys := slices.Clone(s.warnings)
	sort.Strings(keys)
	for _, warn := range keys {
		fmt.Fprintf(&b, "\n# warning: %s", warn)
	}
	if len(keys) > 0 {
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// defaultShown is what a key that is set nowhere means.
func defaultShown(key string) string {
	switch key {
	case "server.port":
		return strconv.Itoa(DefaultPort)
	case "server.address":
		return `"" (localhost)`
	case "server.headless", "server.runOnSave":
		return "false"
	case "server.baseUrlPath":
		return `""`
	case "server.maxUploadSize":
		return strconv.Itoa(script.DefaultMaxUploadSize >> 20)
	case "server.maxMessageSize":
		return strconv.Itoa(maxMessageSize >> 20)
	case "server.enableCORS", "server.enableXsrfProtection", "client.showSidebarNavigation":
		return "true"
	case "server.store":
		return `"" (none: sessions, logouts and revocations stay in this replica's memory)`
	case "server.storeOptional":
		return "false"
	case "server.cookieSecret":
		return "(none: [auth] cookie_secret in secrets.toml)"
	case "server.allowedHosts", "server.frameAncestors", "server.trustedProxies":
		return "[]"
	case "runner.maxRunSeconds":
		return strconv.Itoa(int(DefaultMaxRun.Seconds()))
	case "logger.level":
		return `"info"`
	case "logger.format":
		return `"text"`
	}
	return `""` // theme: the built-in light and dark themes
}
