// Rating shows a component of its own: the star rating of package stars,
// a Go package that ships a JavaScript module (docs/components.md). Run it
// from the repository root with
//
//	go run ./cmd/gost run examples/rating/app.go
package main

import (
	"fmt"

	"github.com/gost-dev/gost/examples/rating/stars"
	"github.com/gost-dev/gost/st"
)

// App asks for a rating and says what it got.
func App(st *st.Ctx) {
	st.Title("How was it?")
	n := stars.Rating(st, "Your rating", 5, st.Key("rating"))
	if n == 0 {
		st.Text("No rating yet")
		return
	}
	st.Text(fmt.Sprintf("You gave it %d of 5 stars", n))
}
