package auth

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// Cookie names. The flow cookie gets a suffix per login so that logins
// started in two tabs do not overwrite each other.
const (
	identityCookie   = "gost_auth"
	flowCookiePrefix = "gost_auth_flow_"
	failureCookie    = "gost_auth_error"
	// failureDetailCookie holds, sealed, what went wrong for the developer.
	failureDetailCookie = "gost_auth_error_detail"
)

// maxCookieBytes bounds name=value of the identity cookie. Browsers drop
// cookies over 4096 bytes silently (Streamlit #11168); chunking instead
// trades that for proxies rejecting huge Cookie headers (#14960), so the
// identity is trimmed to fit instead.
const maxCookieBytes = 3500

// Purposes of sealed values. Each gets its own key and is bound as
// additional data, so a value sealed for one purpose never opens as another.
const (
	purposeIdentity = "identity cookie"
	purposeFlow     = "login flow cookie"
	purposeLogin    = "login link"
	purposeLogout   = "logout link"
	purposeFailure  = "failure detail cookie"
)

var errUnsealable = errors.New("auth: sealed value is malformed, tampered with, or from another cookie_secret")

// sealer encrypts and authenticates values with AES-256-GCM under keys
// derived from cookie_secret for one purpose. With several secrets (a
// rotation in progress) the first seals and every one opens.
type sealer struct {
	aeads   []cipher.AEAD
	purpose string
}

func newSealer(secrets [][]byte, purpose string) (sealer, error) {
	s := sealer{purpose: purpose}
	for _, secret := range secrets {
		key, err := hkdf.Key(sha256.New, secret, []byte("gost runtime/auth v1"), purpose, 32)
		if err != nil {
			return sealer{}, fmt.Errorf("auth: derive %s key: %w", purpose, err)
		}
		block, err := aes.NewCipher(key)
		if err != nil {
			return sealer{}, fmt.Errorf("auth: %s cipher: %w", purpose, err)
		}
		aead, err := cipher.NewGCM(block)
		if err != nil {
			return sealer{}, fmt.Errorf("auth: %s cipher: %w", purpose, err)
		}
		s.aeads = append(s.aeads, aead)
	}
	return s, nil
}

type envelope struct {
	Exp int64           `json:"e"`
	V   json.RawMessage `json:"v"`
}

// seal returns v, valid until exp, as a cookie- and URL-safe string.
func (s sealer) seal(v any, exp time.Time) (string, error) {
	if len(s.aeads) == 0 {
		return "", errors.New("auth: no cookie_secret to seal with")
	}
	aead := s.aeads[0]
	inner, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("auth: seal %s: %w", s.purpose, err)
	}
	plain, err := json.Marshal(envelope{Exp: exp.Unix(), V: inner})
	if err != nil {
		return "", fmt.Errorf("auth: seal %s: %w", s.purpose, err)
	}
	nonce := make([]byte, aead.NonceSize(), aead.NonceSize()+len(plain)+aead.Overhead())
	rand.Read(nonce)
	return base64.RawURLEncoding.EncodeToString(aead.Seal(nonce, nonce, plain, []byte(s.purpose))), nil
}

// open reverses seal into v. It fails for anything not sealed by this
// sealer, and for values whose expiry is not after now.
func (s sealer) open(token string, now time.Time, v any) error {
	_, err := s.openOld(token, now, v)
	return err
}

// openOld is open that also reports whether the value was sealed under an
// older cookie_secret than the first, so it can be sealed again.
func (s sealer) openOld(token string, now time.Time, v any) (old bool, err error) {
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil {
		return false, errUnsealable
	}
	for i, aead := range s.aeads {
		n := aead.NonceSize()
		if len(raw) < n+aead.Overhead() {
			return false, errUnsealable
		}
		plain, err := aead.Open(nil, raw[:n], raw[n:], []byte(s.purpose))
		if err != nil {
			continue
		}
		var env envelope
		if err := json.Unmarshal(plain, &env); err != nil {
			return false, errUnsealable
		}
		if !now.Before(time.Unix(env.Exp, 0)) {
			return false, fmt.Errorf("auth: %s expired at %s", s.purpose, time.Unix(env.Exp, 0).UTC().Format(time.RFC3339))
		}
		if err := json.Unmarshal(env.V, v); err != nil {
			return false, errUnsealable
		}
		return i > 0, nil
	}
	return false, errUnsealable
}

// cookie returns a cookie, set in the answer to r, with the attributes
// every auth cookie shares.
func (s *Service) cookie(r *http.Request, name, value, path string, maxAge time.Duration) *http.Cookie {
	return &http.Cookie{
		Name:     name,
		Value:    value,
		Path:     path,
		MaxAge:   int(maxAge / time.Second),
		HttpOnly: true,
		Secure:   s.cfg.secure || isHTTPS(r),
		SameSite: http.SameSiteLaxMode,
	}
}

// isHTTPS reports whether r reached the app over HTTPS: its own TLS, or a
// proxy's, which the runtime records in r.URL.Scheme only when the proxy
// is one it trusts (X-Forwarded-Proto from [server] trustedProxies), as
// gorilla/handlers.ProxyHeaders does. An https redirect_uri makes every
// cookie Secure whatever the request says.
func isHTTPS(r *http.Request) bool {
	return r != nil && (r.TLS != nil || r.URL != nil && r.URL.Scheme == "https")
}

// expire returns the cookie that deletes name at path.
func (s *Service) expire(r *http.Request, name, path string) *http.Cookie {
	c := s.cookie(r, name, "", path, 0)
	c.MaxAge = -1
	return c
}

func addCookie(h http.Header, c *http.Cookie) {
	if v := c.String(); v != "" {
		h.Add("Set-Cookie", v)
	}
}
