package st_test

import (
	"fmt"

	"github.com/gost-dev/gost/st"
	"github.com/gost-dev/gost/sttest"
)

func overview(st *st.Ctx) { st.Title("Overview") }

func salesByRegion(st *st.Ctx) {
	st.Title("Sales by region")
	if st.Button("Back") {
		st.SwitchPage("")
	}
}

// An app of two pages: each has its own address, and the navigation, a
// link, st.SwitchPage, back and forward move between them.
func ExampleCtx_Navigation() {
	app := sttest.Run(nil, func(st *st.Ctx) {
		page := st.Navigation(
			st.Page(overview, st.PageIcon("🏠")),
			st.Page(salesByRegion, st.URLPath("sales"), st.Section("Reports")),
		)
		page.Run()
	})
	fmt.Println(app.Texts(), app.Config.Title)
	app.Navigate("sales", "")
	fmt.Println(app.Texts(), app.Config.Title)
	app.Click("Back")
	fmt.Printf("%s %q\n", app.Texts(), app.Path)
	// Output:
	// [Overview] Overview
	// [Sales by region Back] Sales by region
	// [Overview] ""
}

// The browser's tab shows the title and icon; the main column takes the
// window's width.
func ExampleCtx_SetPageConfig() {
	app := sttest.Run(nil, func(st *st.Ctx) {
		st.SetPageConfig(st.PageTitle("Sales"), st.PageIcon("📈"), st.Layout("wide"))
		st.Title("Sales")
	})
	fmt.Printf("%+v\n", app.Config)
	// Output: {Title:Sales Icon:📈 Layout:wide Sidebar:}
}

// A widget bound to a query parameter starts from the address, and the
// address follows it: a link copied from the address bar opens the same
// view.
func ExampleCtx_QueryParam() {
	app := sttest.RunAt(nil, "region=East", func(st *st.Ctx) {
		region := st.Selectbox("Region", []string{"North", "South", "East"}, st.QueryParam("region"))
		st.Text("Orders in " + region)
	})
	fmt.Println(app.Texts())
	app.Choose("selectbox", "Region", "South")
	fmt.Println(app.Query)
	app.Choose("selectbox", "Region", "North") // the default: not in the address
	fmt.Printf("%q\n", app.Query)
	// Output:
	// [Region Orders in East]
	// region=South
	// ""
}
