package sttest

import (
	"maps"
	"slices"

	"github.com/gost-dev/gost/internal/script"
	"github.com/gost-dev/gost/runtime"
	"github.com/gost-dev/gost/st"
)

// RunAs is [Run] for a tab whose user is logged in as user, as after a
// login with a provider: st.User returns its Name, Email, Subject,
// Provider, Claims, Roles and Groups (IsLoggedIn is always true). It tests
// what an app shows to whom without an OpenID provider.
//
//	app := sttest.RunAs(t, st.User{Name: "Ada", Roles: []string{"admin"}}, App)
func RunAs(t TB, user st.User, app func(*st.Ctx)) *App {
	if t == nil {
		t = panicTB{}
	}
	t.Helper()
	claims := maps.Clone(user.Claims)
	if claims == nil {
		claims = map[string]any{}
	}
	for k, v := range map[string]string{"name": user.Name, "email": user.Email, "sub": user.Subject,
		"preferred_username": user.PreferredUsername, "oid": user.OID, "tid": user.TID} {
		if v != "" {
			claims[k] = v
		}
	}
	u := script.User{LoggedIn: true, Provider: user.Provider, Claims: claims, Key: "sttest",
		Roles: slices.Clone(user.Roles), Groups: slices.Clone(user.Groups), ClaimProblems: slices.Clone(user.ClaimProblems)}
	return open(t, "", app, func(s *runtime.Session) { s.SetUser(u) })
}
