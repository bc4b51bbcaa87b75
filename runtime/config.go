package runtime

// Where an app process finds its files: secrets.toml, the config.toml
// files (read by settings.go), and the development login gost run hands
// down. Under gost run they are read again when the files change
// (reload.go).

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/gost-dev/gost/internal/devloop"
	"github.com/gost-dev/gost/runtime/auth"
)

// loadSecrets reads secrets.toml from the app's directory (GOST_APP_DIR,
// set by gost run; else the working directory) and the user's home.
func loadSecrets() (*auth.Secrets, error) {
	s, err := auth.LoadSecrets(appDir(), home(), os.Environ())
	if s == nil {
		s = auth.NewSecrets(nil, "")
	}
	return s, err
}

// appDir is where the app's .gost and .streamlit directories are:
// GOST_APP_DIR, else the working directory.
func appDir() string {
	if dir := os.Getenv(devloop.AppDirEnv); dir != "" {
		return dir
	}
	dir, _ := os.Getwd()
	return dir
}

func home() string {
	h, _ := os.UserHomeDir()
	return h
}

// configFiles lists the config.toml files, as Streamlit reads them: the
// user's ~/.streamlit and ~/.gost, then the app's .streamlit and .gost,
// the later winning.
func configFiles(appDir, home string) []string {
	var files []string
	for _, dir := range []string{home, appDir} {
		if dir != "" {
			files = append(files, filepath.Join(dir, ".streamlit", "config.toml"), filepath.Join(dir, ".gost", "config.toml"))
		}
	}
	return files
}

// withCookieSecret gives secrets.toml's [auth] the cookie_secret of
// [server] cookieSecret when it has none of its own: Streamlit keeps its
// cookie secret in config.toml, gost's login in secrets.toml, and either
// place works. Without an [auth] there is no login and nothing to seal.
func withCookieSecret(secrets *auth.Secrets, cfg *settings) *auth.Secrets {
	p := cfg.Server.CookieSecret
	if p == nil || *p == "" || secrets == nil {
		return secrets
	}
	a, ok := secrets.Raw["auth"].(map[string]any)
	if !ok {
		return secrets
	}
	if _, has := a["cookie_secret"]; !has {
		a["cookie_secret"] = *p
	}
	return secrets
}

// devNotice is shown on every page of an app using the development login.
const devNotice = "Development login: this app logs in with gost's built-in test provider, where anyone can be anyone. Never use --dev-auth in production."

var errDevAuthFlag = errors.New("--dev-auth is a flag of gost run (gost run --dev-auth PATH): a built app does not contain the development login")

// devAuthFromEnv returns the development login's [auth] that gost run
// --dev-auth hands down (GOST_DEV_AUTH), or nil when it is not set.
func devAuthFromEnv() (*auth.Secrets, error) {
	v := os.Getenv(devloop.DevAuthEnv)
	if v == "" {
		return nil, nil
	}
	var table map[string]any
	if err := json.Unmarshal([]byte(v), &table); err != nil {
		return nil, fmt.Errorf("%s: %w", devloop.DevAuthEnv, err)
	}
	return auth.NewSecrets(map[string]any{"auth": table}, "the gost development provider"), nil
}
