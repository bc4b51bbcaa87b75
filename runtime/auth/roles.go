package auth

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Where providers put roles and groups in an ID token. Every shape found
// is merged; a claim of the wrong type is reported, never fatal.
//
//	roles   "roles"                              Entra app roles, Okta, Auth0 (rule), dev provider
//	        "realm_access": {"roles": [...]}     Keycloak realm roles
//	        "resource_access": {<client_id>:     Keycloak client roles (ours only)
//	            {"roles": [...]}}
//	        "urn:zitadel:iam:org:project:roles"  Zitadel: an object keyed by role
//	        "…/roles" (a URL)                    Auth0 namespaced custom claims
//	groups  "groups"                             Entra (object ids or names), Okta, Keycloak
//	        "cognito:groups"                     Amazon Cognito
//	        "…/groups" (a URL)                   Auth0 namespaced custom claims
//
// Entra sends no groups but a link to Microsoft Graph when the user is in
// more groups than fit a token (200 in an ID token): _claim_names names
// "groups" and _claim_sources gives the endpoint (the "overage" case).
// That is reported as [User.GroupsOverage]; the app reads the groups from
// Graph (/me/memberOf) with the user's access token.

// grants are the roles and groups a login carries. Roles and Groups are
// read again from the cookie's claims each time (so they take no room of
// their own); what the claims no longer show is kept: the overage and the
// problems found at login.
type grants struct {
	Roles    []string `json:"-"`
	Groups   []string `json:"-"`
	Overage  bool     `json:"ov,omitempty"`
	Source   string   `json:"os,omitempty"` // the overage endpoint
	Problems []string `json:"pr,omitempty"`
}

// isGrantClaim reports whether claim k is one readGrants reads.
func isGrantClaim(k string) bool {
	return k == "roles" || k == "groups" || k == "cognito:groups" || k == "realm_access" || k == "resource_access" ||
		isNamespaced(k, "roles") || isNamespaced(k, "groups") || strings.HasPrefix(k, "urn:zitadel:iam:org:project:")
}

func readGrants(c map[string]any, clientID string) grants {
	var a grants
	list := func(name string, v any) []string {
		out, err := stringList(v)
		if err != "" {
			a.Problems = append(a.Problems, fmt.Sprintf("claim %q %s; ignored", name, err))
		}
		return out
	}
	for _, k := range slices.Sorted(maps.Keys(c)) {
		v := c[k]
		switch {
		case k == "roles" || isNamespaced(k, "roles"):
			a.Roles = append(a.Roles, list(k, v)...)
		case k == "groups" || k == "cognito:groups" || isNamespaced(k, "groups"):
			a.Groups = append(a.Groups, list(k, v)...)
		case k == "realm_access":
			if m, ok := object(&a, k, v); ok {
				a.Roles = append(a.Roles, list(k+".roles", m["roles"])...)
			}
		case k == "resource_access":
			if m, ok := object(&a, k, v); ok && m[clientID] != nil {
				if mine, ok := object(&a, k+"."+clientID, m[clientID]); ok {
					a.Roles = append(a.Roles, list(k+"."+clientID+".roles", mine["roles"])...)
				}
			}
		case k == "urn:zitadel:iam:org:project:roles" ||
			(strings.HasPrefix(k, "urn:zitadel:iam:org:project:") && strings.HasSuffix(k, ":roles")):
			if m, ok := v.(map[string]any); ok {
				a.Roles = append(a.Roles, slices.Sorted(maps.Keys(m))...)
			} else {
				a.Problems = append(a.Problems, fmt.Sprintf("claim %q is %s, not an object keyed by role; ignored", k, kind(v)))
			}
		}
	}
	if names, ok := c["_claim_names"].(map[string]any); ok {
		if src, ok := names["groups"].(string); ok {
			a.Overage = true
			if sources, ok := c["_claim_sources"].(map[string]any); ok {
				if s, ok := sources[src].(map[string]any); ok {
					a.Source, _ = s["endpoint"].(string)
				}
			}
		}
	}
	if c["hasgroups"] == true { // Entra's overage flag in implicit-flow tokens
		a.Overage = true
	}
	a.Roles, a.Groups = dedupe(a.Roles), dedupe(a.Groups)
	return a
}

// object is v as a JSON object, or a problem noted in a.
func object(a *grants, name string, v any) (map[string]any, bool) {
	m, ok := v.(map[string]any)
	if !ok {
		a.Problems = append(a.Problems, fmt.Sprintf("claim %q is %s, not an object; ignored", name, kind(v)))
	}
	return m, ok
}

// stringList reads a list of strings. A single string is a list of one
// (several providers send that for one value). Anything else is a
// problem, described.
func stringList(v any) ([]string, string) {
	switch v := v.(type) {
	case nil:
		return nil, ""
	case string:
		if v == "" {
			return nil, ""
		}
		return []string{v}, ""
	case []any:
		out := make([]string, 0, len(v))
		for i, e := range v {
			s, ok := e.(string)
			if !ok {
				return nil, fmt.Sprintf("has %s at index %d, not a string", kind(e), i)
			}
			out = append(out, s)
		}
		return out, ""
	}
	return nil, fmt.Sprintf("is %s, not a list of strings", kind(v))
}

func kind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case int64, float64:
		return "a number"
	case string:
		return "a string"
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

// isNamespaced matches Auth0-style claims such as
// "https://example.com/roles".
func isNamespaced(k, suffix string) bool {
	return (strings.HasPrefix(k, "https://") || strings.HasPrefix(k, "http://")) && strings.HasSuffix(k, "/"+suffix)
}

func dedupe(s []string) []string {
	var out []string
	for _, v := range s {
		if v != "" && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}
