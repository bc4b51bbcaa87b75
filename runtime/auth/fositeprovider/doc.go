// Package fositeprovider holds the tests of gost's login (runtime/auth)
// against a second certified OpenID Provider library, in a second shape:
// an OpenID Provider built in the tests on Ory fosite, the library under
// Ory Hydra (OpenID Certified), shaped like Keycloak rather than like the
// development provider (runtime/auth/devprovider, zitadel/oidc).
//
// The two differ the way real providers do:
//
//	                        development provider      this one
//	library                 zitadel/oidc op           Ory fosite
//	issuer                  http://127.0.0.1:port     …/realms/gost (a path, as Keycloak's)
//	prompt values           all                       none, login, consent (fosite's
//	                                                  AllowedPromptValues): select_account
//	                                                  is refused with invalid_request
//	client authentication   client_secret_basic       client_secret_post (or basic, per test)
//	ID token signature      RS256                     ES256
//	roles                   "roles"                   "realm_access": {"roles": [...]},
//	                                                  "groups" as paths ("/staff")
//	access tokens           opaque, or a JWT          opaque (fosite's HMAC tokens)
//	refresh tokens          reusable                  rotated: each use revokes the old one
//	end_session_endpoint    yes                       none, as Google's: gost logs out of the app only
//	login page              name and email            username and password
//
// The package has no code outside its tests: the provider is in
// provider_test.go, the login tests beside it. Their harness is shared with
// devprovider's (runtime/auth/internal/logintest).
package fositeprovider
