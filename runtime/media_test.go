package runtime

import (
	"bytes"
	"image"
	"image/png"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/gost-dev/gost/st"
)

// mediaSrc finds the srcs of the images in a run's message.
var mediaSrc = regexp.MustCompile(`"src":"(_gost/media/[0-9a-f]+)"`)

// srcsIn returns the image srcs in a run's message, failing unless there
// are n.
func srcsIn(t *testing.T, m msg, n int) []string {
	t.Helper()
	var srcs []string
	for _, s := range mediaSrc.FindAllSubmatch(m.raw, -1) {
		srcs = append(srcs, string(s[1]))
	}
	if len(srcs) != n {
		t.Fatalf("%d image srcs in %s, want %d", len(srcs), m.raw, n)
	}
	return srcs
}

func TestImageServesTheExactBytesInline(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 40, 20))
	img.Pix[3] = 0xff
	var want bytes.Buffer
	png.Encode(&want, img)
	svg := []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><script>alert(document.cookie)</script><rect width="8" height="8" fill="red"/></svg>`)
	_, ts := testServer(t, func(st *st.Ctx) {
		st.Image(img)
		st.Image(svg)
	})
	b := dial(t, ts)
	b.hello("", nil)
	srcs := srcsIn(t, b.until("done"), 2)

	for i, tt := range []struct {
		body []byte
		typ  string
	}{{want.Bytes(), "image/png"}, {svg, "image/svg+xml"}} {
		resp, body := get(t, http.DefaultClient, ts.URL+"/"+srcs[i])
		if resp.StatusCode != 200 || !bytes.Equal(body, tt.body) {
			t.Fatalf("GET %s: %d, %d bytes; want 200 and the %d bytes drawn", srcs[i], resp.StatusCode, len(body), len(tt.body))
		}
		for name, want := range map[string]string{
			"Content-Type":            tt.typ,
			"Content-Disposition":     "inline",
			"X-Content-Type-Options":  "nosniff",
			"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
			"Cache-Control":           "private, max-age=31536000, immutable",
		} {
			if got := resp.Header.Get(name); got != want {
				t.Errorf("%s: %s %q, want %q", tt.typ, name, got, want)
			}
		}
	}
}

// The two routes serve only their own kind of file: a download is never
// shown inline, where an HTML file could run as a page, and an image's id
// is no download.
func TestImagesAndDownloadsKeepToTheirRoutes(t *testing.T) {
	data := []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;")
	_, ts := testServer(t, func(st *st.Ctx) {
		st.Image(data)
		st.DownloadButton("Save", data, "dot.gif")
	})
	b := dial(t, ts)
	b.hello("", nil)
	done := b.until("done")
	imageSrc, download := srcsIn(t, done, 1)[0], urlIn(t, done)
	imageID, downloadID := imageSrc[len("_gost/media/"):], download[len("_gost/download/"):]
	if imageID == downloadID {
		t.Fatalf("the image and the download share the id %s", imageID)
	}
	for _, path := range []string{"_gost/media/" + downloadID, "_gost/download/" + imageID, "_gost/media/0123456789abcdef0123456789abcdef", "_gost/media/"} {
		if resp, _ := get(t, http.DefaultClient, ts.URL+"/"+path); resp.StatusCode != 404 {
			t.Errorf("GET %s: %d, want 404", path, resp.StatusCode)
		}
	}
}

func TestImageGoesWithItsElement(t *testing.T) {
	_, ts := testServer(t, func(st *st.Ctx) {
		if !st.Checkbox("Hide") {
			st.Image([]byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`))
		}
	})
	b := dial(t, ts)
	b.hello("", nil)
	url := ts.URL + "/" + srcsIn(t, b.until("done"), 1)[0]
	if resp, _ := get(t, http.DefaultClient, url); resp.StatusCode != 200 {
		t.Fatalf("GET while the image shows: %d", resp.StatusCode)
	}
	b.send(map[string]any{"t": "rerun", "widgets": map[string]any{"checkbox:Hide": true}})
	srcsIn(t, b.until("done"), 0)
	b.send(map[string]any{"t": "rerun"}) // files outlive their element by one run (script.Media.EndRun)
	b.until("done")
	if resp, _ := get(t, http.DefaultClient, url); resp.StatusCode != 404 {
		t.Errorf("GET two runs after the image went: %d, want 404", resp.StatusCode)
	}
}

// An st.IframeHTML page is served as the markup the app drew, under a
// policy of its own: sandboxed to no origin even when opened in a tab of
// its own, its inline scripts allowed. The same bytes as an image keep the
// images' policy.
func TestIframeHTMLPageHasItsOwnPolicy(t *testing.T) {
	markup := `<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>`
	_, ts := testServer(t, func(st *st.Ctx) {
		st.IframeHTML(markup)
		st.Image([]byte(markup))
	})
	b := dial(t, ts)
	b.hello("", nil)
	done := b.until("done")
	doc := regexp.MustCompile(`"doc":"(_gost/media/[0-9a-f]+)"`).FindSubmatch(done.raw)
	if doc == nil {
		t.Fatalf("no doc URL in %s", done.raw)
	}
	image := srcsIn(t, done, 1)[0]
	if string(doc[1]) == image {
		t.Fatalf("the frame's page and the image share the URL %s", image)
	}
	resp, body := get(t, http.DefaultClient, ts.URL+"/"+string(doc[1]))
	if resp.StatusCode != 200 || string(body) != markup {
		t.Fatalf("GET %s: %d %q, want 200 and the markup", doc[1], resp.StatusCode, body)
	}
	csp := resp.Header.Get("Content-Security-Policy")
	if got, want := resp.Header.Get("Content-Type"), "text/html; charset=utf-8"; got != want {
		t.Errorf("Content-Type %q, want %q", got, want)
	}
	for _, want := range []string{"sandbox allow-scripts allow-forms allow-popups;", "default-src 'none'", "script-src 'unsafe-inline'", "frame-ancestors 'self'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("policy %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "allow-same-origin") {
		t.Errorf("policy %q gives the page the app's origin", csp)
	}
	resp, _ = get(t, http.DefaultClient, ts.URL+"/"+image)
	if got := resp.Header.Get("Content-Security-Policy"); got != "default-src 'none'; style-src 'unsafe-inline'; sandbox" {
		t.Errorf("the image's policy is %q", got)
	}
}
