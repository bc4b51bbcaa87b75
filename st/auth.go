package st

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

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

// LoginWithHint is [Ctx.Login] with hints for the provider: loginHint
// preselects the account (an email, e.g. one the app already knows) and
// domainHint sends Microsoft Entra users straight to their organization's
// sign-in (e.g. "contoso.com"). Empty hints are left out; they override
// client_kwargs for this login.
//
//	st.Button("Log in", st.OnClick(st.LoginWithHint, "microsoft", "", "contoso.com"))
func (c *Ctx) LoginWithHint(provider, loginHint, domainHint string) {
	h, ok := c.run.Host().(interface {
		LoginURLWithHints(provider string, hints map[string]string) (string, error)
	})
	if !ok {
		c.Exception(errors.New("st.LoginWithHint: this app has no login configured"))
		return
	}
	hints := map[string]string{}
	if loginHint != "" {
		hints["login_hint"] = loginHint
	}
	if domainHint != "" {
		hints["domain_hint"] = domainHint
	}
	url, err := h.LoginURLWithHints(provider, hints)
	if err != nil {
		c.Exception(fmt.Errorf("st.LoginWithHint: %w", err))
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

// LogoutEverywhere logs the user out of this app in every browser they
// use, then logs this one out like [Ctx.Logout]. Their other browsers'
// identity cookies are refused from now on; open tabs served by this
// server show the login screen at once, tabs on other replicas at their
// next reconnect. It is meant as a callback:
//
//	st.Button("Log out everywhere", st.OnClick(st.LogoutEverywhere))
func (c *Ctx) LogoutEverywhere() {
	h, ok := c.run.Host().(interface{ LogoutEverywhereURL() (string, error) })
	if !ok {
		c.Exception(errors.New("st.LogoutEverywhere: this app has no login configured"))
		return
	}
	url, err := h.LogoutEverywhereURL()
	if err != nil {
		c.Exception(fmt.Errorf("st.LogoutEverywhere: %w", err))
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
	Provider          string // the [auth.<name>] the user logged in with; "default" for the top-level keys
	Claims            map[string]any
	Tokens            Tokens

	// Roles are the user's app roles: Microsoft Entra's "roles" claim, and
	// the shapes of Keycloak, Zitadel, Okta and Auth0.
	Roles []string
	// Groups are the user's groups: Entra's "groups" (object ids, or names
	// when the app registration says so), Okta's and Keycloak's "groups",
	// Cognito's "cognito:groups".
	Groups []string
	// GroupsOverage means the user is in too many groups for the token
	// (Entra: over 200): Groups is empty and the provider pointed to
	// GroupsSource instead; read the groups from Microsoft Graph
	// (/me/memberOf) with the user's access token.
	GroupsOverage bool
	GroupsSource  string
	// ClaimProblems describes roles or groups claims of the wrong type,
	// which were ignored.
	ClaimProblems []string

	tokens tokenSource // nil when the host cannot refresh
	key    string      // the login, for tokens
}

// Tokens holds the tokens the provider issued, when the [auth] section's
// expose_tokens asks for them. Access is valid when st.User returns it
// (renewed with the refresh token when it was about to expire); for a
// long call use [User.AccessToken], which renews it again when needed.
type Tokens struct {
	ID     string
	Access string
}

// tokenSource is what the runtime offers for fresh access tokens.
type tokenSource interface {
	AccessToken(ctx context.Context, key string) (string, error)
}

// userTokenTimeout bounds the refresh st.User may do.
const userTokenTimeout = 10 * time.Second

// User returns who is logged in to this session. With expose_tokens =
// "access" and the offline_access scope, Tokens.Access is renewed before
// it expires; if the provider refuses the renewal, the user is logged out
// with a message at the next run and Tokens.Access is empty.
func (c *Ctx) User() User {
	u := c.run.User()
	out := c.who()
	if ts, ok := c.run.Host().(tokenSource); ok && u.LoggedIn {
		out.tokens = ts
		if u.AccessToken != "" {
			ctx, cancel := context.WithTimeout(context.Background(), userTokenTimeout)
			out.Tokens.Access, _ = ts.AccessToken(ctx, u.Key)
			cancel()
		}
	}
	return out
}

// who is [Ctx.User] without renewing the access token: enough to know
// who may see what, without a call to the provider.
func (c *Ctx) who() User {
	u := c.run.User()
	out := userOf(u.Claims)
	out.IsLoggedIn = u.LoggedIn
	out.Provider = u.Provider
	out.Tokens = Tokens{ID: u.IDToken, Access: u.AccessToken}
	out.Roles, out.Groups = slices.Clone(u.Roles), slices.Clone(u.Groups)
	out.GroupsOverage, out.GroupsSource = u.GroupsOverage, u.GroupsSource
	out.ClaimProblems = slices.Clone(u.ClaimProblems)
	out.key = u.Key
	return out
}

// HasRole reports whether the user is logged in with the app role.
func (u User) HasRole(role string) bool { return u.IsLoggedIn && slices.Contains(u.Roles, role) }

// RequireRole stops the run unless the user has the app role, showing
// why in its place: to log in, or that they are not allowed (with the
// provider's claim problem, if the roles could not be read). Put it at the
// top of an App or a page:
//
//	st.RequireRole("admin")
//	st.Title("Admin")
func (c *Ctx) RequireRole(role string) {
	u := c.User()
	if u.HasRole(role) {
		return
	}
	c.Error(whyNotAllowed(u, []string{role}))
	c.Stop()
}

// whyNotAllowed says why u, who has none of roles, may not see a page: to
// log in, the provider's claim problem, or that they lack the roles.
func whyNotAllowed(u User, roles []string) string {
	quoted := make([]string, len(roles))
	for i, r := range roles {
		quoted[i] = fmt.Sprintf("%q", r)
	}
	which := "the role " + quoted[0]
	if len(roles) > 1 {
		which = "one of the roles " + strings.Join(quoted, ", ")
	}
	switch {
	case !u.IsLoggedIn:
		return fmt.Sprintf("Not allowed: this page is for users with %s. Please log in.", which)
	case len(u.ClaimProblems) > 0:
		return fmt.Sprintf("Not allowed: this page is for users with %s, and your roles could not be read (%s).",
			which, strings.Join(u.ClaimProblems, "; "))
	case len(roles) > 1:
		return fmt.Sprintf("Not allowed: this page is for users with %s, none of which %s has.", which, cmp.Or(u.Name, u.Email, "your account"))
	default:
		return fmt.Sprintf("Not allowed: this page is for users with %s, which %s does not have.", which, cmp.Or(u.Name, u.Email, "your account"))
	}
}

// AccessToken returns an access token that is valid now, renewing it with
// the refresh token when it is about to expire. It needs expose_tokens to
// include "access", and the scope offline_access for renewals
// (client_kwargs = { scope = "openid email profile offline_access" }).
// When the provider refuses the renewal, or the token expired while the
// provider was down, the error says so and the user is logged out with a
// message.
func (u User) AccessToken(ctx context.Context) (string, error) {
	if !u.IsLoggedIn {
		return "", errors.New("st: AccessToken: nobody is logged in")
	}
	if u.tokens == nil {
		if u.Tokens.Access == "" {
			return "", errors.New("st: AccessToken: no access token (is \"access\" in expose_tokens?)")
		}
		return u.Tokens.Access, nil
	}
	return u.tokens.AccessToken(ctx, u.key)
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
