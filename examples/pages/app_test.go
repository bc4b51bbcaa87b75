package main

// The pages example as its user meets it, in headless Chromium.

import (
	"os"
	"testing"

	"github.com/gost-dev/gost/internal/browsertest"
)

func TestMain(m *testing.M) { os.Exit(browsertest.Main(m)) }

// A shared address opens its page with its filter; the filter follows
// into the address; the navigation and the switch back work.
func TestOrdersLinkKeepsTheFilter(t *testing.T) {
	t.Parallel()
	srv := browsertest.Serve(t, App)
	p := browsertest.New(t)
	p.Open(srv.URL + "orders?region=North")
	p.WaitText("2 orders in North")
	p.WaitFor("the tab's title", `document.title === "Orders"`)
	p.Select("Region", "South")
	p.WaitText("2 orders in South")
	p.WaitFor("the address to follow", `location.pathname === "/orders" && location.search === "?region=South"`)
	p.Click("Back to the overview")
	p.WaitText("Revenue")
	p.WaitFor("the address to be the app's", `location.pathname === "/" && location.search === ""`)
	if got := browsertest.Eval[int](p, `document.querySelectorAll("#sidebar nav.nav a").length`); got != 2 {
		t.Errorf("the navigation has %d links, want 2 (About is hidden)", got)
	}
	p.Exec(`[...document.querySelectorAll("a")].find((a) => a.innerText.includes("About this app")).click()`)
	p.WaitText("this one is hidden from the navigation")
}
