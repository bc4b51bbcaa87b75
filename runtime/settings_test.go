package runtime

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/gost-dev/gost/internal/devloop"
	"github.com/gost-dev/gost/runtime/auth"
)

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// Serve takes its address from the environment and [server]
// maxMessageSize from config.toml: a message under the configured limit
// (and over the default 1 MB) is served, one over it closes the
// connection with 1009.
func TestServeUsesEnvAndMaxMessageSize(t *testing.T) {
	dir := writeFiles(t, map[string]string{".gost/config.toml": "[server]\nmaxMessageSize = 2\n"})
	port := freePort(t)
	t.Setenv(devloop.AppDirEnv, dir)
	t.Setenv("HOME", t.TempDir())
	t.Setenv("GOST_SERVER_ADDRESS", "127.0.0.1")
	t.Setenv("GOST_SERVER_PORT", fmt.Sprint(port))
	t.Setenv("GOST_SERVER_HEADLESS", "true")
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- Serve(ctx, counterApp, Options{}) }()
	defer func() {
		cancel()
		if err := <-errc; err != nil {
			t.Errorf("Serve: %v", err)
		}
	}()
	origin := fmt.Sprintf("http://127.0.0.1:%d", port)
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, err := http.Get(origin + "/healthz")
		if err == nil {
			resp.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no server on GOST_SERVER_PORT %d: %v", port, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	send := func(size int) error {
		ws, _, err := websocket.DefaultDialer.Dial("ws://127.0.0.1:"+fmt.Sprint(port)+"/_gost/stream", http.Header{"Origin": {origin}})
		if err != nil {
			t.Fatal(err)
		}
		defer ws.Close()
		ws.WriteMessage(websocket.TextMessage, []byte(`{"t":"hello","v":1,"query":"`+strings.Repeat("x", size)+`"}`))
		ws.SetReadDeadline(time.Now().Add(10 * time.Second))
		for {
			_, data, err := ws.ReadMessage()
			if err != nil {
				return err
			}
			if bytes.Contains(data, []byte(`"t":"done"`)) {
				return nil
			}
		}
	}
	if err := send(3 << 19); err != nil { // 1.5 MB
		t.Errorf("1.5 MB message with maxMessageSize = 2: %v", err)
	}
	if err := send(5 << 19); !websocket.IsCloseError(err, websocket.CloseMessageTooBig) { // 2.5 MB
		t.Errorf("2.5 MB message: %v, want close 1009", err)
	}
}

// writeFiles writes files (path under root → content) and returns root.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, content := range files {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// Flags beat the environment, which beats the app's files, which beat the
// home's; each key on its own.
func TestSettingsPrecedence(t *testing.T) {
	root := writeFiles(t, map[string]string{
		"home/.streamlit/config.toml": "[server]\nport = 1001\naddress = \"home-st\"\nbaseUrlPath = \"home\"\nheadless = true\nmaxUploadSize = 5\n",
		"home/.gost/config.toml":      "[server]\nport = 1002\naddress = \"home-gost\"\n",
		"app/.streamlit/config.toml":  "[server]\nport = 1003\n",
		"app/.gost/config.toml":       "[server]\n\nport = 1004\nheadless = true\n",
	})
	app, home := filepath.Join(root, "app"), filepath.Join(root, "home")
	for _, test := range []struct {
		name string
		env  []string
		args []string
		want Options
		from map[string]string // key → source suffix
	}{
		{"files", nil, nil,
			Options{Port: 1004, Address: "home-gost", BaseURLPath: "home", Headless: true},
			map[string]string{"server.port": "app/.gost/config.toml:3", "server.address": "home/.gost/config.toml:3", "server.baseUrlPath": "home/.streamlit/config.toml:4", "server.maxUploadSize": "home/.streamlit/config.toml:6"}},
		{"env over files", []string{"GOST_SERVER_PORT=2000", "GOST_SERVER_BASE_URL_PATH=env", "GOST_SERVER_HEADLESS=false", "OTHER=1"}, nil,
			Options{Port: 2000, Address: "home-gost", BaseURLPath: "env"},
			map[string]string{"server.port": "env GOST_SERVER_PORT", "server.baseUrlPath": "env GOST_SERVER_BASE_URL_PATH", "server.headless": "env GOST_SERVER_HEADLESS"}},
		{"flags over env", []string{"GOST_SERVER_PORT=2000", "GOST_SERVER_ADDRESS=0.0.0.0"}, []string{"--server.port=3000", "--server.headless=false"},
			Options{Port: 3000, Address: "0.0.0.0", BaseURLPath: "home"},
			map[string]string{"server.port": "flag --server.port", "server.address": "env GOST_SERVER_ADDRESS", "server.headless": "flag --server.headless"}},
	} {
		t.Run(test.name, func(t *testing.T) {
			flags, _, set, err := parseArgs(test.args)
			if err != nil {
				t.Fatal(err)
			}
			s, err := loadSettings(app, home, test.env, &flags, set)
			if err != nil {
				t.Fatal(err)
			}
			if got := s.options(); got != test.want {
				t.Errorf("options %+v, want %+v", got, test.want)
			}
			for key, want := range test.from {
				if got := filepath.ToSlash(s.source(key)); !strings.HasSuffix(got, want) {
					t.Errorf("%s from %q, want …%s", key, got, want)
				}
			}
		})
	}
}

