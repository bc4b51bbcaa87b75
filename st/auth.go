package st

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"

	"github.com/gost-dev/gost/internal/script"
)

// Login sends the browser to log in with the OpenID provider configured in
// the [auth] section of secrets.toml, like st.login. With a name it uses
// the provider [auth.<name>]. It is meant as a callback:
//
//	st.Button("Log in with Microsoft", st.OnClick(st.Login))
//
// A configuration problem shows as an exception in the page.
func (c *Ctx) Login(provider ...string) {
	name := ""
	if len(provider) > 0 {
		name = provider[0]
	}
	h := c.run.Host()
	if h == nil {
		c.Exception(errors.New("st.Login: this app has no login configured"))
		return
	}
	url, err := h.LoginURL(name)
	if err != nil {
		c.Exception(fmt.Errorf("st.Login: %w", err))
		return
	}
	c.run.Redirect(url)
}

// Logout logs the user out of this app (and, where the provider offers it,
// out of the provider), like st.logout. Other tabs of the same browser log
// out too.
func (c *Ctx) Logout() {
	h := c.run.Host()
	if h == nil {
		return
	}
	url, err := h.LogoutURL()
	if err != nil {
		c.Exception(fmt.Errorf("st.Logout: %w", err))
		return
	}
	c.run.SetUser(script.User{})
	c.run.Redirect(url)
}

// User is who is logged in, like st.user: the claims of the ID token the
// provider issued, with the common ones as fields.
type User struct {
	IsLoggedIn        bool
	Name              string
	Email             string
	PreferredUsername string
	Subject           string // "sub"
	OID               string // Microsoft Entra's object id ("oid"): the stable id of the user across apps of a tenant
	TID               string // Microsoft Entra's tenant id ("tid")
	Provider          string // the [auth.<name>] the user logged in with; "" for the default
	Claims            map[string]any
	Tokens            Tokens
}

// Tokens holds the tokens the provider issued, when the [auth] section's
// expose_tokens asks for them.
type Tokens struct {
	ID     string
	Access string
}

// User returns who is logged in to this session.
func (c *Ctx) User() User {
	u := c.run.User()
	out := userOf(u.Claims)
	out.IsLoggedIn = u.LoggedIn
	out.Provider = u.Provider
	out.Tokens = Tokens{ID: u.IDToken, Access: u.AccessToken}
	return out
}

func userOf(claims map[string]any) User {
	str := func(k string) string { s, _ := claims[k].(string); return s }
	return User{
		Name:              str("name"),
		Email:             str("email"),
		PreferredUsername: str("preferred_username"),
		Subject:           str("sub"),
		OID:               str("oid"),
		TID:               str("tid"),
		Claims:            maps.Clone(claims),
	}
}

// MarshalJSON shows the user the way st.user shows in Streamlit: every claim,
// plus is_logged_in. Tokens are left out.
func (u User) MarshalJSON() ([]byte, error) {
	m := maps.Clone(u.Claims)
	if m == nil {
		m = map[string]any{}
	}
	m["is_logged_in"] = u.IsLoggedIn
	return json.Marshal(m)
}

// Secrets returns the sections of secrets.toml other than [auth], for the
// app's own use (API keys, database URLs). A malformed file shows as an
// exception in the page and gives an empty map.
func (c *Ctx) Secrets() map[string]any {
	h := c.run.Host()
	if h == nil {
		return map[string]any{}
	}
	s, err := h.Secrets()
	if err != nil {
		c.Exception(fmt.Errorf("st.Secrets: %w", err))
		return map[string]any{}
	}
	return s
}
