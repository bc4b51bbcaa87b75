package st_test

import (
	"fmt"

	"github.com/gost-dev/gost/st"
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
