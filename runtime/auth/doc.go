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
//
// On each websocket upgrade it calls [Service.Identify] to learn the
// browser's [User] and any pending [LoginFailure]; when the app calls
// st.Login or st.Logout it sends the browser a redirect to
// [Service.LoginURL] or [Service.LogoutURL].
//
// # Flow
//
// The login is the Authorization Code flow with PKCE (S256), state and
// nonce. Everything the callback needs travels in a short-lived sealed
// cookie, not in server memory, so any replica can finish a login another
// replica started. The ID token is verified with go-oidc; the claims the
// app needs (and the tokens, when expose_tokens asks for them) are sealed
// into the identity cookie, which is all the server knows about a user.
//
// # Cookies
//
// All cookies are HttpOnly, SameSite=Lax, Secure when redirect_uri is https
// or the request came over HTTPS (its own TLS, or r.URL.Scheme "https", which
// the runtime sets only from a trusted proxy's X-Forwarded-Proto),
// and sealed with AES-GCM under keys derived from cookie_secret, a distinct
// key per purpose:
//
//   - gost_auth: the identity, Path = base path, cookie_max_age long (30 days).
//   - gost_auth_flow_<id>: one login in progress, Path = callback path, 10 minutes.
//   - gost_auth_error: why the last login failed, Path = base path, 5 minutes;
//     its value is a [FailureCode], never free text.
//
// Changing cookie_secret makes every existing cookie unreadable, which
// logs everyone out.
package auth
