package st

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/png"
	"net/http"
	"reflect"
	"strings"
)

// Image draws an image: PNG, JPEG, GIF, WebP or SVG bytes (a plot the app
// rendered, a file it read), an [image.Image], which is shown as PNG, or
// the URL of an image elsewhere (http://, https://, or a path on this
// server starting with /). [Ctx.Captioned] puts a caption under it and
// [Ctx.Width] sets its width.
//
//	st.Image(chartPNG, st.Captioned("Sales by region"))
//	st.Image("https://example.com/logo.svg", st.Width(120))
//
// The session holds the bytes, copied, while its page shows the image, and
// serves them only to its own browser. Anything else, such as a URL of
// another scheme, shows as an error in the image's place.
func (c *Ctx) Image(image any, opts ...Option) {
	cfg, ok := c.check(imageElement, "", opts)
	if !ok {
		return
	}
	src, err := c.imageSource(image)
	if err == nil && cfg.width < 0 {
		err = fmt.Errorf("Width(%d): want 0 (the image's own width) or more", cfg.width)
	}
	if err != nil {
		c.fail(imageElement, "", err)
		return
	}
	c.add("image", struct {
		Src     string `json:"src"`
		Caption string `json:"caption,omitempty"`
		Width   int    `json:"width,omitempty"`
		Alt     string `json:"alt,omitempty"`
	}{src, cfg.caption, cfg.width, cfg.caption})
}

var imageElement = element{"image", "st.Image", false, takes(optCaptioned, optWidth)}

// MaxImageSize bounds the bytes of one image. Every rerun that draws it
// copies and hashes them, and the session keeps them while the page shows
// them.
const MaxImageSize = 32 << 20

// mediaPath is where the runtime serves the bytes a page shows, relative to
// the page, like downloadPath.
const mediaPath = "_gost/media/"

// imageSource returns what an image's src is: a URL of the app's, checked,
// or the path of its bytes in the session's media.
func (c *Ctx) imageSource(v any) (string, error) {
	var data []byte
	switch v := v.(type) {
	case string:
		return webURL(v)
	case []byte:
		data = v
	case image.Image:
		if rv := reflect.ValueOf(v); rv.Kind() == reflect.Pointer && rv.IsNil() {
			return "", errors.New("the image is nil")
		}
		var buf bytes.Buffer
		if err := png.Encode(&buf, v); err != nil {
			return "", err
		}
		data = buf.Bytes()
	case nil:
		return "", errors.New("the image is nil")
	default:
		return "", fmt.Errorf("cannot show a %T: want []byte, an image.Image or a URL", v)
	}
	if len(data) > MaxImageSize {
		return "", fmt.Errorf("the image has %.1f MiB, more than gost shows (%d MiB): scale it down or compress it",
			float64(len(data))/(1<<20), MaxImageSize>>20)
	}
	mediaType, err := imageType(data)
	if err != nil {
		return "", err
	}
	return mediaPath + c.run.Media().PutInline(mediaType, data), nil
}

// webURL lets through the URLs a page may point at: the web, and this
// server. Other schemes are refused, javascript: above all, and so are
// data: URLs, whose bytes would go into the props on every change (for an
// image, pass the bytes instead).
func webURL(u string) (string, error) {
	lower := strings.ToLower(u)
	if strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "https://") || strings.HasPrefix(u, "/") {
		return u, nil
	}
	return "", fmt.Errorf("cannot use the URL %q: want http://, https:// or a path starting with /", u)
}

// imageType tells what image data holds from its first bytes, as a browser
// would, but refuses anything that is not an image: the page shows only
// images, never a document.
func imageType(data []byte) (string, error) {
	if len(data) == 0 {
		return "", errors.New("the image has no bytes")
	}
	t := http.DetectContentType(data)
	switch {
	case strings.HasPrefix(t, "image/"):
		return t, nil
	case isSVG(data):
		// DetectContentType calls SVG text/xml, text/plain or, after a
		// comment, text/html: only the content tells.
		return "image/svg+xml", nil
	}
	return "", fmt.Errorf("the bytes are not an image (they look like %s): want PNG, JPEG, GIF, WebP or SVG", t)
}

// isSVG reports whether data is an SVG document: its first element, after
// an XML declaration, comments and a doctype, is <svg>.
func isSVG(data []byte) bool {
	b := bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // a UTF-8 byte order mark
	for {
		b = bytes.TrimLeft(b, " \t\r\n")
		var end string
		switch {
		case bytes.HasPrefix(b, []byte("<svg")):
			return len(b) > 4 && strings.IndexByte(" \t\r\n>/", b[4]) >= 0
		case bytes.HasPrefix(b, []byte("<?")):
			end = "?>"
		case bytes.HasPrefix(b, []byte("<!--")):
			end = "-->"
		case bytes.HasPrefix(b, []byte("<!")):
			end = ">"
		default:
			return false
		}
		_, rest, ok := bytes.Cut(b, []byte(end))
		if !ok {
			return false
		}
		b = rest
	}
}
