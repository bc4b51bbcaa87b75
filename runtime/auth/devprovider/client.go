package devprovider

import (
	"net/url"
	"slices"
	"time"

	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// authRequest is one login in progress, as op sees it.
type authRequest struct {
	id       string
	created  time.Time
	api      string // the API audience of access tokens, if any
	req      oidc.AuthRequest
	subject  string
	authTime time.Time
	done     bool
}

func (a *authRequest) GetID() string    { return a.id }
func (a *authRequest) GetACR() string   { return "" }
func (a *authRequest) GetAMR() []string { return []string{"dev"} }
func (a *authRequest) GetAudience() []string {
	if a.api != "" {
		return []string{a.req.ClientID, a.api}
	}
	return []string{a.req.ClientID}
}
func (a *authRequest) GetAuthTime() time.Time { return a.authTime }
func (a *authRequest) GetClientID() string    { return a.req.ClientID }
func (a *authRequest) GetCodeChallenge() *oidc.CodeChallenge {
	if a.req.CodeChallenge == "" {
		return nil
	}
	return &oidc.CodeChallenge{Challenge: a.req.CodeChallenge, Method: a.req.CodeChallengeMethod}
}
func (a *authRequest) GetNonce() string                   { return a.req.Nonce }
func (a *authRequest) GetRedirectURI() string             { return a.req.RedirectURI }
func (a *authRequest) GetResponseType() oidc.ResponseType { return a.req.ResponseType }
func (a *authRequest) GetResponseMode() oidc.ResponseMode { return a.req.ResponseMode }
func (a *authRequest) GetScopes() []string                { return a.req.Scopes }
func (a *authRequest) GetState() string                   { return a.req.State }
func (a *authRequest) GetSubject() string                 { return a.subject }
func (a *authRequest) Done() bool                         { return a.done }

// client is the one confidential web client the development provider
// serves. Besides the registered redirect URIs it accepts any http URI on
// a loopback host, since gost picks ports freely in development.
type client struct {
	id, secret   string
	redirectURIs []string
	api          string // Options.APIAudience
}

func (c *client) GetID() string                       { return c.id }
func (c *client) RedirectURIs() []string              { return c.redirectURIs }
func (c *client) PostLogoutRedirectURIs() []string    { return c.redirectURIs }
func (c *client) ApplicationType() op.ApplicationType { return op.ApplicationTypeWeb }
func (c *client) AuthMethod() oidc.AuthMethod         { return oidc.AuthMethodBasic }
func (c *client) ResponseTypes() []oidc.ResponseType {
	return []oidc.ResponseType{oidc.ResponseTypeCode}
}
func (c *client) GrantTypes() []oidc.GrantType {
	return []oidc.GrantType{oidc.GrantTypeCode, oidc.GrantTypeRefreshToken}
}
func (c *client) LoginURL(id string) string { return loginPath + "?" + url.Values{"id": {id}}.Encode() }
func (c *client) AccessTokenType() op.AccessTokenType {
	if c.api != "" {
		return op.AccessTokenTypeJWT // an API checks it itself, as Graph does Entra's
	}
	return op.AccessTokenTypeBearer
}
func (c *client) IDTokenLifetime() time.Duration       { return time.Hour }
func (c *client) DevMode() bool                        { return true } // http redirect URIs
func (c *client) IsScopeAllowed(string) bool           { return false }
func (c *client) IDTokenUserinfoClaimsAssertion() bool { return true } // name and email in the ID token
func (c *client) ClockSkew() time.Duration             { return 0 }
func (c *client) RestrictAdditionalIdTokenScopes() func([]string) []string {
	return func(s []string) []string { return s }
}
func (c *client) RestrictAdditionalAccessTokenScopes() func([]string) []string {
	return func(s []string) []string { return s }
}

// loopbackGlobs match http URIs on loopback hosts, any port, up to four
// path segments deep (op matches with path.Match, where * stops at /).
var loopbackGlobs = func() []string {
	var globs []string
	for _, host := range []string{"127.0.0.1", "localhost"} {
		p := "http://" + host + ":*"
		for range 4 {
			p += "/*"
			globs = append(globs, p)
		}
	}
	return globs
}()

func (c *client) RedirectURIGlobs() []string           { return slices.Clone(loopbackGlobs) }
func (c *client) PostLogoutRedirectURIGlobs() []string { return slices.Clone(loopbackGlobs) }

var _ op.HasRedirectGlobs = (*client)(nil)
