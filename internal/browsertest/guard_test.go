package browsertest_test

// The defences of guard.go as a browser meets them: Debian's chromium
// enforcing the page's Content-Security-Policy and frame-ancestors.

// These are runtime's tests of its defences in a real browser (runtime/
// guard.go: the page's Content-Security-Policy and framing). They live here
// because runtime's module must not require chromedp (see the README's
// "Modules of this repository").

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/gost-dev/gost/internal/browsertest"
	"github.com/gost-dev/gost/runtime"
	"github.com/gost-dev/gost/st"
)

// cspWatch records every Content-Security-Policy violation a document of
// the tab reports, frames included, before the page's own scripts run.
const cspWatch = `window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(e.effectiveDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber);
});`

func watchCSP(t *testing.T, p *browsertest.Page) {
	t.Helper()
	p.Do("install the CSP watch", func(ctx context.Context, _ *chromedp.Target) (chromedp.Void, error) {
		_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: cspWatch})
		return chromedp.Void{}, err
	})
}

// serve serves app with cfg on a loopback httptest server.
func serve(t *testing.T, app func(*st.Ctx), cfg runtime.Config) (*runtime.Server, *httptest.Server) {
	t.Helper()
	srv := runtime.NewServer(app, runtime.Options{}, slog.New(slog.DiscardHandler))
	srv.SetConfig(cfg)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return srv, ts
}

// everyStyleApp draws the elements whose frontend sets styles: a Markdown
// table (aligned by style attributes), a progress bar and an image (width
// through element.style), columns (a CSS custom property) and a chart
// (legend swatches).
func everyStyleApp(st *st.Ctx) {
	st.Title("Styled")
	st.Markdown("| left | right |\n|:--|--:|\n| a | 1 |\n")
	st.Progress(0.4, "progress")
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	img.Set(1, 1, color.RGBA{255, 0, 0, 255})
	st.Image(img, st.Width(40))
	cols := st.Columns(2, 1)
	cols[0].Text("left column")
	cols[1].Text("right column")
	st.LineChart(map[string][]float64{"a": {1, 2, 3}, "b": {3, 2, 1}})
	if st.Button("Again") {
		st.Text("clicked")
	}
}

// The page runs under its policy without a single violation: every
// script is gost's own file, and the styles it sets are allowed.
func TestPageRunsUnderItsPolicy(t *testing.T) {
	t.Parallel()
	_, ts := serve(t, everyStyleApp, runtime.Config{})
	p := browsertest.New(t)
	watchCSP(t, p)
	p.Open(ts.URL)
	p.Click("Again")
	p.WaitText("clicked")
	if got := browsertest.Eval[string](p, `getComputedStyle(document.querySelector('th:last-child')).textAlign`); got != "right" {
		t.Errorf("the table's right column is aligned %q: its style attribute was blocked", got)
	}
	if v := browsertest.Eval[[]string](p, `window.__csp`); len(v) > 0 {
		t.Errorf("the page broke its own policy:\n%s", strings.Join(v, "\n"))
	}
}

// The policy is what stops injected script: HTML an app lets through with
// UnsafeAllowHTML carrying an inline handler is refused, and reported.
// This is also the check that the watch above sees violations at all.
func TestInjectedScriptIsBlocked(t *testing.T) {
	t.Parallel()
	_, ts := serve(t, func(st *st.Ctx) {
		st.Markdown(`<img src="data:," onerror="document.title='pwned'"> <b>bold</b>`, st.UnsafeAllowHTML(true))
	}, runtime.Config{})
	p := browsertest.New(t)
	watchCSP(t, p)
	p.Open(ts.URL)
	p.WaitFor("the blocked handler to be reported", `window.__csp.some(v => v.startsWith('script-src'))`)
	if title := browsertest.Eval[string](p, `document.title`); title == "pwned" {
		t.Error("the injected onerror handler ran")
	}
}

