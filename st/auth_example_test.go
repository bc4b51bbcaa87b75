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

func welcome(st *st.Ctx)  { st.Write("Welcome") }
func settings(st *st.Ctx) { st.Write("Every user's settings") }

// A page for a role is listed and run only for users with it; the others
// are told why not.
func ExampleCtx_AllowedRoles() {
	app := func(st *st.Ctx) {
		st.Navigation(
			st.Page(welcome),
			st.Page(settings, st.AllowedRoles("admin")),
		).Run()
	}
	ada := sttest.RunAs(nil, st.User{Name: "Ada", Roles: []string{"admin"}}, app)
	ada.Navigate("settings", "")
	fmt.Println(ada.Texts())
	bob := sttest.RunAs(nil, st.User{Name: "Bob", Roles: []string{"reader"}}, app)
	bob.Navigate("settings", "")
	fmt.Println(bob.Texts())
	// Output:
	// [Every user's settings]
	// [Not allowed: this page is for users with the role "admin", which Bob does not have.]
}
