package st_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	"github.com/gost-dev/gost/st"
	"github.com/gost-dev/gost/sttest"
)

// pngOf encodes a w×h image of one colour.
func pngOf(t *testing.T, w, h int, c color.Color) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// mediaID returns the id in an image's src, failing unless the src is the
// session's media route with a random id.
func mediaID(t *testing.T, n *sttest.Node) string {
	t.Helper()
	src, _ := n.Props["src"].(string)
	id, ok := strings.CutPrefix(src, "_gost/media/")
	if !ok || len(id) < 32 {
		t.Fatalf("src %q, want _gost/media/ and a random id of 128 bits or more", src)
	}
	return id
}

func TestImageOfPNGBytes(t *testing.T) {
	data := pngOf(t, 3, 2, color.White)
	app := sttest.Run(t, func(st *st.Ctx) {
		st.Image(data, st.Captioned("Sales by region"), st.Width(300))
	})
	imgs := app.All("image")
	if len(imgs) != 1 {
		t.Fatalf("page %v, want one image", app)
	}
	p := imgs[0].Props
	mediaID(t, imgs[0])
	if p["caption"] != "Sales by region" || p["alt"] != "Sales by region" || p["width"] != float64(300) {
		t.Errorf("props %v, want the caption as caption and alt, width 300", p)
	}
	if !app.Contains("Sales by region") {
		t.Errorf("page %v does not show the caption", app)
	}
}

func TestImageWithoutOptions(t *testing.T) {
	data := pngOf(t, 1, 1, color.White)
	app := sttest.Run(t, func(st *st.Ctx) { st.Image(data) })
	p := app.All("image")[0].Props
	if p["caption"] != "" || p["alt"] != "" || p["width"] != float64(0) {
		t.Errorf("props %v, want no caption, empty alt, width 0", p)
	}
}

func TestImageOfAnImageImageIsItsPNG(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 40, 20))
	var want bytes.Buffer
	png.Encode(&want, img)
	app := sttest.Run(t, func(st *st.Ctx) {
		st.Image(img)
		st.Image(want.Bytes())
	})
	imgs := app.All("image")
	if len(imgs) != 2 {
		t.Fatalf("page %v, want two images", app)
	}
	drawn, encoded := mediaID(t, imgs[0]), mediaID(t, imgs[1])
	// The same bytes share one entry: the image.Image became exactly the
	// PNG that image/png makes of it.
	if drawn != encoded {
		t.Errorf("the image.Image is served as %s, its PNG as %s: want the same bytes, so the same id", drawn, encoded)
	}
}

func TestImageOfAURL(t *testing.T) {
	for _, u := range []string{"https://example.com/a.png", "http://example.com/a.svg", "HTTPS://EXAMPLE.COM/B.PNG", "/static/logo.png"} {
		app := sttest.Run(t, func(st *st.Ctx) { st.Image(u, st.Captioned("Logo")) })
		imgs := app.All("image")
		if len(imgs) != 1 || imgs[0].Props["src"] != u {
			t.Errorf("st.Image(%q): page %v, want an image with src %q", u, app.All(), u)
		}
	}
}

