package st_test

import (
	"fmt"
	"image"
	"image/color"
	"strings"

	"github.com/gost-dev/gost/st"
	"github.com/gost-dev/gost/sttest"
)

// A picture the app draws itself, with the standard library's image
// package: the page shows it as PNG, with its caption underneath. A URL
// shows an image from elsewhere.
func ExampleCtx_Image() {
	app := sttest.Run(nil, func(st *st.Ctx) {
		bar := image.NewRGBA(image.Rect(0, 0, 40, 20))
		for x := range 30 {
			for y := range 20 {
				bar.Set(x, y, color.RGBA{R: 0xff, A: 0xff})
			}
		}
		st.Image(bar, st.Captioned("75 % done"), st.Width(200))
		st.Image("https://example.com/logo.png")
	})
	for _, img := range app.All("image") {
		src := img.Props["src"].(string)
		if strings.HasPrefix(src, "_gost/media/") {
			src = "_gost/media/<id>" // random, known only to this session's page
		}
		fmt.Printf("%s %q width %v\n", src, img.Props["caption"], img.Props["width"])
	}
	// Output:
	// _gost/media/<id> "75 % done" width 200
	// https://example.com/logo.png "" width 0
}
