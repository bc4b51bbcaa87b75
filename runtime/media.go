package runtime

import (
	"bytes"
	"net/http"
	"strings"
	"time"
)

// serveMedia serves a file the page shows itself, such as the bytes of an
// st.Image, st.Audio or st.Video, that a session's latest run drew. Access
// is as for downloads (sessionFile); a download's id is unknown here, so
// this route never shows a file the app offered only as an attachment. It
// answers range requests (http.ServeContent), which a player needs to
// seek. The page of an st.IframeHTML frame is served here too, under a
// policy of its own (frameCSP).
func (s *Server) serveMedia(w http.ResponseWriter, r *http.Request) {
	f, ok := s.sessionFile(r)
	if !ok || !f.Inline {
		w.Header().Set("Cache-Control", "no-store")
		http.Error(w, "no such image: the page may have changed since; reload it", http.StatusNotFound)
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.MIME)
	h.Set("Content-Disposition", "inline")
	h.Set("X-Content-Type-Options", "nosniff")
	// An SVG is a document that may hold scripts. In an <img> they never
	// run, but the image's URL opened on its own would run them as a page
	// of this origin: this policy forbids scripts and everything else but
	// the SVG's own styles, and sandbox gives it an origin of its own.
	// Other images have nothing to forbid, and it costs them nothing.
	if f.Frame {
		h.Set("Content-Security-Policy", frameCSP(s.currentGuard().cfg.FrameAncestors))
	} else {
		h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; sandbox")
	}
	// An id names the same bytes for as long as it lives: changed bytes get
	// a new id (script.Media), so the browser may keep what it fetched and
	// show an unchanged image on every rerun without asking again. private
	// keeps it out of shared caches: the image is this session's.
	h.Set("Cache-Control", "private, max-age=31536000, immutable")
	// The id is a strong validator for the same reason: a player resuming
	// with If-Range gets the rest of the very bytes it started on.
	h.Set("Etag", `"`+r.PathValue("id")+`"`)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(f.Data))
}

// frameCSP is the Content-Security-Policy of an st.IframeHTML page, the
// app's own markup whose scripts are meant to run. The sandbox directive,
// without allow-same-origin, is what keeps the page out of the app's
// reach: its origin is no one's, in the frame (whose sandbox attribute
// says the same) and even when its URL is opened in a tab of its own,
// where the attribute is not. So it cannot read the app's page, cookies or
// storage, and its requests to the app are cross-origin (the websocket
// refuses them). Inside that sandbox the page may do what Streamlit's
// components.html may: inline scripts and styles, scripts, styles and
// fonts from https sites (a widget from another site, a library from a
// CDN), images and media from anywhere, requests and frames to https
// sites. It is not the app's page's policy, which a srcdoc frame would
// inherit and which runs no inline script. Its framing is the page's own.
func frameCSP(frameAncestors []string) string {
	fa := "'self'"
	if len(frameAncestors) > 0 {
		fa += " " + strings.Join(frameAncestors, " ")
	}
	return "sandbox allow-scripts allow-forms allow-popups; default-src 'none'; " +
		"script-src 'unsafe-inline' 'unsafe-eval' https:; style-src 'unsafe-inline' https:; " +
		"img-src data: blob: https: http:; media-src data: blob: https: http:; font-src data: https:; " +
		"connect-src https: wss:; frame-src https:; form-action https:; base-uri 'none'; frame-ancestors " + fa
}
