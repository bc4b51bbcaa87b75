// Package auth does OpenID Connect login for gost apps: configuration from
// secrets.toml, the login, callback and logout routes, and the identity cookie.
//
// The runtime wires it like this:
//
//	secrets, err := auth.LoadSecrets(appDir, home, os.Environ())
//	svc, err := auth.New(secrets, auth.Options{BasePath: "/", Port: 8501})
//	for _, p := range svc.Paths() {
//		mux.Handle(p, svc.Handler())
//	}
//	svc.OnLogout(func(key string) { /* clear st.user of sessions whose User.SessionKey is key */ })
//	svc.OnEnded(func(key string, why auth.LoginFailure) { /* the same, and show why.Message */ })
//
// On each websocket upgrade it calls [Service.Identify] to learn the
// browser's [User] and any pending [LoginFailure]; when the app calls
// st.Login or st.Logout it sends the browser a redirect to
// [Service.LoginURL] or [Service.LogoutURL]; st.User's access token comes
// from [Service.AccessToken], st.LogoutEverywhere calls
// [Service.LogoutEverywhere].
//
// # Flow
//
// The login is the Authorization Code flow with PKCE (S256), state and
// nonce. Everything the callback needs travels in a short-lived sealed
// cookie, not in server memory, so any replica can finish a login another
// replica started. The ID token is verified by the rules below; the claims
// the app needs (and the ID token, when expose_tokens asks for it) are
// sealed into the identity cookie, the access and refresh tokens into the
// tokens cookie.
//
// # Providers it is tested against
//
// The login is tested end to end against two OpenID Provider libraries on
// loopback, in two shapes. runtime/auth/devprovider is zitadel/oidc's
// OpenID Provider (OpenID Certified): issuer at the server's root, RS256,
// client_secret_basic, "roles", reusable refresh tokens, an
// end_session_endpoint; its tests include the websocket login of runtime.
// runtime/auth/fositeprovider (tests only, a module of its own) is Ory
// fosite, the library of Ory Hydra (OpenID Certified), shaped like
// Keycloak: issuer under /realms/gost, ES256, client_secret_post (and
// basic), prompt values without select_account (refused with
// invalid_request, so gost sends no prompt by default), roles in
// realm_access.roles and groups as paths, refresh tokens rotated on every
// use, and no end_session_endpoint. Shapes neither library produces
// (Entra's {tenantid} issuers, malformed or hostile tokens, providers that
// fail) come from runtime/auth/authtest.
//
// # Roles and groups
//
// At login the roles and groups are read from whichever claims the
// provider uses (Entra's roles and groups, Keycloak's realm_access and
// resource_access, Zitadel's project roles, Cognito's cognito:groups,
// Auth0's namespaced claims; the table is in roles.go) into [User.Roles]
// and [User.Groups]. Entra's overage (a link to Graph instead of more than
// 200 groups) sets [User.GroupsOverage]; a claim of the wrong type is
// ignored and described in [User.ClaimProblems] and the log, never fatal.
//
// # ID token validation
//
// Every rule of OpenID Connect Core 3.1.3.7 is checked by gost itself
// (verify.go), in this order, before go-oidc's verifier runs over the same
// token as a second opinion. Each refusal is logged with its rule number;
// TestStrictIDToken has a token per row that breaks only that row.
//
//	rule                                            where
//	1  encrypted ID token: gost registers none;     checkSignature refuses a
//	   a JWE is refused                             five-part token
//	6  signature by a key of the provider's JWKS    checkSignature (go-oidc's
//	   (also over TLS: never skipped)               RemoteKeySet, refetched on a new kid)
//	7  alg is one the provider announces, and       checkSignature, against
//	   asymmetric (RS, PS, ES, EdDSA)               id_token_signing_alg_values_supported
//	8  MAC algs (HS256 with the client secret)      checkSignature: never accepted
//	–  required claims present and well typed:     checkClaims
//	   iss, sub (≤255 ASCII), aud (string or
//	   array of strings), exp, iat (numbers)
//	2  iss equals the metadata issuer exactly, or   checkClaims, checkIssuer
//	   Entra's {tenantid} template filled with tid
//	3  aud contains client_id; other audiences      checkClaims
//	   only when azp names us (rules 4, 5)
//	4  several audiences: azp required              checkClaims
//	5  azp, when present, equals client_id          checkClaims
//	9  now < exp + leeway (2 minutes)               checkClaims
//	–  nbf, when present: now + leeway ≥ nbf        checkClaims
//	10 iat sane: at most leeway in the future, not  checkClaims
//	   older than a login can last (10 min + leeway)
//	11 nonce present and equal to the login's       checkClaims (constant time)
//	12 acr among acr_values, when client_kwargs     checkClaims
//	   asks for acr_values
//	13 auth_time present and within max_age +       checkClaims
//	   leeway, when client_kwargs asks for max_age
//	–  at_hash, when present, matches the access    checkClaims (hash of the
//	   token (3.1.3.8 via 3.2.2.9)                  signing alg, left half)
//
// An ID token in a refresh answer (12.2) passes rules 1–8, the required
// claims and at_hash, and must name the login's user (iss and sub); one
// that does not ends the login (TestRefreshIDTokenMustNameTheSameUser).
//
// # Cookies
//
// All cookies are HttpOnly, SameSite=Lax, Secure when redirect_uri is https
// or the request came over HTTPS (its own TLS, or r.URL.Scheme "https", which
// the runtime sets only from a trusted proxy's X-Forwarded-Proto),
// and sealed with AES-GCM under keys derived from cookie_secret, a distinct
// key per purpose:
//
//   - gost_auth: the identity, Path = base path, cookie_max_age long (30 days);
//     it carries the claims, the revocation generation and when it was last seen.
//   - gost_auth_tokens: with expose_tokens = "access", the access token, the
//     refresh token (scope offline_access) and the access token's expiry,
//     Path = base path, as long as gost_auth; bound to its login's key.
//   - gost_auth_flow_<id>: one login in progress, Path = callback path, 10 minutes.
//   - gost_auth_error: why the last login failed, Path = base path, 5 minutes;
//     its value is a [FailureCode], never free text.
//   - gost_auth_error_detail: beside it, sealed, what the provider said
//     ([LoginFailure.Detail]), for the developer.
//
// # Fresh access tokens
//
// With expose_tokens = "access" and the offline_access scope,
// [Service.AccessToken] (st.User, User.AccessToken in st) renews the access
// token with the refresh token when less than five minutes (or half its
// lifetime) are left. A refusal (revoked or expired refresh token) ends the
// login at once; a provider that does not answer is retried every 30
// seconds while the current token is still valid, and the login ends when
// it expires. An ended login's tabs are logged out with a message
// ([Service.OnEnded]) and its cookies are refused on this replica.
//
// Where the refresh token lives, and why: in the gost_auth_tokens cookie,
// AES-GCM sealed like every other cookie, so it never reaches the browser
// in clear (HttpOnly; the browser only stores ciphertext), it survives a
// restart and works on any replica sharing cookie_secret, with no shared
// store. A renewal happens over the websocket, which cannot set cookies:
// the new tokens are kept in this replica's memory, keyed by the login,
// and written to the cookie at the browser's next handshake, page load
// ([Service.Identify]) or touch (below). Providers that keep a refresh
// token valid after use (Entra, Google, the development provider) need
// nothing more. With a provider that rotates refresh tokens and revokes
// the old one on use, a restart or another replica before that write-back
// holds a spent token: its refresh is refused and the user logs in again.
// The deployment issue's shared store can hold the newest token to close
// that gap.
//
// # Rotating cookie_secret
//
// cookie_secret may be a list: the first entry seals new cookies and every
// entry opens existing ones. To rotate without logging anyone out, put the
// new secret first and keep the old one after it (GOST_AUTH_COOKIE_SECRET
// takes "new,old"); [Service.Identify] seals a cookie of an old secret
// again with the new one when its browser comes back. Once cookie_max_age
// (or cookie_idle_timeout) has passed, drop the old entry. Every entry must
// be at least 16 characters: an empty or short one is refused at start
// (logged with its position, and shown where st.Login is called). Replacing
// cookie_secret outright logs everyone out.
//
// # Lifetimes and revocation
//
// A login lasts cookie_max_age (30 days) at most. With cookie_idle_timeout
// it also ends when its user has done nothing for that long in any tab:
// the cookie records when it was last seen, updated in steps of a tenth of
// the timeout ([Service.TouchEvery]) by a page load or websocket connect,
// and, since a websocket cannot set cookies, by the touch route (POST base
// path + "auth/touch"): the runtime tells a logged-in tab the route and
// the step, and the tab posts there when its user interacts (a rerun, a
// page change) and the step has passed since the last renewal, at most
// once per step. The touch renews the cookie through the same code as
// [Service.Identify] and grants nothing else: a cookie not valid now
// (idle, expired, revoked, tampered) gets 401 and no cookie, and the tab
// reconnects, whose handshake clears it and says why. A tab left open and
// unused posts nothing, so it still logs out after the timeout. With
// both steps, the last renewal is at most two tenths of the timeout older
// than the user's last activity: an idle user is logged out between eight
// tenths of the timeout and the whole of it after that activity.
//
// "Log out everywhere" ([Service.LogoutEverywhere], st.LogoutEverywhere)
// bumps a per-user generation in [Revocations]; each identity cookie
// carries the generation of its login and is refused once it is behind.
// That is the one piece of server-side state, one number per user, behind
// a two-method interface: [MemoryRevocations] for one process today, a
// shared store for several replicas (package runtime/store; Redis through
// runtime/store/redisstore). Tabs this replica serves end at once
// ([Service.OnEnded]). With a shared store ([server] store), package
// runtime publishes the logout and the other replicas end their tabs
// within a second; without one, those tabs end when they reconnect.
package auth
