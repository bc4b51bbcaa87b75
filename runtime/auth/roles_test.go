package auth_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/gost-dev/gost/runtime/auth/authtest"
)

// TestRolesAndGroups logs in with the ID token shapes of the common
// providers and checks what User says about roles and groups, including
// Entra's overage and claims of the wrong type, which are reported and
// ignored while the login goes through.
func TestRolesAndGroups(t *testing.T) {
	many := make([]any, 400)
	for i := range many {
		many[i] = fmt.Sprintf("0b3a8f9e-1111-4c4c-9d9d-%012d", i)
	}
	for _, test := range []struct {
		name     string
		claims   map[string]any
		roles    []string
		groups   []string
		overage  string // the overage endpoint, "" for none
		problems []string
	}{
		{"none", nil, nil, nil, "", nil},
		{"Entra roles and groups", map[string]any{"roles": []any{"admin", "reader"}, "groups": []any{"g-1", "g-2"}},
			[]string{"admin", "reader"}, []string{"g-1", "g-2"}, "", nil},
		{"Entra groups overage", map[string]any{"roles": []any{"reader"},
			"_claim_names":   map[string]any{"groups": "src1"},
			"_claim_sources": map[string]any{"src1": map[string]any{"endpoint": "https://graph.microsoft.com/v1.0/users/o/getMemberObjects"}}},
			[]string{"reader"}, nil, "https://graph.microsoft.com/v1.0/users/o/getMemberObjects", nil},
		{"Keycloak realm and client roles", map[string]any{
			"realm_access":    map[string]any{"roles": []any{"offline_access", "admin"}},
			"resource_access": map[string]any{"client": map[string]any{"roles": []any{"editor"}}, "other-app": map[string]any{"roles": []any{"root"}}},
			"groups":          []any{"/staff"}},
			[]string{"offline_access", "admin", "editor"}, []string{"/staff"}, "", nil},
		{"Zitadel project roles", map[string]any{"urn:zitadel:iam:org:project:roles": map[string]any{
			"admin": map[string]any{"org1": "example.com"}, "viewer": map[string]any{"org1": "example.com"}}},
			[]string{"admin", "viewer"}, nil, "", nil},
		{"Cognito groups", map[string]any{"cognito:groups": []any{"ops"}}, nil, []string{"ops"}, "", nil},
		{"Auth0 namespaced", map[string]any{"https://example.com/roles": []any{"admin"}, "https://example.com/groups": []any{"eng"}},
			[]string{"admin"}, []string{"eng"}, "", nil},
		{"one role as a string", map[string]any{"roles": "admin"}, []string{"admin"}, nil, "", nil},
		{"roles a number", map[string]any{"roles": 7, "groups": []any{"g"}}, nil, []string{"g"}, "",
			[]string{`claim "roles" is a number, not a list of strings`}},
		{"roles an object", map[string]any{"roles": map[string]any{"admin": true}}, nil, nil, "",
			[]string{`claim "roles" is an object`}},
		{"roles list with a number", map[string]any{"roles": []any{"admin", 3}}, nil, nil, "",
			[]string{`claim "roles" has a number at index 1`}},
		{"realm_access a string", map[string]any{"realm_access": "admin"}, nil, nil, "",
			[]string{`claim "realm_access" is a string, not an object`}},
		{"too many groups for the cookie", map[string]any{"roles": []any{"admin"}, "groups": many}, []string{"admin"}, nil, "",
			[]string{`claim "groups" (400 entries) does not fit the identity cookie`}},
	} {
		t.Run(test.name, func(t *testing.T) {
			t.Parallel()
			p := newProvider(t, authtest.Options{})
			user := map[string]any{"sub": "u1", "name": "Ada"}
			for k, v := range test.claims {
				user[k] = v
			}
			p.SetUser(user)
			a := newApp(t, providerSecrets(p, nil), 1)
			a.Login("")
			u := a.User()
			if !u.LoggedIn {
				t.Fatalf("not logged in; logs:\n%s", a.Logs)
			}
			if !slices.Equal(u.Roles, test.roles) || !slices.Equal(u.Groups, test.groups) {
				t.Errorf("roles %q groups %q, want %q %q", u.Roles, u.Groups, test.roles, test.groups)
			}
			if u.GroupsOverage != (test.overage != "") || u.GroupsSource != test.overage {
				t.Errorf("overage %v %q, want %q", u.GroupsOverage, u.GroupsSource, test.overage)
			}
			if len(u.ClaimProblems) != len(test.problems) {
				t.Fatalf("problems %q, want %q", u.ClaimProblems, test.problems)
			}
			for i, want := range test.problems {
				if !strings.Contains(u.ClaimProblems[i], want) {
					t.Errorf("problem %q lacks %q", u.ClaimProblems[i], want)
				}
				if !strings.Contains(a.Logs.String(), strings.ReplaceAll(want, `"`, `\"`)) { // slog's text quoting
					t.Errorf("problem %q not logged", want)
				}
			}
			for _, r := range test.roles {
				if !u.HasRole(r) {
					t.Errorf("HasRole(%q) = false", r)
				}
			}
			if u.HasRole("root") {
				t.Error("HasRole(\"root\"): another client's role counted")
			}
		})
	}
}
