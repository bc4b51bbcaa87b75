package main

// Multipage apps (issue 11, point 2), as Streamlit's st.navigation e2e
// tests check them (e2e_playwright/st_navigation_test.py): each page has
// its own address, a deep link opens it, back and forward move between
// pages without reloading, hidden and login-only pages, a page that
// panics, an unknown address.

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/gost-dev/gost/internal/browsertest"
	"github.com/gost-dev/gost/runtime"
	"github.com/gost-dev/gost/st"
)

func pagesApp(st *st.Ctx) {
	page := st.Navigation(
		st.Page(homePage, st.PageTitle("Home"), st.PageIcon("🏠")),
		st.Page(reports, st.Section("Reports")),
		st.Page(sales, st.Section("Reports"), st.URLPath("sales-2026")),
		st.Page(secretPage, st.URLPath("secret"), st.Hidden(true)),
		st.Page(accountPage, st.URLPath("account"), st.LoginRequired(true)),
		st.Page(brokenPage, st.URLPath("broken")),
	)
	st.Sidebar().Caption("Shared by every page")
	page.Run()
}

func homePage(st *st.Ctx) {
	st.Title("Welcome home")
	st.Text("name=" + st.TextInput("Name"))
	st.TextInput("Shared", st.Key("shared"))
	if st.Button("To the sales") {
		st.SwitchPage("sales-2026")
	}
	st.PageLink("secret", "The secret page")
}

func reports(st *st.Ctx) {
	st.Title("Reports page")
	// A keyed widget's value is forgotten by a run that does not draw it,
	// as in Streamlit; setting the key keeps it for when the widget comes
	// back (Streamlit's st.session_state.k = st.session_state.k).
	shared := st.SessionState().String("shared")
	st.SessionState().Set("shared", shared)
	st.Text("shared=" + shared)
}

func sales(st *st.Ctx)       { st.Title("Sales page") }
func secretPage(st *st.Ctx)  { st.Title("Secret page") }
func accountPage(st *st.Ctx) { st.Title("Account page") }
func brokenPage(st *st.Ctx)  { panic("this page is broken") }

// navLinks returns the navigation's links as "title path current".
func navLinks(p *browsertest.Page) []string {
	return browsertest.Eval[[]string](p, `[...document.querySelectorAll("#sidebar nav.nav a")].map((a) =>
		a.innerText.trim().replace(/\s+/g, " ") + " " + new URL(a.href).pathname + (a.getAttribute("aria-current") === "page" ? " *" : ""))`)
}

// clickLink clicks, with the mouse, the link whose text contains text.
func clickLink(p *browsertest.Page, text string) {
	p.Do("click the link "+browsertest.Q(text), chromedp.Click(chromedp.JSPath(
		`[...document.querySelectorAll("a")].find((a) => a.innerText.includes(`+browsertest.Q(text)+`) && a.offsetParent)`)))
}

func TestNavigationDeepLinkBackAndForward(t *testing.T) {
	t.Parallel()
	srv := browsertest.Serve(t, pagesApp)
	p := browsertest.New(t)
	p.Open(srv.URL + "reports")
	p.WaitText("Reports page")
	want := []string{"🏠 Home /", "Reports /reports *", "Sales /sales-2026", "Broken page /broken"}
	if got := navLinks(p); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("the navigation lists %q, want %q (hidden and login-only pages left out)", got, want)
	}
	if got := p.Text("#sidebar .nav-section"); got != "REPORTS" && got != "Reports" {
		t.Errorf("the section heading is %q, want Reports", got)
	}
	if !p.HasText("Shared by every page") {
		t.Error("what App draws in the sidebar after Navigation is missing")
	}
	p.WaitFor("the tab's title to be the page's", `document.title === "Reports"`)

	p.Exec(`window.__sameDocument = true`)
	clickLink(p, "Home")
	p.WaitText("Welcome home")
	p.WaitFor("the address to be the app's", `location.pathname === "/"`)
	p.WaitFor("the tab's title to be Home", `document.title === "Home"`)
	p.Exec(`history.back()`)
	p.WaitText("Reports page")
	p.WaitFor("the address to be /reports again", `location.pathname === "/reports"`)
	p.Exec(`history.forward()`)
	p.WaitText("Welcome home")
	if !browsertest.Eval[bool](p, `window.__sameDocument === true`) {
		t.Error("moving between pages reloaded the tab")
	}
}

