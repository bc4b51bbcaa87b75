// Package stars is a gost component: a row of stars the user clicks to
// rate something, drawn by stars.js. It is the example of
// docs/components.md: a Go package that ships a JavaScript module.
package stars

import (
	"embed"
	"fmt"

	"github.com/gost-dev/gost/st"
)

//go:embed stars.js
var files embed.FS

// Max is the most stars a rating has.
const Max = 10

// Props are what stars.js draws.
type Props struct {
	Stars int    `json:"stars"` // how many to draw, 1 to Max
	Label string `json:"label"` // read by screen readers
}

// component is the module and the check of the values it sends: a
// number of stars, 0 (none) to Max. The browser is untrusted: what the
// check refuses never reaches the app.
var component = st.NewComponent("stars", files, "stars.js", func(n int) error {
	if n < 0 || n > Max {
		return fmt.Errorf("%d stars: want 0 to %d", n, Max)
	}
	return nil
})

// Rating draws a row of n stars labelled label and returns how many the
// user chose, 0 until they click one. Options are those of
// st.Component.Call: st.Key, st.Value, st.Disabled, st.OnChange.
func Rating(c *st.Ctx, label string, n int, opts ...st.Option) int {
	return component.Call(c, Props{Stars: n, Label: label}, opts...)
}
