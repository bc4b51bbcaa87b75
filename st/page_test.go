package st_test

import (
	"strings"
	"testing"

	"github.com/gost-dev/gost/st"
	"github.com/gost-dev/gost/sttest"
)

func TestSetPageConfig(t *testing.T) {
	app := sttest.Run(t, func(st *st.Ctx) {
		st.SetPageConfig(st.PageTitle("Sales"), st.PageIcon("📈"))
		st.SetPageConfig(st.Layout("wide"), st.InitialSidebarState("collapsed"))
	})
	want := sttest.PageConfig{Title: "Sales", Icon: "📈", Layout: "wide", Sidebar: "collapsed"}
	if app.Config != want {
		t.Errorf("the page config is %+v, want %+v: each call sets what it is given", app.Config, want)
	}
}

func TestSetPageConfigMistakes(t *testing.T) {
	for _, tc := range []struct {
		name string
		opt  func(st *st.Ctx) st.Option
		want string
	}{
		{"layout", func(st *st.Ctx) st.Option { return st.Layout("full") }, `st.SetPageConfig: Layout("full"): want "centered" or "wide"`},
		{"sidebar", func(st *st.Ctx) st.Option { return st.InitialSidebarState("open") }, `st.SetPageConfig: InitialSidebarState("open"): want "auto", "expanded" or "collapsed"`},
		{"icon markup", func(st *st.Ctx) st.Option { return st.PageIcon(`<img src=x>`) }, `st.SetPageConfig: PageIcon("<img src=x>"): want an emoji`},
		{"icon scheme", func(st *st.Ctx) st.Option { return st.PageIcon("javascript:alert(1)") }, `st.SetPageConfig: PageIcon("javascript:alert(1)"): cannot use the URL`},
		{"other option", func(st *st.Ctx) st.Option { return st.Key("k") }, `st.SetPageConfig: option Key does not apply`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			app := sttest.Run(t, func(st *st.Ctx) {
				st.SetPageConfig(st.PageTitle("Kept"))
				st.SetPageConfig(tc.opt(st), st.PageTitle("Not taken"))
			})
			ex := app.All("exception")
			if len(ex) != 1 || !strings.HasPrefix(ex[0].Text(), tc.want) {
				t.Errorf("page %s, want one exception %q", app, tc.want)
			}
			if app.Config.Title != "Kept" {
				t.Errorf("a wrong call changed the title to %q", app.Config.Title)
			}
		})
	}
	// An image's URL is an icon too.
	app := sttest.Run(t, func(st *st.Ctx) { st.SetPageConfig(st.PageIcon("/static/logo.png")) })
	if app.Config.Icon != "/static/logo.png" || len(app.All("exception")) != 0 {
		t.Errorf("an image URL as icon: config %+v, page %s", app.Config, app)
	}
}

func homeP(st *st.Ctx) {
	st.Title("Home page")
	st.Text("name=" + st.TextInput("Name"))
	st.Text("shared=" + st.TextInput("Shared", st.Key("shared")))
}

func salesReport(st *st.Ctx) {
	st.Title("Sales page")
	st.Text("name=" + st.TextInput("Name"))
	// A keyed widget is one widget on every page that draws it. (One that
	// a page's run does not draw is forgotten, keyed or not, as in
	// Streamlit.)
	st.Text("shared=" + st.TextInput("Shared", st.Key("shared")))
	if st.Button("Home") {
		st.SwitchPage("")
	}
}

func adminP(st *st.Ctx) { st.Title("Admin page") }

var literalPage = func(*st.Ctx) {}

func hiddenP(st *st.Ctx) { st.Title("Hidden page") }

func pages(st *st.Ctx) {
	st.Sidebar().Text("filter=" + st.Sidebar().TextInput("Filter"))
	st.Navigation(
		st.Page(homeP, st.PageTitle("Home"), st.PageIcon("🏠")),
		st.Page(salesReport, st.Section("Reports")),
		st.Page(adminP, st.URLPath("admin"), st.LoginRequired(true)),
		st.Page(hiddenP, st.URLPath("hidden"), st.Hidden(true)),
	).Run()
	st.Text("footer=" + st.TextInput("Footer"))
}