func TestSwitchPageAddsAHistoryEntry(t *testing.T) {
	t.Parallel()
	srv := browsertest.Serve(t, pagesApp)
	p := browsertest.New(t)
	p.Open(srv.URL)
	n := browsertest.Eval[int](p, `history.length`)
	p.Click("To the sales")
	p.WaitText("Sales page")
	p.WaitFor("the address to be the page's", `location.pathname === "/sales-2026"`)
	if got := browsertest.Eval[int](p, `history.length`); got != n+1 {
		t.Errorf("history has %d entries, want %d: st.SwitchPage pushes", got, n+1)
	}
	p.Exec(`history.back()`)
	p.WaitText("Welcome home")
}

// Values of widgets without a key belong to their page; session state, and
// keyed widgets, are the session's (a keyed widget's value outlives a page
// that does not draw it when that page sets the key, as in Streamlit).
func TestWidgetValuesArePerPageUnlessKeyed(t *testing.T) {
	t.Parallel()
	srv := browsertest.Serve(t, pagesApp)
	p := browsertest.New(t)
	p.Open(srv.URL)
	p.Type("Name", "Ada\n")
	p.WaitText("name=Ada")
	p.Type("Shared", "kept\n")
	p.WaitIdle()
	clickLink(p, "Reports")
	p.WaitText("shared=kept")
	clickLink(p, "Home")
	p.WaitText("Welcome home")
	p.WaitText("name=")
	if p.HasText("name=Ada") {
		t.Error("the page's unkeyed text input kept its value after the user left the page")
	}
	if got := browsertest.Eval[string](p, browsertest.Control("Shared")+`.value`); got != "kept" {
		t.Errorf("the keyed text input shows %q, want kept", got)
	}
}

func TestHiddenAndLoginOnlyPages(t *testing.T) {
	t.Parallel()
	srv := browsertest.Serve(t, pagesApp)
	p := browsertest.New(t)
	p.Open(srv.URL)
	clickLink(p, "The secret page")
	p.WaitText("Secret page")
	p.WaitFor("the address to be the hidden page's", `location.pathname === "/secret"`)

	p.Open(srv.URL + "account")
	p.WaitText("Log in to see this page")
	if p.HasText("Account page") {
		t.Error("a login-only page ran for a logged-out user")
	}
}

func TestUnknownAddressAndBrokenPage(t *testing.T) {
	t.Parallel()
	srv := browsertest.Serve(t, pagesApp)
	p := browsertest.New(t)
	p.Open(srv.URL + "no-such-page")
	p.WaitText("Page not found")
	if len(navLinks(p)) != 4 {
		t.Errorf("the not-found page has no navigation: %q", navLinks(p))
	}
	clickLink(p, "Go to Home")
	p.WaitText("Welcome home")

	clickLink(p, "Broken page")
	p.WaitText("this page is broken")
	clickLink(p, "Reports")
	p.WaitText("Reports page")
	p.WaitNoText("this page is broken")
}

func TestTwoPagesWithOnePathIsAnError(t *testing.T) {
	t.Parallel()
	p, _ := open(t, func(st *st.Ctx) {
		st.Navigation(
			st.Page(reports),
			st.Page(sales, st.URLPath("reports")),
		).Run()
	})
	p.WaitText(`the pages "Reports" and "Sales" have the same URL path "reports"`)
	if p.HasText("Reports page") || p.HasText("Sales page") {
		t.Error("a page ran although the navigation is wrong")
	}
}

