package auth

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/coreos/go-oidc/v3/oidc"
)

// expect is what the callback knows about the ID token it is waiting for.
type expect struct {
	nonce string
	// maxAge is the max_age the authorization request asked for (0: none);
	// auth_time is then required and bounded.
	maxAge time.Duration
	// acr lists the acr_values the authorization request asked for; the
	// token's acr must be one of them.
	acr []string
	// accessToken is the access token of the same response, for at_hash.
	accessToken string
	// user is set for the ID token of a refresh response (OpenID Connect
	// Core 12.2): signed by the provider, well typed, for us (rules 1–8)
	// and about the same user (iss and sub) as the login. It has no nonce,
	// and since it replaces nothing its times are not checked.
	user string
}

// verify applies every rule of OpenID Connect Core 3.1.3.7 to a raw ID
// token (see the table in the package doc). The signature is checked
// first, so that no claim of an unsigned or forged token is believed; then
// each rule in the order of the spec, each with its own message; then
// go-oidc's verifier runs over the same token as a second opinion.
func (d *discovered) verify(ctx context.Context, raw string, want expect, now time.Time) (*oidc.IDToken, map[string]any, error) {
	payload, alg, err := d.checkSignature(ctx, raw)
	if err != nil {
		return nil, nil, err
	}
	claims, err := decodeClaims(payload)
	if err != nil {
		return nil, nil, err
	}
	if err := d.checkClaims(claims, alg, want, now); err != nil {
		return nil, nil, err
	}
	if want.user != "" {
		return nil, claims, nil
	}
	tok, err := d.verifier.Verify(ctx, raw)
	if err != nil {
		return nil, nil, fmt.Errorf("auth: verify id token: %w", err)
	}
	return tok, claims, nil
}

// checkSignature enforces rules 6–8: the JWS alg is one the provider
// announced and that is asymmetric (never "none", never HMAC with the
// client secret), and the signature verifies with a key of the provider's
// JWKS. It returns the signed payload.
func (d *discovered) checkSignature(ctx context.Context, raw string) (payload []byte, alg string, err error) {
	parts := strings.Split(raw, ".")
	if len(parts) == 5 {
		return nil, "", errors.New("auth: verify id token: rule 1: the token is encrypted (JWE); gost registers no encryption, so providers must send signed tokens")
	}
	if len(parts) != 3 {
		return nil, "", errors.New("auth: verify id token: not a JWS in compact form")
	}
	hb, err := base64.RawURLEncoding.DecodeString(parts[0])
	var header struct {
		Alg string `json:"alg"`
	}
	if err != nil || json.Unmarshal(hb, &header) != nil {
		return nil, "", errors.New("auth: verify id token: malformed JOSE header")
	}
	if !slices.Contains(d.algs, header.Alg) {
		return nil, "", fmt.Errorf("auth: verify id token: rule 7: alg %q is not one of the provider's asymmetric algorithms %v", header.Alg, d.algs)
	}
	payload, err = d.keys.VerifySignature(ctx, raw)
	if err != nil {
		return nil, "", fmt.Errorf("auth: verify id token: rule 6: signature: %w", err)
	}
	return payload, header.Alg, nil
}

func decodeClaims(payload []byte) (map[string]any, error) {
	var claims map[string]any
	dec := json.NewDecoder(bytes.NewReader(payload))
	dec.UseNumber() // exact integers, and a way to tell numbers from strings
	if err := dec.Decode(&claims); err != nil {
		return nil, fmt.Errorf("auth: verify id token: claims are not a JSON object: %w", err)
	}
	// Hand json.Number on as float64/int64 like encoding/json would, so
	// the rest of the package sees ordinary values.
	for k, v := range claims {
		claims[k] = plainNumbers(v)
	}
	return claims, nil
}

func plainNumbers(v any) any {
	switch v := v.(type) {
	case json.Number:
		if i, err := v.Int64(); err == nil {
			return i
		}
		f, _ := v.Float64()
		return f
	case []any:
		for i := range v {
			v[i] = plainNumbers(v[i])
		}
	case map[string]any:
		for k := range v {
			v[k] = plainNumbers(v[k])
		}
	}
	return v
}

