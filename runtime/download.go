package runtime

import (
	"maps"
	"mime"
	"net/http"
	"slices"
	"strconv"

	"github.com/gost-dev/gost/internal/script"
)

// serveDownload serves the file of a download button (st.DownloadButton)
// that a session's latest run drew, as an attachment.
func (s *Server) serveDownload(w http.ResponseWriter, r *http.Request) {
	f, ok := s.sessionFile(r)
	if !ok || f.Inline {
		w.Header().Set("Cache-Control", "no-store")
		http.Error(w, "no such download: the page may have changed since; try again from the page", http.StatusNotFound)
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.MIME)
	h.Set("Content-Disposition", attachment(f.Name))
	h.Set("Content-Length", strconv.Itoa(len(f.Data)))
	// The bytes are the app's, not the page's: never run them as a page
	// of this origin, and never keep them where the next user of the
	// machine would find them.
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	w.Write(f.Data)
}

// sessionFile finds the file whose id the request's path names among the
// sessions' latest runs. Its random id, known only from the props sent to
// that session's browser, is what grants access; a session with a
// logged-in user also wants that user's cookie, so a leaked link is no use
// to another login. Either way a refusal looks like an unknown id.
func (s *Server) sessionFile(r *http.Request) (script.File, bool) {
	id := r.PathValue("id")
	s.mu.Lock()
	sessions := slices.Collect(maps.Values(s.sessions))
	s.mu.Unlock()
	for _, sess := range sessions {
		f, ok := sess.media.Get(id)
		if !ok {
			continue
		}
		if key := sess.userKey(); key != "" {
			// A throwaway header: a download is no place to change cookies.
			if u, _ := s.identify(http.Header{}, r); u.Key != key {
				return script.File{}, false
			}
		}
		return f, true
	}
	return script.File{}, false
}

// attachment is the Content-Disposition that saves the file as name.
// FormatMediaType quotes the name, or encodes it (RFC 2231) when it is not
// plain ASCII; it fails only on names no encoding holds.
func attachment(name string) string {
	if v := mime.FormatMediaType("attachment", map[string]string{"filename": name}); v != "" {
		return v
	}
	return "attachment"
}
