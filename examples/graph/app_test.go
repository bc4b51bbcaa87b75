package main

// End to end in a headless chromium: login at the development OpenID
// Provider, then Graph's /me from a local resource server that checks the
// access token as Graph does (signature against the provider's keys,
// audience, expiry), across a refresh of the token.

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"

	"github.com/gost-dev/gost/internal/browsertest"
	"github.com/gost-dev/gost/runtime"
	"github.com/gost-dev/gost/runtime/auth"
	"github.com/gost-dev/gost/runtime/auth/devprovider"
)

func TestMain(m *testing.M) { os.Exit(browsertest.Main(m)) }

const graphAudience = "https://graph.local"

// graph stands in for Microsoft Graph: /v1.0/me for a valid token.
type graph struct {
	dev      *devprovider.Provider
	verifier *oidc.IDTokenVerifier

	mu       sync.Mutex
	accepted []string // tokens accepted, in order
	refused  []string // why tokens were refused
}

func newGraph(t *testing.T, dev *devprovider.Provider) (*graph, *httptest.Server) {
	ctx := context.Background()
	keys := oidc.NewRemoteKeySet(ctx, dev.Issuer()+"/keys")
	g := &graph{dev: dev, verifier: oidc.NewVerifier(dev.Issuer(), keys, &oidc.Config{ClientID: graphAudience})}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1.0/me", g.me)
	ts := httptest.NewServer(mux)
	t.Cleanup(ts.Close)
	return g, ts
}

func (g *graph) me(w http.ResponseWriter, r *http.Request) {
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	// Signature (the provider's JWKS), issuer, audience and expiry.
	if _, err := g.verifier.Verify(r.Context(), token); !ok || err != nil {
		g.mu.Lock()
		g.refused = append(g.refused, err.Error())
		g.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		json.NewEncoder(w).Encode(map[string]any{"error": map[string]string{
			"code": "InvalidAuthenticationToken", "message": err.Error()}})
		return
	}
	g.mu.Lock()
	g.accepted = append(g.accepted, token)
	g.mu.Unlock()
	// Who the token is for, from the provider, as Graph knows its users.
	req, _ := http.NewRequestWithContext(r.Context(), "GET", g.dev.Issuer()+"/userinfo", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	var info struct{ Name, Email string }
	json.NewDecoder(resp.Body).Decode(&info)
	json.NewEncoder(w).Encode(map[string]string{"displayName": info.Name, "mail": info.Email,
		"userPrincipalName": info.Email, "jobTitle": "Analyst"})
}

func (g *graph) tokens() (accepted, refused []string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]string(nil), g.accepted...), append([]string(nil), g.refused...)
}

// serve serves App with login through a development provider whose
// access tokens live for lifetime, and Graph replaced by a local server.
func serve(t *testing.T, lifetime time.Duration) (string, *graph, string) {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	dev, err := devprovider.Start(context.Background(), devprovider.Options{Logger: log,
		AccessTokenLifetime: lifetime, APIAudience: graphAudience})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { dev.Close() })
	g, gs := newGraph(t, dev)
	srv := runtime.NewServer(App, runtime.Options{}, log)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	a := dev.SecretsFor(ts.URL + "/oauth2callback").Raw["auth"].(map[string]any)
	a["expose_tokens"] = "access"
	a["client_kwargs"] = map[string]any{"scope": "openid email profile offline_access"}
	srv.SetSecrets(auth.NewSecrets(map[string]any{"auth": a, "graph": map[string]any{"url": gs.URL + "/v1.0"}}, "test"), nil, 0)
	return ts.URL + "/", g, gs.URL + "/v1.0"
}

func TestProfileAcrossARefresh(t *testing.T) {
	t.Parallel()
	// expires_in has whole seconds: 6 s gives an expiry 4 to 5 s away,
	// renewed from 2.5 s before it.
	url, g, graphURL := serve(t, 6*time.Second)
	p := browsertest.New(t)
	p.Open(url)
	p.WaitText("Log in to see your profile")
	p.Click("Log in with Microsoft")
	p.WaitText("gost development login")
	p.Fill("Name", "Ada Lovelace")
	p.Fill("Email", "ada@example.com")
	p.Exec(`document.querySelector("form button[type=submit]").click()`)
	p.WaitText("Welcome, Ada Lovelace!")
	p.WaitText("Display name: Ada Lovelace")
	p.WaitText("Mail: ada@example.com")
	first, refused := g.tokens()
	if len(first) != 1 || len(refused) != 0 {
		t.Fatalf("Graph accepted %d tokens and refused %q after login; want 1 and none", len(first), refused)
	}

	// Graph really checks the audience: the same token, for an API with
	// another audience, is refused.
	other := oidc.NewVerifier(g.dev.Issuer(), oidc.NewRemoteKeySet(context.Background(), g.dev.Issuer()+"/keys"),
		&oidc.Config{ClientID: "https://other.api"})
	if _, err := other.Verify(context.Background(), first[0]); err == nil || !strings.Contains(err.Error(), "audience") {
		t.Errorf("a token for %s passed as one for another API: %v", graphAudience, err)
	}

	time.Sleep(3500 * time.Millisecond) // due for renewal, not expired
	p.Click("Refresh profile")
	waitFor(t, func() bool { a, _ := g.tokens(); return len(a) >= 2 })
	p.WaitText("Display name: Ada Lovelace")
	accepted, refused := g.tokens()
	if accepted[len(accepted)-1] == first[0] {
		t.Errorf("the token was not renewed before it expired")
	}
	if len(refused) != 0 || p.HasText("Graph answered") {
		t.Errorf("Graph refused a token: %q", refused)
	}

	// Graph really checks expiry: the first token, now expired (its exp
	// is 6 s after it was issued), is refused.
	time.Sleep(3 * time.Second)
	req, _ := http.NewRequest("GET", graphURL+"/me", nil)
	req.Header.Set("Authorization", "Bearer "+first[0])
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if _, refused := g.tokens(); resp.StatusCode != http.StatusUnauthorized || len(refused) != 1 || !strings.Contains(refused[0], "expired") {
		t.Errorf("Graph on an expired token: %s, refusals %q", resp.Status, refused)
	}
	// And the app, whose token gost keeps fresh, still gets the profile.
	p.Click("Refresh profile")
	n := len(accepted)
	waitFor(t, func() bool { a, _ := g.tokens(); return len(a) > n })
	if _, refused := g.tokens(); len(refused) != 1 {
		t.Errorf("the app sent Graph a refused token: %q", refused)
	}
}

func TestGraphChecksAudienceAndSignature(t *testing.T) {
	t.Parallel()
	_, g, graphURL := serve(t, time.Minute)
	for _, token := range []string{"not-a-jwt",
		// A well-formed JWT with the right audience, signed by nobody the
		// provider knows.
		"eyJhbGciOiJSUzI1NiIsImtpZCI6IngifQ.eyJpc3MiOiJ4IiwiYXVkIjoiaHR0cHM6Ly9ncmFwaC5sb2NhbCIsImV4cCI6OTk5OTk5OTk5OX0.c2ln"} {
		req, _ := http.NewRequest("GET", graphURL+"/me", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("Graph accepted %q: %s", token, resp.Status)
		}
	}
	if a, _ := g.tokens(); len(a) != 0 {
		t.Errorf("Graph accepted forged tokens: %q", a)
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatal("timed out")
}