// A page on another origin frames two apps: one with the default policy,
// which the browser refuses to show, and one whose config.toml lists that
// origin in frameAncestors, which runs. A refused frame never loads the
// app's script, so its server sees the page requested but no session.
func TestFramingByAnotherOriginIsRefused(t *testing.T) {
	t.Parallel()
	var scriptLoads atomic.Int32
	refused := runtime.NewServer(everyStyleApp, runtime.Options{}, slog.New(slog.DiscardHandler))
	counting := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/app.js" {
			scriptLoads.Add(1)
		}
		refused.ServeHTTP(w, r)
	}))
	t.Cleanup(counting.Close)

	var framerURL string
	framer := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><title>framer</title><iframe id="refused" src="%s"></iframe><iframe id="allowed" src="%s"></iframe>`,
			counting.URL+"/", r.URL.Query().Get("allowed"))
	}))
	t.Cleanup(framer.Close)
	framerURL = framer.URL

	allowed, allowedTS := serve(t, everyStyleApp, runtime.Config{FrameAncestors: []string{framerURL}})
	if strings.TrimPrefix(framerURL, "http://") == strings.TrimPrefix(counting.URL, "http://") {
		t.Fatal("the framer must be another origin")
	}

	p := browsertest.New(t)
	p.OpenPage(framerURL + "/?allowed=" + allowedTS.URL + "/")
	deadline := time.Now().Add(browsertest.Timeout)
	for allowed.Sessions() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the app that allows the framer never got a session: framing is refused even where allowed")
		}
		time.Sleep(20 * time.Millisecond)
	}
	// Both frames were asked for at once; give the refused one as long
	// again as the allowed one took, to be sure it would have run by now.
	time.Sleep(500 * time.Millisecond)
	if n := refused.Sessions(); n != 0 || scriptLoads.Load() != 0 {
		t.Errorf("the app framed by another origin ran: %d sessions, app.js loaded %d times", n, scriptLoads.Load())
	}
}

// st.HTML and st.IframeHTML live under policies of their own making: the
// page breaks none of its own with both drawn, st.HTML's styles apply in
// its frame (which inherits the page's policy and needs no script), and
// st.IframeHTML's page, served from its own URL, runs its inline script
// and applies its inline styles and data: images, which the page's policy
// would have refused a srcdoc.
func TestFramesRunUnderTheirPolicies(t *testing.T) {
	t.Parallel()
	_, ts := serve(t, func(st *st.Ctx) {
		st.HTML(`<style>#h { color: rgb(1, 2, 3) }</style><p id="h">styled</p>`)
		st.IframeHTML(`<style>#f { color: rgb(4, 5, 6) }</style><p id="f">framed</p>
			<img id="i" src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7">
			<script>
			const img = document.getElementById("i");
			const say = () => setInterval(() => parent.postMessage(getComputedStyle(document.getElementById("f")).color +
				" image " + (img.naturalWidth > 0) + " origin " + origin, "*"), 50);
			img.complete ? say() : img.addEventListener("load", say);
			img.addEventListener("error", say);
			</script>`)
	}, runtime.Config{})
	p := browsertest.New(t)
	watchCSP(t, p)
	p.Open(ts.URL)
	p.Exec(`addEventListener('message', (e) => { window.__frameSaid = e.data; })`)
	p.WaitFor("the st.IframeHTML script to run", `window.__frameSaid`)
	if said := browsertest.Eval[string](p, `window.__frameSaid`); said != "rgb(4, 5, 6) image true origin null" {
		t.Errorf("the st.IframeHTML page said %q, want its style applied, its image shown and no origin", said)
	}
	p.WaitFor("st.HTML to show", `document.querySelector('iframe.html-frame')?.contentDocument?.getElementById('h')`)
	if got := browsertest.Eval[string](p, `getComputedStyle(document.querySelector('iframe.html-frame').contentDocument.getElementById('h')).color`); got != "rgb(1, 2, 3)" {
		t.Errorf("st.HTML's styled text is %q: its <style> was blocked", got)
	}
	if v := browsertest.Eval[[]string](p, `window.__csp`); len(v) > 0 {
		t.Errorf("the page broke its own policy:\n%s", strings.Join(v, "\n"))
	}
}
