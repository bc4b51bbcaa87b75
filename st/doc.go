// Package st is the API a gost app is written in.
//
// A gost app is a Go package main with one function:
//
//	package main
//
//	import "github.com/gost-dev/gost/st"
//
//	func App(st *st.Ctx) {
//		st.Title("Counter")
//		if st.Button("Add one") {
//			st.SessionState().Set("n", st.SessionState().Int("n")+1)
//		}
//		st.Write(st.SessionState().Int("n"))
//	}
//
// Run it with `gost run app.go`. As in Streamlit, every browser tab gets a
// session that runs App from top to bottom, and every interaction runs it
// again with the new widget values. Inside App the parameter named st shadows
// this package, so everything an app needs, options and callbacks included,
// is a method of [Ctx].
//
// Streamlit's keyword arguments are options, st.Button("Go",
// st.Primary(true), st.OnClick(save)); each element's documentation lists
// those it reads, and any other is an error shown in its place (see
// [Option]). Every boolean option takes its bool. Where a Streamlit name is
// taken by an element, the option is renamed: caption= is [Ctx.Captioned],
// a date input's min_value= and max_value= are [Ctx.MinDate] and
// [Ctx.MaxDate], a page's title= and icon= are [Ctx.PageTitle] and
// [Ctx.PageIcon] (as set_page_config's page_title= and page_icon=, since
// st.Title draws a title), and a typed session-state name is a
// [StateKey], not a [Ctx.Key]. Since the table's columns are made inside
// App, column_config's entries are made by [Ctx.Column],
// [Ctx.NumberColumn] and the like, of type [ColumnSpec], and passed to
// [Ctx.ColumnConfig] as a list that names the columns, not as a map.
//
// A multipage app declares its pages with [Ctx.Page] and [Ctx.Navigation]
// and runs the one the address asks for; see [Ctx.Navigation].
package st
