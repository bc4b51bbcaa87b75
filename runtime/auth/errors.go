package auth

import "errors"

// ErrNotConfigured is matched (with errors.Is) by the error of
// [Service.LoginURL] when there is no [auth] table at all.
var ErrNotConfigured = errors.New("auth: not configured")

// ConfigError reports a missing or malformed key of the [auth]
// configuration. Its text names the key and the file it came from (or
// should go in) and never contains a value.
type ConfigError struct {
	// File is where the key came from or belongs, as shown to users:
	// ".streamlit/secrets.toml", "~/.gost/secrets.toml",
	// "environment variable GOST_AUTH_CLIENT_ID".
	File string
	// Key is the dotted key, e.g. "auth.redirect_uri" or "auth.google.client_id".
	Key string

	msg           string // the whole sentence, Streamlit's wording where it has one
	notConfigured bool
}

func (e *ConfigError) Error() string { return "auth: " + e.msg }

// Is makes errors.Is(err, ErrNotConfigured) true when [auth] is absent.
func (e *ConfigError) Is(target error) bool {
	return target == ErrNotConfigured && e.notConfigured
}

// FailureCode says why a login did not complete. It is what travels in the
// gost_auth_error cookie, so only these values are ever shown.
type FailureCode string

// The ways a login can fail, as seen by the user.
const (
	// FailureCancelled: the user declined at the provider (error=access_denied).
	FailureCancelled FailureCode = "cancelled"
	// FailureUnreachable: the provider's metadata, keys or token endpoint
	// could not be reached or made no sense.
	FailureUnreachable FailureCode = "unreachable"
	// FailureExpired: the callback did not match a login started in this
	// browser in the last 10 minutes (state mismatch, replayed or stale
	// callback, cookies blocked).
	FailureExpired FailureCode = "expired"
	// FailureRejected: the provider answered, but the ID token failed
	// verification (signature, issuer, audience, expiry, nonce).
	FailureRejected FailureCode = "rejected"
	// FailureProvider: the provider reported an error other than a refusal.
	FailureProvider FailureCode = "provider_error"
	// FailureLink: the login link was stale, forged or followed from
	// another site.
	FailureLink FailureCode = "link"
	// FailureIdle: the identity cookie went unused for longer than
	// cookie_idle_timeout.
	FailureIdle FailureCode = "idle"
	// FailureRevoked: the user logged out everywhere since this login.
	FailureRevoked FailureCode = "revoked"
	// FailureEnded: the provider refused to refresh the login's tokens
	// (revoked or expired refresh token), or they expired while the
	// provider could not be reached.
	FailureEnded FailureCode = "ended"
)

var failureMessages = map[FailureCode]string{
	FailureCancelled:   "Login was cancelled. You can log in again whenever you are ready.",
	FailureUnreachable: "Login is unavailable right now: the identity provider could not be reached. Please try again in a moment.",
	FailureExpired:     "Your login took too long or was already used. Please log in again.",
	FailureRejected:    "Login failed: the identity provider's answer could not be verified. Please try again.",
	FailureProvider:    "Login failed: the identity provider reported an error. Please try again.",
	FailureLink:        "That login link is no longer valid. Please use the app's login button.",
	FailureIdle:        "You were logged out after a period of inactivity. Please log in again.",
	FailureRevoked:     "You were logged out on all your devices. Please log in again.",
	FailureEnded:       "Your login has expired. Please log in again.",
}

// LoginFailure is a failed login attempt to show on the page. Message is a
// short, safe sentence for the user; details went to the logger.
type LoginFailure struct {
	Code    FailureCode
	Message string
	// Detail is what went wrong, for the developer: the provider's error
	// and error_description, or why its token was refused. It is in the
	// log always; show it in the page only in development (gost run).
	Detail string
}

func failure(code FailureCode) (LoginFailure, bool) {
	msg, ok := failureMessages[code]
	if !ok {
		return LoginFailure{}, false
	}
	return LoginFailure{Code: code, Message: msg}, true
}

// Message is the sentence a page shows for c, "" for a code the package
// does not have. A runtime that ends a login another replica revoked shows
// it as this replica would.
func (c FailureCode) Message() string { return failureMessages[c] }
