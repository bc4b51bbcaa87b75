// An app that calls Microsoft Graph as the signed-in user: after login it
// shows the user's Graph profile (/me), fetched with their access token,
// which gost renews with the refresh token before it expires.
//
// With Microsoft Entra, in .gost/secrets.toml (see secrets.toml.example):
//
//	[auth]
//	expose_tokens = "access"
//	client_kwargs = { scope = "openid email profile offline_access User.Read" }
//
// Without an Azure account the tests stand a local resource server in for
// Graph (app_test.go); [graph] url in secrets.toml points the app at it.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/gost-dev/gost/st"
)

// defaultGraph is Microsoft Graph's v1.0 endpoint.
const defaultGraph = "https://graph.microsoft.com/v1.0"

// profile is the part of Graph's user resource the app shows.
type profile struct {
	DisplayName       string `json:"displayName"`
	Mail              string `json:"mail"`
	UserPrincipalName string `json:"userPrincipalName"`
	JobTitle          string `json:"jobTitle"`
}

func App(st *st.Ctx) {
	st.Title("My Microsoft Graph profile")
	u := st.User()
	if !u.IsLoggedIn {
		st.Text("Log in to see your profile as Microsoft Graph knows it.")
		st.Button("Log in with Microsoft", st.OnClick(st.Login))
		return
	}
	st.Header(fmt.Sprintf("Welcome, %s!", u.Name))
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	me, err := fetchMe(ctx, u, graphURL(st))
	if err != nil {
		st.Error(err.Error())
	} else {
		st.Subheader("Profile")
		st.Text("Display name: " + me.DisplayName)
		st.Text("Mail: " + me.Mail)
		if me.JobTitle != "" {
			st.Text("Job title: " + me.JobTitle)
		}
	}
	st.Button("Refresh profile")
	st.Button("Log out", st.OnClick(st.Logout))
}

// graphURL is [graph] url from secrets.toml, or Graph itself.
func graphURL(st *st.Ctx) string {
	if g, ok := st.Secrets()["graph"].(map[string]any); ok {
		if u, ok := g["url"].(string); ok && u != "" {
			return u
		}
	}
	return defaultGraph
}

// fetchMe calls GET /me with the user's access token, renewed by gost if
// it was about to expire.
func fetchMe(ctx context.Context, u st.User, base string) (*profile, error) {
	if err := checkBase(base); err != nil {
		return nil, err
	}
	token, err := u.AccessToken(ctx)
	if err != nil {
		return nil, fmt.Errorf("no access token for Graph: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/me", nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("Graph is unreachable: %w", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode != http.StatusOK {
		var e struct {
			Error struct{ Code, Message string } `json:"error"`
		}
		json.Unmarshal(body, &e)
		return nil, fmt.Errorf("Graph answered %s: %s %s", resp.Status, e.Error.Code, e.Error.Message)
	}
	var me profile
	if err := json.Unmarshal(body, &me); err != nil {
		return nil, fmt.Errorf("Graph's answer is not a profile: %w", err)
	}
	return &me, nil
}

// checkBase keeps the token from going anywhere but https (or a loopback
// stand-in for Graph in development).
func checkBase(base string) error {
	u, err := url.Parse(base)
	if err != nil || u.Host == "" {
		return errors.New(`[graph] url in secrets.toml is not a URL such as "https://graph.microsoft.com/v1.0"`)
	}
	if u.Scheme == "https" {
		return nil
	}
	if ip := net.ParseIP(u.Hostname()); u.Scheme == "http" && (u.Hostname() == "localhost" || (ip != nil && ip.IsLoopback())) {
		return nil
	}
	return errors.New("[graph] url in secrets.toml must be https (http only on loopback): the access token is a secret")
}
