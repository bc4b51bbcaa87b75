package main

import (
	"bytes"
	"context"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
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

// gost run binds the port and address the app's config.toml and the
// environment give, flags winning: the busy port it reports is the winner's
// (both ports are busy, so a wrong winner fails fast too).
func TestRunTakesPortFromConfigAndEnv(t *testing.T) {
	var ports [2]string // [0] must win, [1] must lose
	for i := range ports {
		busy, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer busy.Close()
		ports[i] = strconv.Itoa(busy.Addr().(*net.TCPAddr).Port)
	}
	win, lose := ports[0], ports[1]
	src, err := os.ReadFile("../../examples/hello/app.go")
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("HOME", t.TempDir())
	t.Setenv("GOST_SERVER_ADDRESS", "127.0.0.1")
	for _, test := range []struct {
		name, file, env string
		args            []string
	}{
		{"file", win, "", nil},
		{"env over file", lose, win, nil},
		{"flag over env", lose, lose, []string{"--server.port=" + win}},
	} {
		t.Run(test.name, func(t *testing.T) {
			app := t.TempDir()
			os.MkdirAll(filepath.Join(app, ".gost"), 0o755)
			os.WriteFile(filepath.Join(app, "app.go"), src, 0o644)
			os.WriteFile(filepath.Join(app, ".gost", "config.toml"), []byte("[server]\nport = "+test.file+"\nheadless = true\n"), 0o644)
			if test.env != "" {
				t.Setenv("GOST_SERVER_PORT", test.env)
			}
			// Were the port not taken from them, gost run would serve: the
			// timeout ends that.
			ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
			defer cancel()
			var stdout, stderr bytes.Buffer
			args := append([]string{"gost", "run", app}, test.args...)
			if code := run(ctx, args, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), "port "+win+" is already in use") {
				t.Errorf("exit %d, stderr %q; want port %s busy", code, stderr.String(), win)
			}
		})
	}
}