func navOf(t *testing.T, app *sttest.App) []any {
	t.Helper()
	nav := app.All("nav")
	if len(nav) != 1 {
		t.Fatalf("the page has %d navigations: %s", len(nav), app)
	}
	return nav[0].Props["pages"].([]any)
}

func TestNavigationRunsThePageOfTheAddress(t *testing.T) {
	app := sttest.Run(t, pages)
	if !app.Contains("Home page") || app.Config.Title != "Home" || app.Config.Icon != "🏠" {
		t.Fatalf("at the app's address: page %s, config %+v; want the default page, its title and icon", app, app.Config)
	}
	var listed []string
	for _, p := range navOf(t, app) {
		p := p.(map[string]any)
		listed = append(listed, p["title"].(string)+"@"+p["path"].(string)+"#"+strOf(p["section"]))
	}
	if want := "Home@# Sales report@sales_report#Reports"; strings.Join(listed, " ") != want {
		t.Errorf("the navigation lists %q, want %q (names from the funcs; hidden and login-only left out)", strings.Join(listed, " "), want)
	}
	app.Navigate("sales_report", "")
	if !app.Contains("Sales page") || app.Config.Title != "Sales report" {
		t.Errorf("at /sales_report: page %s, title %q", app, app.Config.Title)
	}
	if cur := app.All("nav")[0].Props["current"]; cur != "sales_report" {
		t.Errorf("the navigation's current page is %v", cur)
	}
	app.Navigate("home_p", "") // the default page's own path leads to it
	if !app.Contains("Home page") {
		t.Errorf("at /home_p: %s", app)
	}
	app.Navigate("hidden", "")
	if !app.Contains("Hidden page") {
		t.Errorf("a hidden page does not open at its address: %s", app)
	}
	app.Navigate("admin", "")
	if app.Contains("Admin page") || !app.Contains("Log in to see this page") {
		t.Errorf("a login-only page for a logged-out user: %s", app)
	}
	app.Navigate("nowhere", "")
	if !app.Contains("Page not found") || !app.Contains("This app has no page at /nowhere.") || len(app.All("nav")) != 1 {
		t.Errorf("an unknown address: %s, want a not-found page with the navigation", app)
	}
}

func strOf(v any) string { s, _ := v.(string); return s }

func TestWidgetValuesBelongToTheirPage(t *testing.T) {
	app := sttest.Run(t, pages)
	app.Set("text_input", "Name", "Ada")
	app.Set("text_input", "Shared", "kept")
	app.Set("text_input", "Filter", "red")
	app.Set("text_input", "Footer", "f")
	app.Navigate("sales_report", "")
	if !app.Contains("name=") || app.Contains("name=Ada") {
		t.Errorf("another page's widget with the same label took its value: %s", app)
	}
	if !app.Contains("shared=kept") {
		t.Errorf("the keyed widget is not the same on both pages: %s", app)
	}
	app.Navigate("", "")
	if app.Contains("name=Ada") || !app.Contains("shared=kept") || !app.Contains("filter=red") || !app.Contains("footer=f") {
		t.Errorf("back home: %s; want the page's unkeyed widget at its default, the keyed one both pages draw and those App draws around the pages kept", app)
	}
}

func TestSwitchPage(t *testing.T) {
	app := sttest.Run(t, pages)
	app.Navigate("sales_report", "x=1")
	app.Click("Home")
	if !app.Contains("Home page") || app.Path != "" || app.Query != "" || app.Pushes != 1 {
		t.Errorf("after SwitchPage: page %s, address %q?%q, %d pushes; want home, no query, one history entry", app, app.Path, app.Query, app.Pushes)
	}
	// The default page by its own URL path is the app's address.
	app = sttest.Run(t, func(st *st.Ctx) {
		st.Navigation(st.Page(homeP), st.Page(salesReport)).Run()
		if st.Button("To home_p") {
			st.SwitchPage("home_p")
		}
	})
	app.Navigate("sales_report", "")
	app.Click("To home_p")
	if !app.Contains("Home page") || app.Path != "" {
		t.Errorf("SwitchPage to the default page's own path: page %s at %q", app, app.Path)
	}
}

