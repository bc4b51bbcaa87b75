// Hello is the smallest gost app. Run it from the repository root with
//
//	go run ./cmd/gost run examples/hello/app.go
package main

import "github.com/gost-dev/gost/st"

// App draws the page. It is empty until the st package has elements.
func App(st *st.Ctx) {
	_ = st
}
