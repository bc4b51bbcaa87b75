// Pages is a small multipage app: a page config, pages in sections, a
// filter kept in the address, and a link between pages. Run it from the
// repository root with
//
//	go run ./cmd/gost run examples/pages
//
// and open http://localhost:8501/orders?region=North: the address opens
// that page with that filter.
package main

import (
	"fmt"

	"github.com/gost-dev/gost/st"
)

type order struct {
	ID     int     `json:"id"`
	Region string  `json:"region"`
	Total  float64 `json:"total"`
}

var orders = []order{
	{1, "North", 120}, {2, "South", 80}, {3, "North", 45.5}, {4, "East", 300}, {5, "South", 12},
}

var regions = []string{"All", "North", "South", "East"}

// App declares the pages and runs the one the address asks for.
func App(st *st.Ctx) {
	st.SetPageConfig(st.Layout("wide"))
	page := st.Navigation(
		st.Page(overview, st.PageTitle("Overview"), st.PageIcon("🏠")),
		st.Page(ordersPage, st.PageTitle("Orders"), st.PageIcon("📦"), st.URLPath("orders"), st.Section("Sales")),
		st.Page(about, st.PageTitle("About"), st.URLPath("about"), st.Hidden(true)),
	)
	page.Run()
	st.Sidebar().Caption("Pages keep their address: share it.")
}

func overview(st *st.Ctx) {
	st.Title("Overview")
	var total float64
	for _, o := range orders {
		total += o.Total
	}
	st.Metric("Orders", len(orders))
	st.Metric("Revenue", fmt.Sprintf("%.2f €", total))
	st.PageLink("orders", "See the orders")
	st.PageLink("about", "About this app")
}

func ordersPage(st *st.Ctx) {
	st.Title("Orders")
	region := st.Selectbox("Region", regions, st.QueryParam("region"))
	var shown []order
	for _, o := range orders {
		if region == "All" || o.Region == region {
			shown = append(shown, o)
		}
	}
	st.Caption(fmt.Sprintf("%d orders in %s", len(shown), region))
	st.Dataframe(shown)
	if st.Button("Back to the overview") {
		st.SwitchPage("")
	}
}

func about(st *st.Ctx) {
	st.Title("About")
	st.Markdown("A gost app of three pages; this one is hidden from the navigation.")
}
