// Package benchapp holds the apps gost's benchmarks run: the harness in
// cmd/gostbench over real websockets, and the micro-benchmarks of package
// runtime in memory, so both measure the same pages.
package benchapp

import (
	"fmt"
	"strconv"

	"github.com/gost-dev/gost/st"
)

// The ids of the buttons the benchmarks click. Widget ids are kind:label
// (docs/protocol.md), so they follow from the labels below.
const (
	ClickTrigger   = "button:Add one" // changes one or two elements
	NothingTrigger = "button:Nothing" // changes nothing
)

// Apps are the apps by the names the harness's -app flag takes.
var Apps = map[string]func(*st.Ctx){
	"small":          SmallApp,
	"representative": RepresentativeApp,
}

// SmallApp is the smallest interactive page: the single-session latency is
// then mostly the protocol and the rerun machinery, not the app.
func SmallApp(st *st.Ctx) {
	st.Title("Counter")
	state := st.SessionState()
	if st.Button("Add one") {
		state.Set("n", state.Int("n")+1)
	}
	st.Text("count " + strconv.Itoa(state.Int("n")))
	st.Button("Nothing")
}

// RepresentativeApp is a typical internal-tool page of some 45 elements:
// a sidebar of filters, a form-like block of inputs, a row of metric
// columns, a table-ish list and some prose. A click on "Add one" changes two
// elements (the counter text and one metric), as a click on a real page
// usually changes a few; everything else is recomputed and diffed away, which
// is the work a rerun framework does on every interaction.
func RepresentativeApp(st *st.Ctx) {
	st.Title("Orders dashboard")
	st.Caption("Orders of the last 30 days, by region. Data is refreshed every hour.")

	side := st.Sidebar()
	side.Header("Filters")
	region := side.Selectbox("Region", []string{"Europe", "Americas", "Asia", "Oceania"})
	open := side.Checkbox("Only open orders")
	minimum := side.Slider("Minimum amount", 0, 1000, st.Value(100))
	side.Radio("Sort by", []string{"date", "amount", "customer"}, st.Horizontal(true))
	side.Markdown("Filters apply to every table on the page.")

	st.Header("Customer")
	name := st.TextInput("Name", st.Placeholder("Ada Lovelace"), st.Help("As on the invoice"))
	st.TextInput("Email", st.Placeholder("ada@example.com"))
	st.TextArea("Notes")
	st.NumberInput("Quantity", st.Value(1), st.Min(1), st.Max(99))
	st.Toggle("Express delivery")
	st.Multiselect("Tags", []string{"new", "vip", "wholesale", "returning"}, st.Value([]string{"new"}))
	if name != "" {
		st.Success("Customer " + name + " selected.")
	}

	state := st.SessionState()
	if st.Button("Add one", st.Primary(true)) {
		state.Set("clicks", state.Int("clicks")+1)
	}
	st.Button("Nothing")
	clicks := state.Int("clicks")
	st.Text(fmt.Sprintf("Clicked %d times.", clicks))

	st.Header("Summary")
	cols := st.Columns(1, 1, 1)
	cols[0].Markdown("**Orders** 1,204")
	cols[1].Markdown("**Revenue** $48,210")
	cols[2].Markdown("**Clicks** " + strconv.Itoa(clicks))

	st.Subheader("Recent orders")
	for i := range 10 {
		st.Markdown(fmt.Sprintf("Order **#%d** — %s, %d items, status *shipped*", 1000+i, region, i%4+1))
	}
	st.Divider()
	st.Info(fmt.Sprintf("Showing orders over %v in %s (open only: %v).", minimum, region, open))
	st.Code("SELECT id, customer, amount FROM orders WHERE region = $1 AND amount >= $2", st.Language("sql"))
	st.Markdown("Questions about this page go to the *data team*; see the [wiki](https://example.com/wiki).")
	st.Caption("Last updated 12:00 UTC.")
}
