// Hello is the smallest gost app. Run it from the repository root with
//
//	go run ./cmd/gost run examples/hello/app.go
package main

import "github.com/gost-dev/gost/st"

// App greets whoever types a name.
func App(st *st.Ctx) {
	st.Title("Hello")
	name := st.TextInput("Your name")
	if name != "" {
		st.Write("Hello, " + name + "!")
	}
}
