package auth_test

import (
	"strings"
	"testing"
	"time"

	"github.com/gost-dev/gost/runtime/auth"
	"github.com/gost-dev/gost/runtime/auth/authtest"
)

// TestStrictIDToken is the table of OpenID Connect Core 3.1.3.7 (see the
// package doc): one ID token per rule that breaks only that rule, each
// refused for that rule's reason (the log line names it), and the honest
// token of the same provider accepted. The tokens come from a provider on
// loopback through the whole code flow, not from a call to a verifier.
func TestStrictIDToken(t *testing.T) {
	set := func(k string, v any) func(*authtest.Token) {
		return func(tk *authtest.Token) { tk.Claims[k] = v }
	}
	del := func(k string) func(*authtest.Token) {
		return func(tk *authtest.Token) { delete(tk.Claims, k) }
	}
	now := time.Now()
	for _, test := range []struct {
		name   string
		kwargs map[string]any // client_kwargs of the app
		tamper func(*authtest.Token)
		reason string // in the log; "" means the token is accepted
	}{
		{"honest token", nil, func(*authtest.Token) {}, ""},
		{"rule 1: encrypted token", nil, func(tk *authtest.Token) { tk.Encrypted = true }, "rule 1:"},
		{"required: no iss", nil, del("iss"), "iss is missing"},
		{"required: iss a number", nil, set("iss", 42), "iss is missing or not a string"},
		{"required: no sub", nil, del("sub"), "sub is missing"},
		{"required: sub an object", nil, set("sub", map[string]any{"id": "1"}), "sub is missing or not a string"},
		{"required: sub too long", nil, set("sub", strings.Repeat("x", 256)), "longer than 255"},
		{"required: no aud", nil, del("aud"), "aud is missing"},
		{"required: aud a number", nil, set("aud", 7), "aud is missing or not a string or array"},
		{"required: aud array with a number", nil, set("aud", []any{"client", 7}), "aud is missing or not a string or array"},
		{"required: no exp", nil, del("exp"), "exp is missing"},
		{"required: exp a string", nil, set("exp", "tomorrow"), "exp is missing or not a number"},
		{"required: no iat", nil, del("iat"), "iat is missing"},
		{"required: iat a string", nil, set("iat", "now"), "iat is missing or not a number"},
		{"rule 2: other issuer", nil, set("iss", "https://evil.example"), "rule 2:"},
		{"rule 2: issuer with trailing slash", nil, func(tk *authtest.Token) { tk.Claims["iss"] = tk.Claims["iss"].(string) + "/" }, "rule 2:"},
		{"rule 3: not our audience", nil, set("aud", "someone-else"), "rule 3:"},
		{"rule 3: not in audience array", nil, set("aud", []any{"a", "b"}), "rule 3:"},
		{"rule 4: several audiences without azp", nil, set("aud", []any{"client", "api://other"}), "rule 4:"},
		{"rule 4: several audiences with azp is fine", nil, func(tk *authtest.Token) {
			tk.Claims["aud"] = []any{"client", "api://other"}
			tk.Claims["azp"] = "client"
		}, ""},
		{"rule 5: azp of another client", nil, set("azp", "other-client"), "rule 5:"},
		{"rule 5: azp of another client, several audiences", nil, func(tk *authtest.Token) {
			tk.Claims["aud"] = []any{"client", "other-client"}
			tk.Claims["azp"] = "other-client"
		}, "rule 5:"},
		{"rule 6: signed with a key not in the JWKS", nil, func(tk *authtest.Token) { tk.ForeignKey = true }, "rule 6:"},
		{"rule 7: alg none", nil, func(tk *authtest.Token) { tk.Unsigned = true }, "rule 7:"},
		{"rule 8: HS256 with the client secret", nil, func(tk *authtest.Token) { tk.HMAC = true }, "rule 7:"},
		{"rule 9: expired beyond the leeway", nil, set("exp", now.Add(-3*time.Minute).Unix()), "rule 9:"},
		{"nbf in the future", nil, set("nbf", now.Add(10*time.Minute).Unix()), "nbf:"},
		{"rule 10: iat in the future", nil, set("iat", now.Add(10*time.Minute).Unix()), "rule 10:"},
		{"rule 10: iat a day ago", nil, set("iat", now.Add(-24*time.Hour).Unix()), "rule 10:"},
		{"rule 11: no nonce", nil, del("nonce"), "rule 11:"},
		{"rule 11: another nonce", nil, set("nonce", "replayed"), "rule 11:"},
		{"rule 11: nonce a number", nil, set("nonce", 5), "rule 11:"},
		{"rule 12: acr not requested value", map[string]any{"acr_values": "urn:mfa"}, set("acr", "urn:pwd"), "rule 12:"},
		{"rule 12: acr requested value", map[string]any{"acr_values": "urn:mfa"}, set("acr", "urn:mfa"), ""},
		{"rule 13: max_age without auth_time", map[string]any{"max_age": "60"}, del("auth_time"), "rule 13:"},
		{"rule 13: auth_time too old", map[string]any{"max_age": "60"}, set("auth_time", now.Add(-time.Hour).Unix()), "rule 13:"},
		{"rule 13: fresh auth_time", map[string]any{"max_age": "60"}, set("auth_time", now.Unix()), ""},
		{"at_hash of another access token", nil, set("at_hash", "AAAAAAAAAAAAAAAAAAAAAA"), "at_hash:"},
		{"at_hash a number", nil, set("at_hash", 3), "at_hash:"},
		{"no at_hash is fine", nil, del("at_hash"), ""},
	} {
		t.Run(test.name, func(t *testing.T) {
			t.Parallel()
			p := newProvider(t, authtest.Options{})
			var extra map[string]any
			if test.kwargs != nil {
				extra = map[string]any{"client_kwargs": test.kwargs}
			}
			a := newApp(t, providerSecrets(p, extra), 1)
			p.Tamper(test.tamper)
			a.Login("")
			u, f, _ := a.Identify()
			if test.reason == "" {
				if !u.LoggedIn {
					t.Fatalf("honest token refused; logs:\n%s", a.Logs)
				}
				return
			}
			if u.LoggedIn {
				t.Fatalf("token accepted; it breaks %s", test.name)
			}
			if f == nil || f.Code != auth.FailureRejected {
				t.Errorf("failure = %+v, want %q", f, auth.FailureRejected)
			}
			if logs := a.Logs.String(); !strings.Contains(logs, test.reason) {
				t.Errorf("refused, but not for %q; logs:\n%s", test.reason, logs)
			}
		})
	}
}