func TestImageErrorsShowAndTheRunGoesOn(t *testing.T) {
	var nilImage *image.RGBA
	for _, tt := range []struct {
		name  string
		image any
		width int
		want  string
	}{
		{"javascript: URL", "javascript:alert(1)", 0, "javascript:alert(1)"},
		{"javascript: URL after a space", " javascript:alert(1)", 0, "want http://, https://"},
		{"data: URL", "data:image/png;base64,iVBORw0KGgo=", 0, "want http://, https://"},
		{"relative path", "logo.png", 0, "want http://, https://"},
		{"empty URL", "", 0, "want http://, https://"},
		{"nil", nil, 0, "nil"},
		{"nil *image.RGBA", nilImage, 0, "nil"},
		{"an int", 42, 0, "cannot show a int"},
		{"text bytes", []byte("name,age\nAda,36\n"), 0, "not an image"},
		{"HTML bytes", []byte("<!DOCTYPE html><script>alert(1)</script>"), 0, "not an image"},
		{"no bytes", []byte{}, 0, "no bytes"},
		{"empty image.Image", image.NewRGBA(image.Rect(0, 0, 0, 0)), 0, "invalid image size"},
		{"too large", append(pngOf(t, 1, 1, color.White), make([]byte, st.MaxImageSize)...), 0, "more than gost shows"},
		{"negative width", pngOf(t, 1, 1, color.White), -1, "Width(-1)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			app := sttest.Run(t, func(st *st.Ctx) {
				st.Image(tt.image, st.Width(tt.width))
				st.Text("after")
			})
			ex := app.All("exception")
			if len(ex) != 1 || !strings.Contains(ex[0].Text(), "st.Image") || !strings.Contains(ex[0].Text(), tt.want) {
				t.Errorf("page %v, want one exception about st.Image saying %q", app, tt.want)
			}
			if len(app.All("image")) != 0 {
				t.Errorf("an image was drawn: %v", app.All("image")[0].Props)
			}
			if !app.Contains("after") {
				t.Errorf("the run stopped at the error: %v", app)
			}
		})
	}
}

func TestImageTypes(t *testing.T) {
	gif := []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;")
	jpeg := []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00")
	webp := []byte("RIFF\x1a\x00\x00\x00WEBPVP8 ")
	for _, tt := range []struct {
		name string
		data []byte
	}{
		{"GIF", gif},
		{"JPEG", jpeg},
		{"WebP", webp},
		{"plain SVG", []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>`)},
		{"SVG with a declaration, comment and doctype", []byte("\xef\xbb\xbf<?xml version=\"1.0\"?>\n<!-- made by hand -->\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"x.dtd\">\n<svg\n xmlns=\"http://www.w3.org/2000/svg\"></svg>")},
	} {
		app := sttest.Run(t, func(st *st.Ctx) { st.Image(tt.data) })
		if imgs := app.All("image"); len(imgs) != 1 {
			t.Errorf("%s: page %v, want an image", tt.name, app)
		}
	}
	// Not SVG, though they mention it.
	for _, data := range []string{"<svgx/>", "<html><svg></svg></html>", "<!-- <svg> -->", "<?xml version=\"1.0\"?><note/>"} {
		app := sttest.Run(t, func(st *st.Ctx) { st.Image([]byte(data)) })
		if len(app.All("exception")) != 1 {
			t.Errorf("%q: page %v, want an error", data, app)
		}
	}
}

func TestUnchangedRerunKeepsTheImageSrc(t *testing.T) {
	app := sttest.Run(t, func(st *st.Ctx) {
		// A new image every run, as an app that plots each time makes:
		// the bytes, not the value, decide.
		img := image.NewRGBA(image.Rect(0, 0, 4, 4))
		img.Set(1, 1, color.Black)
		st.Image(img)
		st.Button("Again")
	})
	before := app.All("image")[0].Props["src"]
	app.Click("Again")
	if after := app.All("image")[0].Props["src"]; after != before {
		t.Errorf("src %v became %v although nothing changed", before, after)
	}
	if strings.Contains(string(app.Last), `"ops"`) {
		t.Errorf("an unchanged rerun sent %s, want no ops", app.Last)
	}
}

func TestChangedImageGetsANewSrc(t *testing.T) {
	app := sttest.Run(t, func(st *st.Ctx) {
		n := st.SessionState().Int("n")
		img := image.NewGray(image.Rect(0, 0, 2, 2))
		img.Pix[0] = uint8(n)
		st.Image(img)
		if st.Button("Brighter") {
			st.SessionState().Set("n", n+1)
			st.Rerun()
		}
	})
	before := app.All("image")[0].Props["src"]
	app.Click("Brighter")
	if after := app.All("image")[0].Props["src"]; after == before {
		t.Errorf("the image changed but its src %v did not", before)
	}
}
