// The app of Streamlit's "Use Microsoft Entra to authenticate users"
// tutorial, in Go. Run it without an Azure account:
//
//	gost run --dev-auth examples/auth
//
// or with Microsoft Entra: copy secrets.toml.example to .gost/secrets.toml,
// fill it in (see the README) and run `gost run examples/auth`.
package main

import (
	"fmt"

	"github.com/gost-dev/gost/st"
)

func loginScreen(st *st.Ctx) {
	st.Header("This app is private.")
	st.Subheader("Please log in.")
	st.Button("Log in with Microsoft", st.OnClick(st.Login))
}

func App(st *st.Ctx) {
	if !st.User().IsLoggedIn {
		loginScreen(st)
	} else {
		st.Header(fmt.Sprintf("Welcome, %s!", st.User().Name))
		st.Button("Log out", st.OnClick(st.Logout))
	}
}
