package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// gost config show prints each value with where it came from, flags over
// the environment over the app's files over the home's, secrets masked.
func TestConfigShow(t *testing.T) {
	app, home := t.TempDir(), t.TempDir()
	for path, content := range map[string]string{
		filepath.Join(home, ".gost", "config.toml"): "[server]\nport = 9000\nbaseUrlPath = \"home\"\n",
		filepath.Join(app, ".gost", "config.toml"):  "[server]\nport = 8600\ncookieSecret = \"s3cr3t-value-0123456789\"\nnoSuchKey = 1\n",
	} {
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("HOME", home)
	t.Setenv("GOST_SERVER_ADDRESS", "0.0.0.0")
	t.Setenv("GOST_SERVER_PORT", "8700")
	var stdout, stderr bytes.Buffer
	code := run(t.Context(), []string{"gost", "config", "show", app, "--server.port=8800", "--server.headless"}, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	out := stdout.String()
	appFile, homeFile := filepath.Join(app, ".gost", "config.toml"), filepath.Join(home, ".gost", "config.toml")
	for _, want := range []string{
		"port = 8800  # flag --server.port\n",
		`address = "0.0.0.0"  # env GOST_SERVER_ADDRESS` + "\n",
		`baseUrlPath = "home"  # ` + homeFile + ":3\n",
		"headless = true  # flag --server.headless\n",
		`cookieSecret = "********"  # ` + appFile + ":3\n",
		"# runOnSave = false  # default\n",
		"# warning: " + appFile + ":4: unknown key server.noSuchKey",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in:\n%s", want, out)
		}
	}
	if strings.Contains(out, "s3cr3t") {
		t.Errorf("the secret is printed:\n%s", out)
	}
	// A malformed file is an error with its place, and nothing printed.
	os.WriteFile(filepath.Join(app, ".gost", "config.toml"), []byte("[server]\nport = \n"), 0o644)
	stdout.Reset()
	stderr.Reset()
	if code := run(t.Context(), []string{"gost", "config", "show", app}, &stdout, &stderr); code != 1 || stdout.Len() > 0 || !strings.Contains(stderr.String(), appFile+":2") {
		t.Errorf("malformed: exit %d, stdout %q, stderr %q", code, stdout.String(), stderr.String())
	}
}
