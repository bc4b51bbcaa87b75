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
package st
