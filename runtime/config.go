package runtime

// What an app process reads besides its flags: secrets.toml, runOnSave and
// maxUploadSize in config.toml, and the development login gost run hands
// down. Under gost run they are read again when the files change
// (reload.go).

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/BurntSushi/toml"
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

// serverConfig is what gost reads under [server] in config.toml for the
// app process (the defences' keys are in serverconfig.go).
type serverConfig struct {
	RunOnSave *bool `toml:"runOnSave"`
	// MaxUploadSize is the size limit of one uploaded file, in MB
	// (st.FileUploader), as Streamlit's.
	MaxUploadSize *int `toml:"maxUploadSize"`
}

// readRunOnSave reads runOnSave under [server] from config.toml.
func readRunOnSave(appDir, home string) (bool, []error) {
	c, errs := readServerConfig(appDir, home)
	return c.RunOnSave != nil && *c.RunOnSave, errs
}

// readServerConfig reads [server] from config.toml, as Streamlit does: the
// files of configFiles, the later winning, setting by setting. Files that
// cannot be read are reported and skipped; other settings in them are not
// gost's business, and neither is a limit below 1 MB, which is reported.
func readServerConfig(appDir, home string) (serverConfig, []error) {
	var out serverConfig
	var errs []error
	for _, f := range configFiles(appDir, home) {
		var c struct {
			Server serverConfig `toml:"server"`
		}
		if _, err := toml.DecodeFile(f, &c); err != nil {
			if !errors.Is(err, os.ErrNotExist) {
				errs = append(errs, fmt.Errorf("runtime: read %s: %w", f, err))
			}
			continue
		}
		if c.Server.RunOnSave != nil {
			out.RunOnSave = c.Server.RunOnSave
		}
		if n := c.Server.MaxUploadSize; n != nil {
			if *n < 1 {
				errs = append(errs, fmt.Errorf("runtime: %s: [server] maxUploadSize = %d: want 1 (MB) or more", f, *n))
				continue
			}
			out.MaxUploadSize = n
		}
	}
	return out, errs
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