func TestNavigationMistakes(t *testing.T) {
	for _, tc := range []struct {
		name string
		app  func(st *st.Ctx)
		want string
	}{
		{"one path twice", func(st *st.Ctx) {
			st.Navigation(st.Page(homeP), st.Page(adminP, st.URLPath("home_p"))).Run()
		}, `st.Navigation: the pages "Home p" and "Admin p" have the same URL path "home_p"`},
		{"two defaults", func(st *st.Ctx) {
			st.Navigation(st.Page(homeP, st.Default(true)), st.Page(adminP, st.Default(true))).Run()
		}, `st.Navigation: the pages "Home p" and "Admin p" are both st.Default`},
		{"func literal", func(st *st.Ctx) {
			st.Navigation(st.Page(literalPage)).Run()
		}, `st.Page (page 1 of st.Navigation): the page's function has no name (a func literal): give the page st.URLPath and st.PageTitle`},
		{"bad path", func(st *st.Ctx) {
			st.Navigation(st.Page(homeP, st.URLPath("a/b"))).Run()
		}, `st.Page "Home p": URL path "a/b": want one path segment`},
		{"reserved path", func(st *st.Ctx) {
			st.Navigation(st.Page(homeP, st.URLPath("_gost"))).Run()
		}, `st.Page "Home p": URL path "_gost"`},
		{"no pages", func(st *st.Ctx) { st.Navigation().Run() }, `st.Navigation: no pages`},
		{"switch before navigation", func(st *st.Ctx) { st.SwitchPage("x") }, `st.SwitchPage: the app has no pages: call st.Navigation first`},
		{"switch to nowhere", func(st *st.Ctx) {
			st.Navigation(st.Page(homeP), st.Page(adminP))
			st.SwitchPage("nowhere")
		}, `st.SwitchPage: no page has the URL path "nowhere"; the pages are "", "admin_p"`},
		{"position", func(st *st.Ctx) {
			st.Navigation(st.Page(homeP), st.Position("left")).Run()
		}, `st.Navigation: Position("left"): want "sidebar", "top" or "hidden"`},
		{"other option", func(st *st.Ctx) {
			st.Navigation(st.Page(homeP), st.Key("k")).Run()
		}, `st.Navigation: option Key does not apply (st.Navigation takes Page, Position)`},
		{"no roles", func(st *st.Ctx) {
			st.Navigation(st.Page(homeP, st.AllowedRoles())).Run()
		}, `st.Page (page 1 of st.Navigation): AllowedRoles([]): want one or more roles, none empty`},
		{"an empty role", func(st *st.Ctx) {
			st.Navigation(st.Page(homeP, st.AllowedRoles("admin", ""))).Run()
		}, `st.Page (page 1 of st.Navigation): AllowedRoles(["admin" ""]): want one or more roles`},
		{"link to nowhere", func(st *st.Ctx) {
			st.Navigation(st.Page(homeP))
			st.PageLink("nowhere", "Go")
		}, `st.PageLink "Go": no page has the URL path "nowhere"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			app := sttest.Run(t, tc.app)
			ex := app.All("exception")
			if len(ex) != 1 || !strings.HasPrefix(ex[0].Text(), tc.want) {
				t.Errorf("page %s, want one exception %q", app, tc.want)
			}
			if app.Contains("Home page") || app.Contains("Admin page") {
				t.Errorf("a page ran although the navigation is wrong: %s", app)
			}
		})
	}
}

func TestPageLink(t *testing.T) {
	app := sttest.Run(t, func(st *st.Ctx) {
		st.Navigation(st.Page(homeP, st.PageIcon("🏠")), st.Page(salesReport))
		st.PageLink("", "")
		st.PageLink("sales_report", "Sales", st.PageIcon("📈"))
		st.PageLink("https://example.com/docs", "Docs")
	})
	links := app.All("page_link")
	if len(links) != 3 {
		t.Fatalf("page %s, want 3 page links", app)
	}
	got := []string{}
	for _, l := range links {
		got = append(got, l.Text()+" "+strOf(l.Props["icon"])+" "+strOf(l.Props["path"])+" "+map[bool]string{true: "current"}[l.Props["current"] == true]+map[bool]string{true: "external"}[l.Props["external"] == true])
	}
	want := []string{"Home p 🏠  current", "Sales 📈 sales_report ", "Docs  https://example.com/docs external"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("the links are %q, want %q", got, want)
	}
}

// A widget bound to a query parameter starts from the address, and the
// address follows it, without the parameter at the default.
func TestQueryParamBinding(t *testing.T) {
	regions := []string{"North", "South", "East"}
	var got []string
	app := sttest.RunAt(t, "region=East&n=4&on=true&q=hi&other=1", func(st *st.Ctx) {
		region := st.Selectbox("Region", regions, st.QueryParam("region"))
		n := st.Slider("N", 0, 10, st.QueryParam("n"))
		on := st.Checkbox("On", st.QueryParam("on"))
		q := st.TextInput("Search", st.QueryParam("q"), st.Key("search"))
		got = append(got, region, strings.TrimSpace(strings.Repeat("x", int(n))), map[bool]string{true: "on", false: "off"}[on], q)
	})
	if last := strings.Join(got[len(got)-4:], " "); last != "East xxxx on hi" {
		t.Errorf("opened with the address's values, the widgets read %q", last)
	}
	app.Choose("selectbox", "Region", "South")
	if app.Query != "n=4&on=true&other=1&q=hi&region=South" {
		t.Errorf("after a choice the address is %q", app.Query)
	}
	app.Set("slider", "N", 0)
	app.Set("checkbox", "On", false)
	if app.Query != "other=1&q=hi&region=South" {
		t.Errorf("widgets at their defaults leave the address: %q", app.Query)
	}
	// Back: the browser arrives at an older address, and the widgets follow.
	app.Navigate("", "region=Nowhere&n=99&q=")
	if last := strings.Join(got[len(got)-4:], " "); last != "North xxxxxxxxxx off " {
		t.Errorf("at an address with values the widgets cannot take, they read %q, want the defaults (a slider clamps)", last)
	}
}

func TestQueryParamsPush(t *testing.T) {
	app := sttest.Run(t, func(st *st.Ctx) {
		if st.Button("Open 7") {
			st.QueryParams().Set("order", "7")
			st.QueryParams().Push()
		}
		if st.Button("Sort") {
			st.QueryParams().Set("sort", "asc")
		}
	})
	app.Click("Open 7")
	app.Click("Sort")
	if app.Query != "order=7&sort=asc" || app.Pushes != 1 {
		t.Errorf("address %q after %d pushes, want order=7&sort=asc after 1 (Sort replaces)", app.Query, app.Pushes)
	}
}

func TestNavigationPosition(t *testing.T) {
	for _, tc := range []struct {
		position string
		where    string // "sidebar", "main" or "" for none
	}{
		{"", "sidebar"}, {"sidebar", "sidebar"}, {"top", "main"}, {"hidden", ""},
	} {
		t.Run(tc.position, func(t *testing.T) {
			app := sttest.Run(t, func(c *st.Ctx) {
				opts := []st.Option{c.Page(homeP), c.Page(adminP)}
				if tc.position != "" {
					opts = append(opts, c.Position(tc.position))
				}
				c.Navigation(opts...).Run()
			})
			where := ""
			for i, block := range []string{"main", "sidebar"} {
				for _, n := range app.Page.Children[i].Children {
					if n.Kind == "nav" {
						where = block
						if got, want := n.Props["position"] == "top", tc.position == "top"; got != want {
							t.Errorf("the nav's position prop is %v", n.Props["position"])
						}
					}
				}
			}
			if where != tc.where || !app.Contains("Home page") {
				t.Errorf("Position(%q): the navigation is in %q, want %q; page %s", tc.position, where, tc.where, app)
			}
		})
	}
}

func aboutP(st *st.Ctx) { st.Title("About page") }
func auditP(st *st.Ctx) { st.Title("Audit page") }

func rolePages(st *st.Ctx) {
	st.Navigation(
		st.Page(homeP, st.PageTitle("Home")),
		st.Page(aboutP, st.PageTitle("About")),
		st.Page(adminP, st.PageTitle("Admin"), st.URLPath("admin"), st.AllowedRoles("admin")),
		st.Page(auditP, st.PageTitle("Audit"), st.URLPath("audit"), st.AllowedRoles("admin", "auditor")),
		st.Page(hiddenP, st.PageTitle("Members"), st.URLPath("members"), st.LoginRequired(true)),
	).Run()
}

// TestAllowedRoles: a page for roles is listed and run only for a user
// with one of them; anyone else finds it left out of the navigation, and
// at its address a "not allowed" in its place that says why.
func TestAllowedRoles(t *testing.T) {
	type visit struct{ path, want, not string }
	for _, tc := range []struct {
		name   string
		user   *st.User // nil: logged out
		listed string
		visits []visit
	}{
		{"logged out", nil, "Home About", []visit{
			{"admin", `Not allowed: this page is for users with the role "admin". Please log in.`, "Admin page"},
			{"audit", `Not allowed: this page is for users with one of the roles "admin", "auditor". Please log in.`, "Audit page"},
			{"members", "Log in to see this page", "Hidden page"},
		}},
		{"without the roles", &st.User{Name: "Ada", Roles: []string{"reader"}}, "Home About Members", []visit{
			{"admin", `Not allowed: this page is for users with the role "admin", which Ada does not have.`, "Admin page"},
			{"audit", `Not allowed: this page is for users with one of the roles "admin", "auditor", none of which Ada has.`, "Audit page"},
			{"members", "Hidden page", "Not allowed"},
		}},
		{"with one of the roles", &st.User{Name: "Ada", Roles: []string{"reader", "auditor"}}, "Home About Audit Members", []visit{
			{"admin", `which Ada does not have`, "Admin page"},
			{"audit", "Audit page", "Not allowed"},
		}},
		{"with every role", &st.User{Name: "Ada", Roles: []string{"admin"}}, "Home About Admin Audit Members", []visit{
			{"admin", "Admin page", "Not allowed"},
			{"audit", "Audit page", "Not allowed"},
		}},
		{"roles that could not be read", &st.User{Name: "Ada", ClaimProblems: []string{`"roles" is a number`}}, "Home About Members", []visit{
			{"admin", `your roles could not be read ("roles" is a number)`, "Admin page"},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var app *sttest.App
			if tc.user == nil {
				app = sttest.Run(t, rolePages)
			} else {
				app = sttest.RunAs(t, *tc.user, rolePages)
			}
			var listed []string
			for _, p := range navOf(t, app) {
				listed = append(listed, p.(map[string]any)["title"].(string))
			}
			if got := strings.Join(listed, " "); got != tc.listed {
				t.Errorf("the navigation lists %q, want %q", got, tc.listed)
			}
			for _, v := range tc.visits {
				app.Navigate(v.path, "")
				if !app.Contains(v.want) || app.Contains(v.not) {
					t.Errorf("at /%s: page %s, want %q and not %q", v.path, app, v.want, v.not)
				}
				if len(app.All("nav")) != 1 {
					t.Errorf("at /%s: page %s, want the navigation", v.path, app)
				}
				loginButton := false
				for _, b := range app.All("button") {
					loginButton = loginButton || b.Props["label"] == "Log in"
				}
				if loginButton != (tc.user == nil) {
					t.Errorf("at /%s: a Log in button: %v, want %v", v.path, loginButton, tc.user == nil)
				}
			}
		})
	}
}
