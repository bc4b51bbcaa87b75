package st

import (
	"fmt"
	"net/url"
	"strings"
)

var (
	htmlElement   = element{"html", "st.HTML", false, takes(optHeight)}
	iframeElement = element{"iframe", "st.Iframe", false, takes(optHeight, optWidth)}
	iframeHTML    = element{"iframe", "st.IframeHTML", false, takes(optHeight, optWidth)}
)

// HTML shows html, as Streamlit's st.html, in a sandboxed frame of its
// own: its markup and styles show, its scripts never run, its forms are
// not sent and its links cannot leave the page. (gost has no HTML
// sanitiser to vet markup against, and a sandbox keeps what no sanitiser
// can: the app's page out of reach of the HTML, and the HTML's styles out
// of the app's.) The frame is as high as its content unless [Ctx.Height]
// says otherwise. For HTML whose scripts must run, use a component
// (docs/components.md); for Markdown with some HTML of your own,
// [Ctx.Markdown] with [Ctx.UnsafeAllowHTML].
func (c *Ctx) HTML(html string, opts ...Option) {
	cfg, ok := c.check(htmlElement, "", opts)
	if !ok {
		return
	}
	c.add(htmlElement.kind, struct {
		Srcdoc string `json:"srcdoc"`
		Height int    `json:"height,omitempty"`
	}{html, cfg.height})
}

// Iframe shows the page at src in a frame, as Streamlit's
// components.iframe. src is an http or https URL, or a path on the app's
// own server. The frame is sandboxed: the page may run scripts and send
// forms but not navigate the app's tab, and a page of the app's own
// origin runs without it (no same-origin access), so it cannot reach into
// the app. [Ctx.Height] sets its height (default 150 pixels), [Ctx.Width]
// its width (default the column's).
func (c *Ctx) Iframe(src string, opts ...Option) {
	cfg, ok := c.check(iframeElement, "", opts)
	if !ok {
		return
	}
	u, err := url.Parse(src)
	switch {
	case err != nil:
	case u.Scheme == "" && u.Host == "" && !strings.HasPrefix(src, "//"):
	case (u.Scheme == "http" || u.Scheme == "https") && u.Host != "":
	default:
		err = fmt.Errorf("want an http or https URL, or a path on this server")
	}
	if err != nil {
		c.fail(iframeElement, "", fmt.Errorf("src %q: %w", src, err))
		return
	}
	c.add(iframeElement.kind, struct {
		Src    string `json:"src"`
		Height int    `json:"height,omitempty"`
		Width  int    `json:"width,omitempty"`
	}{src, cfg.height, cfg.width})
}

// IframeHTML shows html as a page of its own in a frame whose scripts run,
// as Streamlit's components.html: for a snippet that needs its scripts (an
// embedded player, a widget from another site). The frame has an origin of
// its own, no one's: its scripts cannot reach the app's page, its cookies
// or its storage, nor navigate the app's tab. [Ctx.Height] sets its height
// (default 150 pixels), [Ctx.Width] its width (default the column's).
//
// The page is served from a URL of its own, as an image's bytes are, not
// written into the frame: a frame's inline document would live under the
// app's page's Content-Security-Policy, which runs no inline script. Its
// own policy (SECURITY.md) lets its inline scripts and styles run, loads
// scripts, styles and fonts from https sites and images from anywhere.
// Relative URLs in it resolve against that URL, not the app's page.
func (c *Ctx) IframeHTML(html string, opts ...Option) {
	cfg, ok := c.check(iframeHTML, "", opts)
	if !ok {
		return
	}
	c.add(iframeHTML.kind, struct {
		Doc    string `json:"doc"`
		Height int    `json:"height,omitempty"`
		Width  int    `json:"width,omitempty"`
	}{mediaPath + c.run.Media().PutFrame([]byte(html)), cfg.height, cfg.width})
}