// checkClaims is rules 2–5 and 9–13, plus the required claims of
// section 2 and at_hash (3.1.3.8 by way of 3.2.2.9).
func (d *discovered) checkClaims(c map[string]any, alg string, want expect, now time.Time) error {
	bad := func(rule, format string, args ...any) error {
		return fmt.Errorf("auth: verify id token: %s: "+format, append([]any{rule}, args...)...)
	}
	// Section 2: required claims, well typed.
	iss, ok := c["iss"].(string)
	if !ok || iss == "" {
		return bad("required claim", "iss is missing or not a string")
	}
	sub, ok := c["sub"].(string)
	if !ok || sub == "" {
		return bad("required claim", "sub is missing or not a string")
	}
	if len(sub) > 255 || !isASCII(sub) {
		return bad("required claim", "sub is longer than 255 ASCII characters")
	}
	aud, ok := audiences(c["aud"])
	if !ok {
		return bad("required claim", "aud is missing or not a string or array of strings")
	}
	exp, ok := numericDate(c["exp"])
	if !ok {
		return bad("required claim", "exp is missing or not a number")
	}
	iat, ok := numericDate(c["iat"])
	if !ok {
		return bad("required claim", "iat is missing or not a number")
	}

	// Rule 2: the issuer, exactly (or the tenant template of Entra's
	// multi-tenant metadata).
	if d.tenantTemplate {
		if err := d.checkIssuer(iss, c); err != nil {
			return err
		}
	} else if iss != d.meta.Issuer {
		return bad("rule 2", "id token issued by a different provider, expected %q got %q", d.meta.Issuer, iss)
	}
	// Rule 3: we are an audience; other audiences only with azp naming us
	// (the provider says the token was issued to us, for those APIs too).
	clientID := d.oauth.ClientID
	if !slices.Contains(aud, clientID) {
		return bad("rule 3", "expected audience %q got %q", clientID, aud)
	}
	azp, hasAzp := c["azp"]
	// Rule 4: several audiences need azp.
	if len(aud) > 1 && !hasAzp {
		return bad("rule 4", "audiences %q besides ours and no azp claim", aud)
	}
	// Rule 5: azp, when present, is us.
	if hasAzp && azp != clientID {
		return bad("rule 5", "azp is %v, not our client_id %q", azp, clientID)
	}
	if want.user != "" {
		// A refresh's ID token is only checked for being about the same
		// user; it replaces nothing, so its times do not matter.
		if UserID(c) != want.user {
			return bad("12.2", "the ID token of a refresh names another user than the login")
		}
		return d.checkAtHash(c, alg, want)
	}
	// Rule 9: not expired (with the leeway for clock skew).
	if !now.Before(exp.Add(leeway)) {
		return bad("rule 9", "expired at %s", exp.UTC().Format(time.RFC3339))
	}
	// nbf is optional; when present the token is not valid before it.
	if v, present := c["nbf"]; present {
		nbf, ok := numericDate(v)
		if !ok {
			return bad("nbf", "nbf is not a number")
		}
		if now.Add(leeway).Before(nbf) {
			return bad("nbf", "not valid before %s", nbf.UTC().Format(time.RFC3339))
		}
	}
	// Rule 10: iat is sane: not in the future, and not older than a login
	// can last (flowTTL), so a token minted long ago is not replayed into
	// a fresh login even if its exp is far off. The nonce already binds
	// the token to this login; this bound is independent of it.
	if iat.After(now.Add(leeway)) {
		return bad("rule 10", "iat %s is in the future", iat.UTC().Format(time.RFC3339))
	}
	if iat.Before(now.Add(-flowTTL - leeway)) {
		return bad("rule 10", "iat %s is older than a login can last (%s)", iat.UTC().Format(time.RFC3339), flowTTL)
	}
	// Rule 11: the nonce we sent.
	nonce, _ := c["nonce"].(string)
	if want.nonce == "" || !equalStrings(nonce, want.nonce) {
		return bad("rule 11", "nonce does not match the one sent with the login")
	}
	// Rule 12: acr, when acr_values were asked for.
	if len(want.acr) > 0 {
		acr, _ := c["acr"].(string)
		if !slices.Contains(want.acr, acr) {
			return bad("rule 12", "acr %q is not one of the requested acr_values %q", acr, want.acr)
		}
	}
	// Rule 13: auth_time, when max_age was asked for.
	if want.maxAge > 0 {
		at, ok := numericDate(c["auth_time"])
		if !ok {
			return bad("rule 13", "max_age was requested but auth_time is missing or not a number")
		}
		if now.Sub(at) > want.maxAge+leeway {
			return bad("rule 13", "the user authenticated at %s, longer ago than max_age %s", at.UTC().Format(time.RFC3339), want.maxAge)
		}
	}
	return d.checkAtHash(c, alg, want)
}

// checkAtHash: at_hash, when present, binds the access token to this ID
// token.
func (d *discovered) checkAtHash(c map[string]any, alg string, want expect) error {
	if v, present := c["at_hash"]; present {
		h, ok := v.(string)
		if !ok || want.accessToken == "" || !equalStrings(h, tokenHash(alg, want.accessToken)) {
			return errors.New("auth: verify id token: at_hash: at_hash does not match the access token")
		}
	}
	return nil
}

// tokenHash is at_hash (or c_hash): the left half of the hash of token
// that alg uses, base64url.
func tokenHash(alg, token string) string {
	var h hash.Hash
	switch {
	case strings.HasSuffix(alg, "384"):
		h = sha512.New384()
	case strings.HasSuffix(alg, "512"), alg == oidc.EdDSA:
		h = sha512.New()
	default:
		h = sha256.New()
	}
	h.Write([]byte(token))
	sum := h.Sum(nil)
	return base64.RawURLEncoding.EncodeToString(sum[:len(sum)/2])
}

func audiences(v any) ([]string, bool) {
	switch v := v.(type) {
	case string:
		return []string{v}, v != ""
	case []any:
		out := make([]string, 0, len(v))
		for _, a := range v {
			s, ok := a.(string)
			if !ok || s == "" {
				return nil, false
			}
			out = append(out, s)
		}
		return out, len(out) > 0
	}
	return nil, false
}

// numericDate reads a JWT NumericDate: a JSON number of seconds.
func numericDate(v any) (time.Time, bool) {
	switch v := v.(type) {
	case int64:
		return time.Unix(v, 0), true
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > 1e12 {
			return time.Time{}, false
		}
		sec, frac := math.Modf(v)
		return time.Unix(int64(sec), int64(frac*1e9)), true
	}
	return time.Time{}, false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// parseSeconds reads max_age from client_kwargs.
func parseSeconds(s string) (time.Duration, bool) {
	n, err := strconv.ParseInt(s, 10, 64)
	return time.Duration(n) * time.Second, err == nil && n >= 0
}
