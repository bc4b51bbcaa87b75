package auth

import (
	"bytes"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

const (
	secretValue = "s3cr3t-value-that-must-never-leak"
	metaURL     = "https://login.microsoftonline.com/consumers/v2.0/.well-known/openid-configuration"
)

func validAuth() map[string]any {
	return map[string]any{
		"redirect_uri":        "http://localhost:{port}/oauth2callback",
		"cookie_secret":       secretValue + "-cookie",
		"client_id":           "client-id",
		"client_secret":       secretValue,
		"server_metadata_url": metaURL,
	}
}

func TestLoginURLConfigErrors(t *testing.T) {
	for _, test := range []struct {
		name     string
		edit     func(a map[string]any)
		provider string
		want     []string // substrings of the error
	}{
		{"missing redirect_uri", func(a map[string]any) { delete(a, "redirect_uri") }, "",
			[]string{`missing the "redirect_uri" key`, ".gost/secrets.toml"}},
		{"missing cookie_secret", func(a map[string]any) { delete(a, "cookie_secret") }, "",
			[]string{`missing the "cookie_secret" key`}},
		{"short cookie_secret", func(a map[string]any) { a["cookie_secret"] = "short" }, "",
			[]string{`"auth.cookie_secret"`, "too short"}},
		{"cookie_secret list with a short entry", func(a map[string]any) { a["cookie_secret"] = []any{secretValue + "-new", "short"} }, "",
			[]string{`"auth.cookie_secret"`, "entry 2 (of 2)", "too short"}},
		{"cookie_secret list with an empty entry", func(a map[string]any) { a["cookie_secret"] = []any{"", secretValue + "-old"} }, "",
			[]string{`"auth.cookie_secret"`, "entry 1 (of 2)", "empty"}},
		{"cookie_secret list with a blank entry", func(a map[string]any) { a["cookie_secret"] = []any{secretValue + "-new", "   "} }, "",
			[]string{"entry 2 (of 2)", "empty"}},
		{"cookie_secret list with a number", func(a map[string]any) { a["cookie_secret"] = []any{secretValue + "-new", int64(42)} }, "",
			[]string{"entry 2 (of 2)", "not a string"}},
		{"empty cookie_secret list", func(a map[string]any) { a["cookie_secret"] = []any{} }, "",
			[]string{`"auth.cookie_secret"`, "non-empty list"}},
		{"cookie_secret list with a repeat", func(a map[string]any) { a["cookie_secret"] = []any{secretValue + "-x", secretValue + "-x"} }, "",
			[]string{"entry 2 (of 2)", "repeat"}},
		{"idle timeout longer than max age", func(a map[string]any) { a["cookie_max_age"] = "1h"; a["cookie_idle_timeout"] = "2h" }, "",
			[]string{`"auth.cookie_idle_timeout"`, "at most cookie_max_age"}},
		{"logout_params not a table", func(a map[string]any) { a["logout_params"] = "x" }, "",
			[]string{`"auth.logout_params"`, "table"}},
		{"logout_params value not a string", func(a map[string]any) { a["logout_params"] = map[string]any{"x": int64(1)} }, "",
			[]string{`"auth.logout_params.x"`, "string"}},
		{"idle timeout not a duration", func(a map[string]any) { a["cookie_idle_timeout"] = "soon" }, "",
			[]string{`"auth.cookie_idle_timeout"`}},
		{"redirect_uri not absolute", func(a map[string]any) { a["redirect_uri"] = "/oauth2callback" }, "",
			[]string{`"auth.redirect_uri"`, "absolute"}},
		{"missing client keys", func(a map[string]any) { delete(a, "client_id"); delete(a, "client_secret") }, "",
			[]string{"default authentication provider", `["client_id", "client_secret"]`}},
		{"http metadata off loopback", func(a map[string]any) { a["server_metadata_url"] = "http://idp.example.com/x" }, "",
			[]string{`"auth.server_metadata_url"`}},
		{"bad expose_tokens", func(a map[string]any) { a["expose_tokens"] = "refresh" }, "",
			[]string{`"auth.expose_tokens"`, `only "id" and "access"`}},
		{"bad expose_tokens list", func(a map[string]any) { a["expose_tokens"] = []any{"id", 3} }, "",
			[]string{`"auth.expose_tokens"`}},
		{"bad cookie_max_age", func(a map[string]any) { a["cookie_max_age"] = "forever" }, "",
			[]string{`"auth.cookie_max_age"`}},
		{"unknown top key", func(a map[string]any) { a["clientid"] = "x" }, "",
			[]string{`"auth.clientid"`, "not a known key"}},
		{"non-string client_id", func(a map[string]any) { a["client_id"] = int64(5) }, "",
			[]string{`"auth.client_id"`, "non-empty string"}},
		{"bad kwargs", func(a map[string]any) { a["client_kwargs"] = map[string]any{"state": "x"} }, "",
			[]string{`"auth.client_kwargs.state"`}},
		{"kwargs scope without openid", func(a map[string]any) { a["client_kwargs"] = map[string]any{"scope": "email"} }, "",
			[]string{`"auth.client_kwargs.scope"`, "openid"}},
		{"plain PKCE", func(a map[string]any) { a["client_kwargs"] = map[string]any{"code_challenge_method": "plain"} }, "",
			[]string{"S256"}},
		{"unknown provider", func(a map[string]any) {}, "google",
			[]string{`missing for the authentication provider "google"`}},
		{"provider missing keys", func(a map[string]any) { a["google"] = map[string]any{"client_id": "x"} }, "google",
			[]string{`provider "google" are missing the following keys: ["client_secret", "server_metadata_url"]`}},
		{"provider with underscore", func(a map[string]any) { a["my_idp"] = map[string]any{} }, "my_idp",
			[]string{`"my_idp" in`, "contains an underscore"}},
		{"provider unknown key", func(a map[string]any) {
			a["google"] = map[string]any{"client_id": "x", "client_secret": secretValue, "server_metadata_url": metaURL, "authorize_url": "x"}
		}, "google", []string{`"auth.google.authorize_url"`}},
	} {
		t.Run(test.name, func(t *testing.T) {
			a := validAuth()
			test.edit(a)
			var logs bytes.Buffer
			svc, err := New(NewSecrets(map[string]any{"auth": a}, ".gost/secrets.toml"),
				Options{Port: 8501, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
			if err != nil {
				t.Fatalf("New failed on a config problem: %v", err)
			}
			_, err = svc.LoginURL(test.provider)
			var ce *ConfigError
			if !errors.As(err, &ce) {
				t.Fatalf("LoginURL error = %v, want a *ConfigError", err)
			}
			for _, w := range test.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if !strings.Contains(err.Error(), ".gost/secrets.toml") {
				t.Errorf("error %q does not name the file", err)
			}
			// A problem with the top-level keys is reported at start, in
			// the log, before anyone presses a login button.
			if strings.HasPrefix(ce.Key, "auth.cookie_") && !strings.Contains(logs.String(), ce.Key) {
				t.Errorf("New did not report %s at start; log:\n%s", ce.Key, logs.String())
			}
			for _, text := range []string{err.Error(), logs.String()} {
				if strings.Contains(text, secretValue) {
					t.Errorf("a secret leaked: %s", text)
				}
			}
		})
	}
}

func TestNotConfigured(t *testing.T) {
	for _, s := range []*Secrets{nil, NewSecrets(map[string]any{"db": map[string]any{"url": "x"}}, "f")} {
		svc, err := New(s, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if svc.Enabled() {
			t.Error("Enabled without [auth]")
		}
		if _, err := svc.LoginURL(""); !errors.Is(err, ErrNotConfigured) || !strings.Contains(err.Error(), "at least one authentication provider") {
			t.Errorf("LoginURL = %v, want ErrNotConfigured in Streamlit's words", err)
		}
	}
}

func TestValidConfig(t *testing.T) {
	a := validAuth()
	a["expose_tokens"] = []any{"id", "access"}
	a["cookie_max_age"] = "12h"
	a["client_kwargs"] = map[string]any{"prompt": "", "token_endpoint_auth_method": "client_secret_post"}
	c := parseConfig(NewSecrets(map[string]any{"auth": a}, "f"), 8600)
	if c.err != nil || c.providerErrs[defaultProvider] != nil {
		t.Fatalf("valid config rejected: %v %v", c.err, c.providerErrs)
	}
	p := c.providers[defaultProvider]
	if c.redirectURI != "http://localhost:8600/oauth2callback" || !c.exposeID || !c.exposeAccess || c.maxAge.Hours() != 12 {
		t.Errorf("config = %+v", c)
	}
	if p.params.Has("prompt") || strings.Join(p.scopes, " ") != "openid email profile" {
		t.Errorf("kwargs: params %v scopes %v; prompt = \"\" should drop the default", p.params, p.scopes)
	}
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestLoadSecretsPrecedence(t *testing.T) {
	home, dir := t.TempDir(), t.TempDir()
	write(t, filepath.Join(home, ".streamlit/secrets.toml"), "[auth]\nclient_id = \"home-streamlit\"\nredirect_uri = \"http://localhost:{port}/oauth2callback\"\n[db]\nurl = \"home\"\nuser = \"u\"\n")
	write(t, filepath.Join(home, ".gost/secrets.toml"), "[auth]\nclient_id = \"home-gost\"\ncookie_secret = \"home-cookie-secret-long-enough\"\n")
	write(t, filepath.Join(dir, ".streamlit/secrets.toml"), "[auth]\nclient_id = \"project-streamlit\"\n[db]\nurl = \"project\"\n")
	write(t, filepath.Join(dir, ".gost/secrets.toml"), "[auth]\nclient_secret = \"from-file\"\n[auth.google]\nclient_id = \"g\"\n")
	s, err := LoadSecrets(dir, home, []string{"PATH=/bin", "GOST_AUTH_CLIENT_SECRET=from-env", "GOST_AUTH_GOOGLE_CLIENT_SECRET=gs",
		"GOST_AUTH_EXPOSE_TOKENS=id, access"})
	if err != nil {
		t.Fatal(err)
	}
	auth := s.Raw["auth"].(map[string]any)
	db := s.Raw["db"].(map[string]any)
	for _, c := range []struct {
		got, want any
		source    string
		key       string
	}{
		{auth["client_id"], "project-streamlit", ".streamlit/secrets.toml", "auth.client_id"},
		{auth["cookie_secret"], "home-cookie-secret-long-enough", "~/.gost/secrets.toml", "auth.cookie_secret"},
		{auth["redirect_uri"], "http://localhost:{port}/oauth2callback", "~/.streamlit/secrets.toml", "auth.redirect_uri"},
		{auth["client_secret"], "from-env", "environment variable GOST_AUTH_CLIENT_SECRET", "auth.client_secret"},
		{auth["google"].(map[string]any)["client_secret"], "gs", "environment variable GOST_AUTH_GOOGLE_CLIENT_SECRET", "auth.google.client_secret"},
		{auth["google"].(map[string]any)["client_id"], "g", ".gost/secrets.toml", "auth.google.client_id"},
		{db["url"], "project", ".streamlit/secrets.toml", "db.url"},
		{db["user"], "u", "~/.streamlit/secrets.toml", "db.user"},
	} {
		if c.got != c.want || s.Source(c.key) != c.source {
			t.Errorf("%s = %v from %q, want %v from %q", c.key, c.got, s.Source(c.key), c.want, c.source)
		}
	}
	if len(s.Paths) != 4 {
		t.Errorf("Paths = %v, want the 4 files", s.Paths)
	}
	if e, ok := auth["expose_tokens"].([]any); !ok || len(e) != 2 || e[1] != "access" {
		t.Errorf("expose_tokens from env = %v", auth["expose_tokens"])
	}
}

func TestLoadSecretsErrors(t *testing.T) {
	dir := t.TempDir()
	if s, err := LoadSecrets(dir, "", nil); err != nil || len(s.Raw) != 0 {
		t.Errorf("no files: %v, %v; want empty secrets", s, err)
	}
	write(t, filepath.Join(dir, ".gost/secrets.toml"), "[auth]\nclient_id = \"x\"\ncookie_secret = "+secretValue+"\n")
	_, err := LoadSecrets(dir, "", nil)
	if err == nil || !strings.Contains(err.Error(), ".gost/secrets.toml line 3") || strings.Contains(err.Error(), secretValue[:3]) {
		t.Errorf("malformed file: %v; want the file and line, without the value", err)
	}
	if _, err := LoadSecrets(t.TempDir(), "", []string{"GOST_AUTH_BOGUS=" + secretValue}); err == nil ||
		!strings.Contains(err.Error(), "GOST_AUTH_BOGUS") || strings.Contains(err.Error(), secretValue) {
		t.Errorf("unknown env var: %v", err)
	}
}

func TestSealing(t *testing.T) {
	a, _ := newSealer([][]byte{[]byte("secret-a-0123456789")}, purposeIdentity)
	flow, _ := newSealer([][]byte{[]byte("secret-a-0123456789")}, purposeFlow)
	now := testNow()
	v, err := a.seal(map[string]string{"k": "v"}, now.Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]string
	if err := a.open(v, now, &out); err != nil || out["k"] != "v" {
		t.Errorf("round trip: %v %v", out, err)
	}
	if err := flow.open(v, now, &out); err == nil {
		t.Error("an identity value opened as a flow value")
	}
	if err := a.open(v, now.Add(time.Minute), &out); err == nil {
		t.Error("an expired value opened")
	}
	if strings.Contains(v, "k") && strings.Contains(v, "v\"") {
		t.Error("sealed value is not encrypted")
	}

	// Rotation: b lists a new secret first and a's after it. It opens a's
	// values (saying they are old) and seals its own with the new secret,
	// which a alone cannot open.
	b, _ := newSealer([][]byte{[]byte("secret-b-0123456789"), []byte("secret-a-0123456789")}, purposeIdentity)
	if old, err := b.openOld(v, now, &out); err != nil || !old || out["k"] != "v" {
		t.Errorf("rotated sealer on a value of the old secret: old=%v err=%v out=%v", old, err, out)
	}
	w, _ := b.seal(map[string]string{"k": "w"}, now.Add(time.Minute))
	if old, err := b.openOld(w, now, &out); err != nil || old || out["k"] != "w" {
		t.Errorf("rotated sealer on its own value: old=%v err=%v out=%v", old, err, out)
	}
	if err := a.open(w, now, &out); err == nil {
		t.Error("a value sealed with the new secret opened with the old one alone")
	}
	c, _ := newSealer([][]byte{[]byte("secret-c-0123456789")}, purposeIdentity)
	if err := c.open(v, now, &out); err == nil {
		t.Error("a value opened after its secret was dropped from the list")
	}
}

func testNow() time.Time { return time.Unix(1_800_000_000, 0) }

// TestExampleFile keeps secrets.toml.example loadable and makes sure its
// placeholders are refused rather than used.
func TestExampleFile(t *testing.T) {
	b, err := os.ReadFile("../../secrets.toml.example")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write(t, filepath.Join(dir, ".gost/secrets.toml"), string(b))
	s, err := LoadSecrets(dir, "", nil)
	if err != nil {
		t.Fatalf("example does not load: %v", err)
	}
	svc, _ := New(s, Options{Port: 8501})
	if _, err := svc.LoginURL(""); err == nil || !strings.Contains(err.Error(), "placeholder") {
		t.Errorf("LoginURL with the example's placeholders = %v, want the placeholder refused", err)
	}
}

func TestCookieSecretListFromEnv(t *testing.T) {
	s, err := LoadSecrets(t.TempDir(), "", []string{"GOST_AUTH_COOKIE_SECRET=new-secret-0123456789, old-secret-0123456789"})
	if err != nil {
		t.Fatal(err)
	}
	got := s.Raw["auth"].(map[string]any)["cookie_secret"]
	if want := []any{"new-secret-0123456789", "old-secret-0123456789"}; !reflect.DeepEqual(got, want) {
		t.Errorf("cookie_secret = %v, want the list %v", got, want)
	}
}