// Under --server.baseUrlPath every page's address is under the base.
func TestPagesUnderABasePath(t *testing.T) {
	t.Parallel()
	srv := browsertest.ServeWith(t, pagesApp, runtime.Options{BaseURLPath: "tools/app"}, nil)
	p := browsertest.New(t)
	p.Open(srv.URL + "reports")
	p.WaitText("Reports page")
	clickLink(p, "Home")
	p.WaitText("Welcome home")
	p.WaitFor("the address to be the base", `location.pathname === "/tools/app/"`)
	p.Click("To the sales")
	p.WaitText("Sales page")
	p.WaitFor("the address to be under the base", `location.pathname === "/tools/app/sales-2026"`)
	p.Open(srv.URL + "sales-2026")
	p.WaitText("Sales page")
}

// A widget bound to a query parameter: a shared link restores it, the
// address follows it, and, as the app pushes each choice, back and
// forward step through them (issue 11, point 3).
func TestQueryParamBindingFollowsTheAddress(t *testing.T) {
	t.Parallel()
	regions := []string{"North", "South", "East"}
	srv := browsertest.Serve(t, func(st *st.Ctx) {
		push := func() { st.QueryParams().Push() }
		region := st.Selectbox("Region", regions, st.QueryParam("region"), st.OnChange(push))
		st.Text("region " + region)
	})
	p := browsertest.New(t)
	p.Open(srv.URL + "?region=East")
	p.WaitText("region East")
	n := browsertest.Eval[int](p, `history.length`)
	p.Select("Region", "South")
	p.WaitText("region South")
	p.WaitFor("the address to follow", `location.search === "?region=South"`)
	p.Select("Region", "North")
	p.WaitText("region North")
	p.WaitFor("the default to leave the address", `location.search === ""`)
	if got := browsertest.Eval[int](p, `history.length`); got != n+2 {
		t.Errorf("history has %d entries, want %d: each pushed choice is one", got, n+2)
	}
	p.Exec(`history.back()`)
	p.WaitText("region South")
	p.WaitFor("the select to follow", browsertest.Control("Region")+`.selectedOptions[0]?.textContent === "South"`)
	p.Exec(`history.back()`)
	p.WaitText("region East")

	// A link copied from the address bar, opened elsewhere.
	other := browsertest.New(t)
	other.Open(srv.URL + "?region=South")
	other.WaitText("region South")
}

// st.Position("top") draws the pages in a row at the top of the main
// column instead of the sidebar.
func TestNavigationAtTheTop(t *testing.T) {
	t.Parallel()
	p, _ := open(t, func(st *st.Ctx) {
		st.Navigation(st.Page(homePage, st.PageTitle("Home")), st.Page(reports), st.Position("top")).Run()
	})
	p.WaitText("Welcome home")
	if n := browsertest.Eval[int](p, `document.querySelectorAll("#sidebar nav.nav").length`); n != 0 {
		t.Error("a top navigation is in the sidebar")
	}
	row := browsertest.Eval[map[string]float64](p, `(() => {
		const nav = document.querySelector("#main nav.nav.top"), as = nav.querySelectorAll("a");
		return { links: as.length, sameRow: as[0].getBoundingClientRect().top === as[1].getBoundingClientRect().top ? 1 : 0,
			first: nav === document.querySelector("#main > .block").firstElementChild ? 1 : 0 };
	})()`)
	if row["links"] != 2 || row["sameRow"] != 1 || row["first"] != 1 {
		t.Errorf("the top navigation: %v, want 2 links in one row, first in the main column", row)
	}
	clickLink(p, "Reports")
	p.WaitText("Reports page")
}

// A page's URL path may be any letters (Streamlit's mpa_v2_unicode_paths):
// the address carries them encoded, the app sees them as written.
func TestUnicodePagePath(t *testing.T) {
	t.Parallel()
	srv := browsertest.Serve(t, func(st *st.Ctx) {
		st.Navigation(st.Page(homePage, st.PageTitle("Home")), st.Page(reports, st.URLPath("über"), st.PageTitle("Über"))).Run()
	})
	p := browsertest.New(t)
	p.Open(srv.URL + "%C3%BCber")
	p.WaitText("Reports page")
	clickLink(p, "Home")
	p.WaitText("Welcome home")
	clickLink(p, "Über")
	p.WaitText("Reports page")
	p.WaitFor("the address to be the page's, encoded", `location.pathname === "/%C3%BCber"`)
}
