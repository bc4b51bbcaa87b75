package runtime

// The readers the config tests were written against, each now a view of
// the one loader (settings.go), with no environment and no flags.

// readRunOnSave reads runOnSave under [server] from the config.toml files
// of appDir and home (settings.go), for tests.
func readRunOnSave(appDir, home string) (bool, []error) {
	s, err := loadSettings(appDir, home, nil, nil, nil)
	if err != nil {
		return false, []error{err}
	}
	return s.Server.RunOnSave != nil && *s.Server.RunOnSave, s.check()
}

// readConfig reads [server] allowedHosts, frameAncestors, trustedProxies
// and [runner] maxRunSeconds from the config.toml files of appDir and home
// (settings.go), for tests: the server takes them from its settings.
func readConfig(appDir, home string) (Config, []error) {
	s, err := loadSettings(appDir, home, nil, nil, nil)
	if err != nil {
		return Config{}, []error{err}
	}
	return s.defences()
}

// readTheme reads [theme] from the config.toml files of appDir and home
// (settings.go), for tests.
func readTheme(appDir, home string) (Theme, error) {
	s, err := loadSettings(appDir, home, nil, nil, nil)
	if err != nil {
		return Theme{}, err
	}
	return s.theme()
}
