package runtime

import (
	"net/netip"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestReadConfig(t *testing.T) {
	for _, test := range []struct {
		name     string
		files    map[string]string
		want     Config
		wantErrs []string // each must appear in one error
	}{
		{"none", nil, Config{}, nil},
		{"every key", map[string]string{"app/.gost/config.toml": `
[server]
allowedHosts = ["App.Example.com", ".corp.example", "[::1]", "*.wild.example"]
frameAncestors = ["https://intranet.example.com", "https://*.corp.example:8443", "https:"]
trustedProxies = ["10.0.0.0/8", "192.0.2.1", "::ffff:192.0.2.2", "fd00::/8"]
[runner]
maxRunSeconds = 5
`}, Config{
			AllowedHosts:   []string{"app.example.com", ".corp.example", "::1", ".wild.example"},
			FrameAncestors: []string{"https://intranet.example.com", "https://*.corp.example:8443", "https:"},
			TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("192.0.2.1/32"), netip.MustParsePrefix("192.0.2.2/32"), netip.MustParsePrefix("fd00::/8")},
			MaxRun:         5 * time.Second,
		}, nil},
		{"fractional seconds", map[string]string{"app/.streamlit/config.toml": "[runner]\nmaxRunSeconds = 0.5\n"}, Config{MaxRun: 500 * time.Millisecond}, nil},
		{"zero turns the report off", map[string]string{"app/.gost/config.toml": "[runner]\nmaxRunSeconds = 0\n"}, Config{MaxRun: -1}, nil},
		{"app over home", map[string]string{
			"home/.gost/config.toml": "[server]\nallowedHosts = [\"home.example\"]\ntrustedProxies = [\"10.0.0.1\"]\n",
			"app/.gost/config.toml":  "[server]\nallowedHosts = [\"app.example\"]\n",
		}, Config{AllowedHosts: []string{"app.example"}, TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.1/32")}}, nil},
		{"bad values are skipped and named", map[string]string{"app/.gost/config.toml": `
[server]
allowedHosts = ["https://app.example.com/", "ok.example"]
frameAncestors = ["intranet.example.com", "https://x.example/path", "https://ok.example"]
trustedProxies = ["10.0.0.0/33", "proxy.example", "10.0.0.0/8"]
[runner]
maxRunSeconds = -3
`}, Config{
			AllowedHosts:   []string{"ok.example"},
			FrameAncestors: []string{"https://ok.example"},
			TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")},
		}, []string{`"https://app.example.com/"`, `"intranet.example.com"`, `"https://x.example/path"`, `"10.0.0.0/33"`, `"proxy.example"`, "maxRunSeconds = -3"}},
		{"broken file", map[string]string{"app/.gost/config.toml": "[server\n"}, Config{}, []string{"config.toml"}},
	} {
		t.Run(test.name, func(t *testing.T) {
			root := t.TempDir()
			for name, content := range test.files {
				p := filepath.Join(root, name)
				os.MkdirAll(filepath.Dir(p), 0o755)
				if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			got, errs := readConfig(filepath.Join(root, "app"), filepath.Join(root, "home"))
			if !reflect.DeepEqual(got, test.want) {
				t.Errorf("got %+v\nwant %+v", got, test.want)
			}
			if len(errs) != len(test.wantErrs) {
				t.Errorf("errors %v, want %d", errs, len(test.wantErrs))
			}
			for _, w := range test.wantErrs {
				found := false
				for _, e := range errs {
					found = found || strings.Contains(e.Error(), w)
				}
				if !found {
					t.Errorf("no error mentions %s: %v", w, errs)
				}
			}
		})
	}
}

func TestMaxRunDefault(t *testing.T) {
	for _, test := range []struct {
		in, want time.Duration
	}{{0, DefaultMaxRun}, {-1, 0}, {time.Second, time.Second}} {
		if got := (Config{MaxRun: test.in}).maxRun(); got != test.want {
			t.Errorf("Config{MaxRun: %v}.maxRun() = %v, want %v", test.in, got, test.want)
		}
	}
}
