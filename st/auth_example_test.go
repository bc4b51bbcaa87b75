package st_test

import (
	"fmt"

	"github.com/gost-dev/gost/st"
	"github.com/gost-dev/gost/sttest"
)

// A user's app roles come from the ID token: Entra's "roles" claim, or
// Keycloak's, Zitadel's, Okta's and Auth0's shapes of it.
func ExampleUser_HasRole() {
	u := st.User{IsLoggedIn: true, Name: "Ada", Roles: []string{"reader", "admin"}}
	fmt.Println(u.HasRole("admin"), u.HasRole("owner"))
	fmt.Println(st.User{Roles: []string{"admin"}}.HasRole("admin")) // logged out: no roles count
	// Output:
	// true false
	// false
}

// RequireRole stops the run where it stands, with the reason in its place.
func ExampleCtx_RequireRole() {
	app := sttest.Run(nil, func(st *st.Ctx) {
		st.Title("Admin")
		st.RequireRole("admin")
		st.Write("Every user's settings")
	})
	fmt.Println(app.Texts())
	// Output:
	// [Admin Not allowed: this page is for users with the role "admin". Please log in.]
}
