package auth_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gost-dev/gost/runtime/auth"
)

// fuzzService is a login layer whose provider is never reached: every
// forged input must be turned away before it would be.
func fuzzService(t testing.TB) *auth.Service {
	svc, err := auth.New(auth.NewSecrets(map[string]any{"auth": map[string]any{
		"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": testCookieSecret,
		"client_id": "gost", "client_secret": testClientSecret,
		"server_metadata_url": "http://127.0.0.1:1/.well-known/openid-configuration",
	}}, "fuzz"), auth.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

// FuzzCookiesAndRoutes sends the login, callback, logout and touch routes, and
// the websocket's Identify, forged cookies and queries. None may log the
// browser in, set an identity, send it off the app's origin, or echo a
// secret.
//
//	go test -run '^$' -fuzz FuzzCookiesAndRoutes -fuzztime 60s ./runtime/auth/
func FuzzCookiesAndRoutes(f *testing.F) {
	for _, s := range [][4]string{
		{"", "", "/auth/login", "provider=x"},
		{"AAAA", "cancelled", "/oauth2callback", "state=abc&code=1"},
		{"not-base64!", "provider", "/oauth2callback", "error=access_denied&state=s"},
		{strings.Repeat("A", 4000), "<script>", "/auth/logout", "token=" + strings.Repeat("B", 100)},
		{"eyJlIjo5OTk5OTk5OTk5LCJ2Ijp7fX0", "expired", "/oauth2callback", "state=" + strings.Repeat("s", 40)},
		{"", "", "/auth/login", "provider=%00%ff"},
		{"", "", "/oauth2callback", ""},
		{"eyJlIjo5OTk5OTk5OTk5LCJ2Ijp7fX0", "", "/auth/touch", ""},
	} {
		f.Add(s[0], s[1], s[2], s[3])
	}
	svc := fuzzService(f)
	h := svc.Handler()
	f.Fuzz(func(t *testing.T, identity, failure, path, query string) {
		r := httptest.NewRequest("GET", "http://localhost:8501/", nil)
		r.URL.Path, r.URL.RawQuery = path, query
		if path == "/auth/touch" { // a POST from the app's page
			r.Method = "POST"
			r.Header.Set("Origin", "http://localhost:8501")
		}
		r.Header.Set("Cookie", "gost_auth="+identity+"; gost_auth_error="+failure+"; gost_auth_flow_"+firstN(url.Values(r.URL.Query()).Get("state"), 16)+"="+identity)
		u, fail := svc.Identify(http.Header{}, r)
		if u.LoggedIn {
			t.Fatalf("forged cookie %q logged in as %+v", identity, u)
		}
		if fail != nil && strings.ContainsAny(fail.Message, "<>") && strings.Contains(failure, fail.Message) {
			t.Fatalf("the failure cookie's text reached the page: %q", fail.Message)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		res := w.Result()
		for _, c := range res.Cookies() {
			if c.Name == "gost_auth" && c.Value != "" {
				t.Fatalf("forged input set an identity cookie: %v", c)
			}
			if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode {
				t.Fatalf("cookie without HttpOnly or SameSite=Lax: %v", c)
			}
		}
		if loc := res.Header.Get("Location"); loc != "" && !strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//") {
			t.Fatalf("forged input redirected off the app: %q", loc)
		}
		body := w.Body.String()
		if strings.Contains(body, testCookieSecret) || strings.Contains(body, testClientSecret) {
			t.Fatal("a secret in the answer")
		}
	})
}

func firstN(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// FuzzSecrets feeds secrets.toml files and GOST_AUTH_ environment
// variables to LoadSecrets and the login configuration: never a panic,
// and never a secret's value in an error, which the page shows.
//
//	go test -run '^$' -fuzz FuzzSecrets -fuzztime 60s ./runtime/auth/
func FuzzSecrets(f *testing.F) {
	const secret = "s3cr3t-value-0123456789"
	for _, s := range [][2]string{
		{"[auth]\nredirect_uri = \"http://localhost:{port}/oauth2callback\"\ncookie_secret = \"" + secret + "\"\nclient_id = \"x\"\nclient_secret = \"" + secret + "\"\nserver_metadata_url = \"https://op.example/.well-known/openid-configuration\"\n", ""},
		{"[auth]\ncookie_secret = \"" + secret + "\"\nredirect_uri = 7\n", ""},
		{"api_key = \"" + secret + "\"\n[auth.google]\nclient_secret = \"" + secret + "\"\n", "GOST_AUTH_COOKIE_SECRET=" + secret},
		{"[auth\ncookie_secret = \"" + secret + "\"", ""},
		{"cookie_secret = \"" + secret + "\"\n[auth]\nexpose_tokens = [\"id\", 3]\ncookie_max_age = -1\n", "GOST_AUTH_EXPOSE_TOKENS=id,access"},
		{"", "GOST_AUTH_NOPE=" + secret},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, file, env string) {
		dir := t.TempDir()
		os.MkdirAll(filepath.Join(dir, ".streamlit"), 0o755)
		if err := os.WriteFile(filepath.Join(dir, ".streamlit", "secrets.toml"), []byte(file), 0o600); err != nil {
			t.Fatal(err)
		}
		s, err := auth.LoadSecrets(dir, "", strings.Split(env, "\n"))
		if err != nil {
			if strings.Contains(err.Error(), secret) {
				t.Fatalf("the error shows a secret: %v", err)
			}
			return
		}
		svc, err := auth.New(s, auth.Options{Port: 8501})
		if err != nil {
			return
		}
		if _, err := svc.LoginURL(""); err != nil && strings.Contains(err.Error(), secret) {
			t.Fatalf("the login error shows a secret: %v", err)
		}
	})
}