// Every key has its environment variable, named as Streamlit names its own.
func TestEnvNames(t *testing.T) {
	for key, want := range map[string]string{
		"server.port":                    "GOST_SERVER_PORT",
		"server.baseUrlPath":             "GOST_SERVER_BASE_URL_PATH",
		"server.enableCORS":              "GOST_SERVER_ENABLE_CORS",
		"server.enableXsrfProtection":    "GOST_SERVER_ENABLE_XSRF_PROTECTION",
		"server.maxUploadSize":           "GOST_SERVER_MAX_UPLOAD_SIZE",
		"theme.secondaryBackgroundColor": "GOST_THEME_SECONDARY_BACKGROUND_COLOR",
		"client.showSidebarNavigation":   "GOST_CLIENT_SHOW_SIDEBAR_NAVIGATION",
		"logger.level":                   "GOST_LOGGER_LEVEL",
	} {
		if got := envName(key); got != want {
			t.Errorf("envName(%q) = %s, want %s", key, got, want)
		}
	}
	// And each variable sets its key.
	var c fileConfig
	for _, l := range c.leaves() {
		value := map[string]string{"int": "7", "bool": "true", "float64": "1.5", "[]string": "a.example, b.example", "time.Duration": "30s"}[l.field.Type().Elem().String()]
		if value == "" {
			value = "x"
		}
		s, err := loadSettings("", "", []string{envName(l.key) + "=" + value}, nil, nil)
		if err != nil {
			t.Fatalf("%s: %v", envName(l.key), err)
		}
		if s.source(l.key) != "env "+envName(l.key) {
			t.Errorf("%s did not set %s: %q", envName(l.key), l.key, s.source(l.key))
		}
	}
}

// A key gost does not read is a warning with the file and line; the rest
// of the file applies.
func TestUnknownKeysWarnWithFileAndLine(t *testing.T) {
	root := writeFiles(t, map[string]string{".streamlit/config.toml": `# Streamlit's
[server]
port = 8600
fileWatcherType = "poll"

[browser]
gatherUsageStats = false
`})
	s, err := loadSettings(root, "", []string{"GOST_SERVER_PROT=1", "GOST_AUTH_CLIENT_ID=x"}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(root, ".streamlit", "config.toml")
	want := []string{
		f + ":4: unknown key server.fileWatcherType",
		f + ":7: unknown key browser.gatherUsageStats",
		"env GOST_SERVER_PROT: unknown variable",
	}
	if len(s.warnings) != len(want) {
		t.Errorf("warnings %q, want %d", s.warnings, len(want))
	}
	for _, w := range want {
		found := false
		for _, got := range s.warnings {
			found = found || strings.HasPrefix(got, w)
		}
		if !found {
			t.Errorf("no warning %q in %q", w, s.warnings)
		}
	}
	if s.options().Port != 8600 {
		t.Errorf("port %d, want the file's 8600", s.options().Port)
	}
}

// A file that is not TOML, or has a value of the wrong type, or an
// environment variable that is not its key's type, is an error with the
// place, and no settings at all.
func TestMalformedConfigIsAnError(t *testing.T) {
	for _, test := range []struct {
		name, file string
		env        []string
		want       string // with FILE replaced
	}{
		{"not toml", "[server]\nport = 8600\nheadless = yes\n", nil, "FILE:3:"},
		{"wrong type", "[server]\nport = 8600\n\nallowedHosts = \"one.example\"\n", nil, "FILE:4:"},
		{"env", "", []string{"GOST_SERVER_PORT=eighty"}, `env GOST_SERVER_PORT="eighty": want an integer for server.port`},
		{"secret env", "", []string{"GOST_SERVER_COOKIE_SECRET=x"}, ""}, // a string: fine
	} {
		t.Run(test.name, func(t *testing.T) {
			root := writeFiles(t, map[string]string{".gost/config.toml": test.file})
			s, err := loadSettings(root, "", test.env, nil, nil)
			want := strings.ReplaceAll(test.want, "FILE", filepath.Join(root, ".gost", "config.toml"))
			if want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), want) || s != nil {
				t.Errorf("got %v, %v; want no settings and an error with %q", s, err, want)
			}
		})
	}
}

