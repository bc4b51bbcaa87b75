package main

import (
	"image"
	"image/color"
	"testing"

	"github.com/gost-dev/gost/internal/browsertest"
	"github.com/gost-dev/gost/st"
)

// An image.Image the app draws reaches the page: the browser fetches its
// PNG from the session and decodes it at its own size, with the caption
// under it as text.
func TestImageShowsWhatTheAppDrew(t *testing.T) {
	t.Parallel()
	p, _ := open(t, func(st *st.Ctx) {
		red := image.NewRGBA(image.Rect(0, 0, 40, 20))
		for x := range 40 {
			for y := range 20 {
				red.Set(x, y, color.RGBA{R: 0xff, A: 0xff})
			}
		}
		st.Image(red, st.Captioned("A red bar"))
		st.Image(red, st.Captioned("<b>x</b>"), st.Width(80))
	})
	img := `document.querySelectorAll("figure.image img")`
	p.WaitFor("both images to load", img+`.length === 2 && [...`+img+`].every((i) => i.complete && i.naturalWidth === 40 && i.naturalHeight === 20)`)
	// It is the app's picture, not any 40×20 one: its middle is red.
	red := browsertest.Eval[[]float64](p, `(() => {
		const i = `+img+`[0], c = document.createElement("canvas");
		c.width = i.naturalWidth; c.height = i.naturalHeight;
		const g = c.getContext("2d");
		g.drawImage(i, 0, 0);
		return [...g.getImageData(20, 10, 1, 1).data];
	})()`)
	if len(red) != 4 || red[0] != 255 || red[1] != 0 || red[2] != 0 || red[3] != 255 {
		t.Errorf("the image's middle pixel is %v, want red [255 0 0 255]", red)
	}
	p.WaitTextIn("figure.image figcaption", "A red bar")
	if alt := browsertest.Eval[string](p, img+`[0].alt`); alt != "A red bar" {
		t.Errorf("alt %q, want the caption", alt)
	}
	// A caption is text: markup in it shows as written.
	second := `document.querySelectorAll("figure.image")[1]`
	if got := browsertest.Eval[string](p, second+`.querySelector("figcaption").textContent`); got != "<b>x</b>" {
		t.Errorf("the second caption reads %q, want <b>x</b>", got)
	}
	if bold := browsertest.Eval[bool](p, second+`.querySelector("b") !== null`); bold {
		t.Error("the caption <b>x</b> became a bold element")
	}
	// Width sets the shown width; the picture keeps its proportions.
	if size := browsertest.Eval[[]float64](p, `[`+img+`[1].clientWidth, `+img+`[1].clientHeight]`); len(size) != 2 || size[0] != 80 || size[1] != 40 {
		t.Errorf("the image with Width(80) shows at %v, want 80×40", size)
	}
}
