package auth_test

import (
	"testing"

	"github.com/gost-dev/gost/runtime/auth/authtest"
)

// The shapes of Microsoft Entra's metadata, served from a test host: the
// {tenantid} logic must key off the published issuer, not the hostname.
const (
	tenantA   = "72f988bf-86f1-41af-91ab-2d7cd011db47"
	tenantB   = "0b3a8f9e-1111-4c4c-9d9d-123456789abc"
	consumers = "9188040d-6c67-4c5b-b112-36a304b66dad"
)

func TestEntraIssuerShapes(t *testing.T) {
	template := func(u string) string { return u + "/{tenantid}/v2.0" }
	for _, test := range []struct {
		name     string
		path     string
		issuer   func(string) string
		tid      any    // the user's tid claim; nil for none
		iss      string // tenant to force into iss; "" leaves the provider's
		loggedIn bool
	}{
		{"tenant-specific", "/" + tenantA + "/v2.0/.well-known/openid-configuration",
			func(u string) string { return u + "/" + tenantA + "/v2.0" }, tenantA, "", true},
		{"tenant-specific, token from another tenant", "/" + tenantA + "/v2.0/.well-known/openid-configuration",
			func(u string) string { return u + "/" + tenantA + "/v2.0" }, tenantB, tenantB, false},
		{"organizations", "/organizations/v2.0/.well-known/openid-configuration", template, tenantA, "", true},
		{"common", "/common/v2.0/.well-known/openid-configuration", template, tenantB, "", true},
		{"common, iss of another tenant than tid", "/common/v2.0/.well-known/openid-configuration", template, tenantA, tenantB, false},
		{"common, no tid", "/common/v2.0/.well-known/openid-configuration", template, nil, "", false},
		{"common, tid not a GUID", "/common/v2.0/.well-known/openid-configuration", template, "evil/../x", "", false},
		{"common, literal template in iss", "/common/v2.0/.well-known/openid-configuration", template, tenantA, "{tenantid}", false},
		{"consumers", "/consumers/v2.0/.well-known/openid-configuration",
			func(u string) string { return u + "/" + consumers + "/v2.0" }, consumers, "", true},
	} {
		t.Run(test.name, func(t *testing.T) {
			p := newProvider(t, authtest.Options{MetadataPath: test.path, Issuer: test.issuer})
			user := map[string]any{"sub": "s", "oid": "o", "name": "Ada", "preferred_username": "ada@contoso.com"}
			if test.tid != nil {
				user["tid"] = test.tid
			}
			if test.iss != "" {
				user["iss"] = p.URL + "/" + test.iss + "/v2.0"
			}
			p.SetUser(user)
			a := newApp(t, providerSecrets(p, nil), 1)
			a.Login("")
			u := a.User()
			if u.LoggedIn != test.loggedIn {
				t.Fatalf("LoggedIn = %v, want %v; logs:\n%s", u.LoggedIn, test.loggedIn, a.Logs)
			}
			if test.loggedIn && (u.Claim("tid") != test.tid || u.Claim("oid") != "o" || u.Claim("preferred_username") != "ada@contoso.com") {
				t.Errorf("claims %v lack tid/oid/preferred_username", u.Claims)
			}
		})
	}
}
