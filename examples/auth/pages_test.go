package main

import (
	"strings"
	"testing"

	"github.com/gost-dev/gost/internal/browsertest"
	"github.com/gost-dev/gost/st"
)

func publicPage(st *st.Ctx)  { st.Text("Anyone may read this.") }
func accountPage(st *st.Ctx) { st.Text("The account of " + st.User().Name) }

func pagesApp(st *st.Ctx) {
	st.Navigation(
		st.Page(publicPage, st.PageTitle("Public")),
		st.Page(accountPage, st.PageTitle("Account"), st.URLPath("account"), st.LoginRequired(true)),
	).Run()
}

func listed(p *browsertest.Page) string {
	return strings.Join(browsertest.Eval[[]string](p, `[...document.querySelectorAll("nav.nav a")].map((a) => a.innerText.trim())`), ",")
}

// A login-only page is left out of the navigation (which, with one page
// left to list, is not drawn) and asks a logged-out user to log in, who
// comes back to it, now listed, after the login.
func TestLoginOnlyPage(t *testing.T) {
	t.Parallel()
	url := serveApp(t, pagesApp)
	p := browsertest.New(t)
	p.Open(url)
	p.WaitText("Anyone may read this.")
	if got := listed(p); got != "" {
		t.Errorf("logged out, on the one page listed, the navigation lists %q, want none: one page needs none", got)
	}
	p.Open(url + "account")
	p.WaitText("Log in to see this page")
	if got := listed(p); got != "" {
		t.Errorf("logged out, the navigation lists %q, want none: it would list one page", got)
	}
	if p.HasText("The account of") {
		t.Fatal("the login-only page ran for a logged-out user")
	}
	p.Click("Log in")
	logIn(p, "Ada Lovelace", "ada@example.com")
	p.WaitText("The account of Ada Lovelace")
	p.WaitFor("the login to come back to the page", `location.pathname === "/account"`)
	if got := listed(p); got != "Public,Account" {
		t.Errorf("logged in, the navigation lists %q, want Public,Account", got)
	}
}

func adminPage(st *st.Ctx) { st.Text("The admin console") }

func rolesApp(st *st.Ctx) {
	st.Navigation(
		st.Page(publicPage, st.PageTitle("Public")),
		st.Page(accountPage, st.PageTitle("Account"), st.URLPath("account"), st.LoginRequired(true)),
		st.Page(adminPage, st.PageTitle("Admin"), st.URLPath("admin"), st.AllowedRoles("admin")),
	).Run()
}

// A page for a role, with roles from the development provider's ID
// token: a user without the role finds it left out of the navigation and
// "not allowed" at its address; an admin finds it listed and it runs.
func TestRolePage(t *testing.T) {
	t.Parallel()
	url := serveApp(t, rolesApp)
	for _, tc := range []struct {
		name, roles, listed, want, not string
	}{
		{"Ada Lovelace", "reader", "Public,Account", `Not allowed: this page is for users with the role "admin", which Ada Lovelace does not have.`, "The admin console"},
		{"Grace Hopper", "reader, admin", "Public,Account,Admin", "The admin console", "Not allowed"},
	} {
		p := browsertest.New(t)
		p.Open(url + "admin")
		p.WaitText(`Not allowed: this page is for users with the role "admin". Please log in.`)
		p.Click("Log in")
		p.WaitText("gost development login")
		p.Exec(`document.querySelector("input[name=roles]").value = ` + browsertest.Q(tc.roles))
		logIn(p, tc.name, strings.ToLower(strings.Fields(tc.name)[0])+"@example.com")
		p.WaitText(tc.want)
		p.WaitFor("the login to come back to the page", `location.pathname === "/admin"`)
		if p.HasText(tc.not) {
			t.Errorf("%s with roles %q at /admin: the page shows %q", tc.name, tc.roles, tc.not)
		}
		if got := listed(p); got != tc.listed {
			t.Errorf("%s with roles %q: the navigation lists %q, want %q", tc.name, tc.roles, got, tc.listed)
		}
	}
}