// Serve does not start with a malformed config.toml, and says where.
func TestServeRefusesAMalformedConfig(t *testing.T) {
	dir := writeFiles(t, map[string]string{".gost/config.toml": "[server]\nrunOnSave = true\nport = \"x\n"})
	t.Setenv(devloop.AppDirEnv, dir)
	t.Setenv("HOME", t.TempDir())
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := Serve(ctx, counterApp, Options{Address: "127.0.0.1", Port: freePort(t), Headless: true})
	if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, ".gost", "config.toml")+":3") {
		t.Errorf("Serve = %v, want the file and line", err)
	}
}

// Values of the right type that make no sense are reported with their
// source and left at their defaults; false for enableCORS and
// enableXsrfProtection is a warning, since gost's Origin checks stay.
func TestSettingsCheck(t *testing.T) {
	root := writeFiles(t, map[string]string{".gost/config.toml": "[server]\nmaxUploadSize = 0\nmaxMessageSize = 4\nenableCORS = false\nenableXsrfProtection = true\n[logger]\nlevel = \"loud\"\nformat = \"json\"\n"})
	s, err := loadSettings(root, "", []string{"GOST_SERVER_PORT=70000"}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	errs := s.check()
	f := filepath.Join(root, ".gost", "config.toml")
	for _, want := range []string{f + ":2: [server] maxUploadSize = 0", f + ":7: [logger] level = \"loud\"", "env GOST_SERVER_PORT: [server] port = 70000"} {
		found := false
		for _, e := range errs {
			found = found || strings.Contains(e.Error(), want)
		}
		if !found {
			t.Errorf("no error %q in %v", want, errs)
		}
	}
	if len(errs) != 3 {
		t.Errorf("%d errors, want 3: %v", len(errs), errs)
	}
	if s.Server.MaxUploadSize != nil || s.Server.Port != nil || s.Logger.Level != nil {
		t.Error("bad values kept")
	}
	if got := s.maxMessageBytes(); got != 4<<20 {
		t.Errorf("maxMessageBytes %d, want 4 MB", got)
	}
	if len(s.warnings) != 1 || !strings.Contains(s.warnings[0], f+":4: server.enableCORS = false is ignored") {
		t.Errorf("warnings %q", s.warnings)
	}
	// [logger] format = "json" gives JSON lines.
	var buf bytes.Buffer
	s.logger(&buf).Info("hello", "k", 1)
	var line map[string]any
	if err := json.Unmarshal(buf.Bytes(), &line); err != nil || line["msg"] != "hello" || line["level"] != "INFO" {
		t.Errorf("json log %q: %v", buf.String(), err)
	}
	buf.Reset()
	lvl := "error"
	s.Logger.Level, s.Logger.Format = &lvl, nil
	s.logger(&buf).Warn("quiet")
	s.logger(&buf).Error("loud")
	if got := buf.String(); strings.Contains(got, "quiet") || !strings.Contains(got, "level=ERROR msg=loud") {
		t.Errorf("level error, text: %q", got)
	}
}

// show prints every key with its source, and masks secrets wherever they
// came from.
func TestSettingsShow(t *testing.T) {
	root := writeFiles(t, map[string]string{".gost/config.toml": "[server]\nport = 8600\ncookieSecret = \"file-secret-0123456789\"\n[theme]\nprimaryColor = \"#ff4b4b\"\n[nope]\nx = 1\n"})
	flags := Options{Headless: true}
	s, err := loadSettings(root, "", []string{"GOST_SERVER_ALLOWED_HOSTS=a.example,b.example"}, &flags, nil)
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if err := s.show(&out); err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(root, ".gost", "config.toml")
	for _, want := range []string{
		"[server]\n",
		"port = 8600  # " + f + ":2\n",
		"headless = true  # flag --server.headless\n",
		`cookieSecret = "********"  # ` + f + ":3\n",
		`allowedHosts = ["a.example", "b.example"]  # env GOST_SERVER_ALLOWED_HOSTS` + "\n",
		"# address = \"\" (localhost)  # default\n",
		"[theme]\n",
		`primaryColor = "#ff4b4b"  # ` + f + ":5\n",
		"# warning: " + f + ":7: unknown key nope.x",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("show lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "file-secret") {
		t.Errorf("show prints the secret:\n%s", out.String())
	}
	// A secret from the environment is masked too.
	s, _ = loadSettings("", "", []string{"GOST_SERVER_COOKIE_SECRET=env-secret-0123456789"}, nil, nil)
	out.Reset()
	s.show(&out)
	if strings.Contains(out.String(), "env-secret") || !strings.Contains(out.String(), `cookieSecret = "********"  # env GOST_SERVER_COOKIE_SECRET`) {
		t.Errorf("show:\n%s", out.String())
	}
}

// [server] cookieSecret seals the login's cookies when secrets.toml's
// [auth] has no cookie_secret; the one of [auth] wins; without [auth]
// there is no login and nothing changes.
func TestCookieSecretFillsAuth(t *testing.T) {
	secret := "config-secret-0123456789abcdef"
	cfg, err := loadSettings("", "", []string{"GOST_SERVER_COOKIE_SECRET=" + secret}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, test := range []struct {
		name string
		raw  map[string]any
		want any // [auth] cookie_secret after, or nil for no [auth]
	}{
		{"filled", map[string]any{"auth": map[string]any{"client_id": "x"}}, secret},
		{"auth's own wins", map[string]any{"auth": map[string]any{"cookie_secret": "own-secret-0123456789abcdef"}}, "own-secret-0123456789abcdef"},
		{"no login", map[string]any{"db": map[string]any{"url": "x"}}, nil},
	} {
		t.Run(test.name, func(t *testing.T) {
			s := withCookieSecret(auth.NewSecrets(test.raw, "secrets.toml"), cfg)
			a, ok := s.Raw["auth"].(map[string]any)
			if test.want == nil {
				if ok {
					t.Errorf("an [auth] appeared: %v", a)
				}
				return
			}
			if a["cookie_secret"] != test.want {
				t.Errorf("cookie_secret %v, want %v", a["cookie_secret"], test.want)
			}
		})
	}
}

// The serving keys of config.toml reach the Options the server runs with,
// the grace as a duration string, as the flag takes it.
func TestServingKeysFromConfigFile(t *testing.T) {
	app := t.TempDir()
	if err := os.MkdirAll(filepath.Join(app, ".gost"), 0o755); err != nil {
		t.Fatal(err)
	}
	conf := "[server]\nshutdownGrace = \"3s\"\nsslCertFile = \"c.pem\"\nsslKeyFile = \"k.pem\"\nmetricsAddress = \"127.0.0.1:9090\"\n"
	if err := os.WriteFile(filepath.Join(app, ".gost", "config.toml"), []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := loadSettings(app, "", nil, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	o := s.options()
	if o.ShutdownGrace != 3*time.Second || o.SSLCertFile != "c.pem" || o.SSLKeyFile != "k.pem" || o.MetricsAddress != "127.0.0.1:9090" {
		t.Errorf("options from config.toml: %+v", o)
	}
	if len(s.warnings) != 0 {
		t.Errorf("warnings: %q", s.warnings)
	}
}

// [server] store comes from the file, the environment or the flag, in
// that order of strength, and gost config show never prints its password.
func TestStoreSetting(t *testing.T) {
	app := t.TempDir()
	if err := os.MkdirAll(filepath.Join(app, ".gost"), 0o755); err != nil {
		t.Fatal(err)
	}
	conf := "[server]\nstore = \"redis://:filepw@file:6379/0\"\nstoreOptional = true\n"
	if err := os.WriteFile(filepath.Join(app, ".gost", "config.toml"), []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		env   []string
		flags []string
		want  string
		from  string
	}{
		{"file", nil, nil, "redis://:filepw@file:6379/0", ".gost/config.toml:2"},
		{"env", []string{"GOST_SERVER_STORE=redis://:envpw@env:6379/1"}, nil, "redis://:envpw@env:6379/1", "env GOST_SERVER_STORE"},
		{"flag", []string{"GOST_SERVER_STORE=redis://:envpw@env:6379/1"}, []string{"--server.store=redis://:flagpw@flag:6379/2"}, "redis://:flagpw@flag:6379/2", "flag --server.store"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			flags, _, set, err := parseArgs(tc.flags)
			if err != nil {
				t.Fatal(err)
			}
			s, err := loadSettings(app, "", tc.env, &flags, set)
			if err != nil {
				t.Fatal(err)
			}
			o := s.options()
			if o.Store != tc.want || !o.StoreOptional {
				t.Errorf("Store, StoreOptional = %q, %v; want %q, true", o.Store, o.StoreOptional, tc.want)
			}
			if from := s.source("server.store"); !strings.HasSuffix(from, tc.from) {
				t.Errorf("source = %q, want it to end with %q", from, tc.from)
			}
			var b strings.Builder
			if err := s.show(&b); err != nil {
				t.Fatal(err)
			}
			if strings.Contains(b.String(), "pw@") {
				t.Errorf("config show prints the store's password:\n%s", b.String())
			}
			if !strings.Contains(b.String(), "store = \""+strings.Replace(tc.want, tc.name+"pw", "xxxxx", 1)+"\"") {
				t.Errorf("config show lacks the redacted store URL:\n%s", b.String())
			}
		})
	}
}
