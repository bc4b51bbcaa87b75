package st_test

import (
	"strings"
	"testing"

	"github.com/gost-dev/gost/st"
	"github.com/gost-dev/gost/sttest"
)

func TestIframeTakesWebAndOwnURLsOnly(t *testing.T) {
	for src, ok := range map[string]bool{
		"https://example.com/x":   true,
		"http://example.com":      true,
		"/_gost/media/abc":        true,
		"report.html?x=1":         true,
		"javascript:alert(1)":     false,
		"data:text/html,<b>x</b>": false,
		"//evil.example/":         false,
		"file:///etc/passwd":      false,
		"https://":                false,
	} {
		app := sttest.Run(t, func(st *st.Ctx) { st.Iframe(src, st.Height(300)) })
		frames, ex := app.All("iframe"), app.All("exception")
		if ok && (len(frames) != 1 || frames[0].Props["src"] != src || frames[0].Props["height"] != 300.0 || len(ex) != 0) {
			t.Errorf("st.Iframe(%q): page %s, want the frame", src, app)
		}
		if !ok && (len(frames) != 0 || len(ex) != 1 || !strings.HasPrefix(ex[0].Text(), "st.Iframe: src ")) {
			t.Errorf("st.Iframe(%q): page %s, want an exception and no frame", src, app)
		}
	}
}

func TestHTMLIsSentForItsSandbox(t *testing.T) {
	app := sttest.Run(t, func(st *st.Ctx) { st.HTML(`<p>hi</p><script>x()</script>`) })
	h := app.All("html")
	if len(h) != 1 || h[0].Props["srcdoc"] != `<p>hi</p><script>x()</script>` {
		t.Fatalf("page %s, want one html element holding the markup", app)
	}
	if _, has := h[0].Props["html"]; has {
		t.Error(`st.HTML sent an "html" prop, which the page writes into itself; its markup belongs in the sandboxed frame`)
	}
}

// st.IframeHTML's markup is not in the props: the page gets a URL of the
// session's media, which the runtime serves under the frame's own policy
// (runtime's TestIframeHTMLPageHasItsOwnPolicy).
func TestIframeHTMLIsSentAsAURLOfItsOwn(t *testing.T) {
	const markup = `<p>hi</p><script>x()</script>`
	app := sttest.Run(t, func(st *st.Ctx) { st.IframeHTML(markup, st.Height(80)) })
	frames := app.All("iframe")
	if len(frames) != 1 {
		t.Fatalf("page %s, want one iframe", app)
	}
	p := frames[0].Props
	doc, _ := p["doc"].(string)
	if id, ok := strings.CutPrefix(doc, "_gost/media/"); !ok || len(id) < 32 {
		t.Errorf("doc %q, want _gost/media/ and a random id of 128 bits or more", doc)
	}
	if p["height"] != 80.0 {
		t.Errorf("height %v, want 80", p["height"])
	}
	for _, k := range []string{"srcdoc", "src"} {
		if _, has := p[k]; has {
			t.Errorf("props %v hold %q: a srcdoc would run under the page's CSP, and src is st.Iframe's", p, k)
		}
	}
}
