package runtime

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"

	"github.com/gost-dev/gost/internal/script"
)

// uploadPath is where the page sends the bytes of st.FileUploader's files:
// POST uploadPath{session}/{widget}?name=… with the file as the body, and
// DELETE uploadPath{session}/{widget}/{file} for one removed before it was
// sent (docs/protocol.md).
const uploadPath = "_gost/upload/"

// uploadHost is the server's side of uploads: the size limit, and the
// directory of this process where files too large for memory go.
type uploadHost struct {
	mu    sync.Mutex
	limit int64
	dir   string // made on first use
}

// setUploadLimit sets the size limit of one uploaded file, for every
// session.
func (s *Server) setUploadLimit(n int64) {
	s.uploads.mu.Lock()
	s.uploads.limit = n
	s.uploads.mu.Unlock()
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, sess := range s.sessions {
		sess.uploads.SetLimit(n)
	}
}

func (s *Server) uploadLimit() int64 {
	s.uploads.mu.Lock()
	defer s.uploads.mu.Unlock()
	if s.uploads.limit == 0 {
		return script.DefaultMaxUploadSize
	}
	return s.uploads.limit
}

// uploadDir returns the directory of this process's uploads, made the
// first time a file is too large for memory.
func (s *Server) uploadDir() (string, error) {
	s.uploads.mu.Lock()
	defer s.uploads.mu.Unlock()
	if s.uploads.dir == "" {
		dir, err := os.MkdirTemp("", "gost-uploads-")
		if err != nil {
			return "", err
		}
		s.uploads.dir = dir
	}
	return s.uploads.dir, nil
}

// removeUploads deletes the files of every session: the process ends.
func (s *Server) removeUploads() {
	s.mu.Lock()
	for _, sess := range s.sessions {
		sess.uploads.Close()
	}
	s.mu.Unlock()
	s.uploads.mu.Lock()
	defer s.uploads.mu.Unlock()
	if s.uploads.dir != "" {
		os.RemoveAll(s.uploads.dir)
		s.uploads.dir = ""
	}
}

// Upload receives a file named name for the file uploader widget of the
// session, as the upload route does, and returns its id: the value the
// page then sends for the widget. Test harnesses such as package sttest
// use it; the refusals are those of the route.
func (s *Session) Upload(widget, name string, body io.Reader) (string, error) {
	f, err := s.uploads.Receive(widget, name, body)
	if err != nil {
		return "", fmt.Errorf("runtime: %w", err)
	}
	return f.ID, nil
}

// serveUpload receives one file for a file uploader of a session. What
// grants it: the session's id, which only its page knows, sent from a page
// of this origin (the Origin header, as for the websocket), and, when the
// session is logged in, that login's cookie. The uploader must be on the
// session's page; the file must fit its types and the size limit, checked
// as the bytes arrive. A refused or cut-off upload leaves nothing behind.
func (s *Server) serveUpload(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	sess, ok := s.uploadSession(w, r)
	if !ok {
		return
	}
	limit := sess.uploads.Limit()
	if r.ContentLength > limit {
		s.refuseUpload(w, r, fmt.Errorf("%w: %s, more than %s", script.ErrUploadTooBig, script.FormatSize(r.ContentLength), script.FormatSize(limit)))
		return
	}
	// One byte past the limit reaches Receive, which refuses it; then the
	// server closes the connection rather than read the rest.
	body := http.MaxBytesReader(w, r.Body, limit+1)
	f, err := sess.uploads.Receive(r.PathValue("widget"), r.URL.Query().Get("name"), body)
	if err != nil {
		s.refuseUpload(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(struct {
		ID   string `json:"id"`
		Name string `json:"name"`
		Type string `json:"type"`
		Size int64  `json:"size"`
	}{f.ID, f.Name, f.Type, f.Size})
}

// deleteUpload removes a file the user removed before the page sent it
// (see script.Uploads.Delete); a file a run has seen goes with the run.
func (s *Server) deleteUpload(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	sess, ok := s.uploadSession(w, r)
	if !ok {
		return
	}
	if f, ok := sess.uploads.Get(r.PathValue("file")); ok && f.Widget == r.PathValue("widget") {
		sess.uploads.Delete(f.ID)
	}
	w.WriteHeader(http.StatusNoContent)
}

// uploadSession returns the session an upload request names, or answers
// the request with why not.
func (s *Server) uploadSession(w http.ResponseWriter, r *http.Request) (*Session, bool) {
	if !sameOrigin(r) {
		s.log.Warn("runtime: upload from another origin refused", "origin", r.Header.Get("Origin"))
		http.Error(w, "uploads come only from the app's own pages", http.StatusForbidden)
		return nil, false
	}
	s.mu.Lock()
	sess := s.sessions[r.PathValue("session")]
	s.mu.Unlock()
	if sess != nil {
		if key := sess.userKey(); key != "" {
			// A throwaway header: an upload is no place to change cookies.
			if u, _ := s.identify(http.Header{}, r); u.Key != key {
				sess = nil // another login's session: as if there were none
			}
		}
	}
	if sess == nil {
		http.Error(w, "no such session: reload the page", http.StatusNotFound)
		return nil, false
	}
	return sess, true
}

// sameOrigin reports whether r comes from a page of the host it was sent
// to. Browsers send Origin with every POST and DELETE, so a request
// without one is no page's.
func sameOrigin(r *http.Request) bool {
	o := r.Header.Get("Origin")
	if o == "" {
		return false
	}
	u, err := url.Parse(o)
	return err == nil && strings.EqualFold(u.Host, r.Host)
}

// refuseUpload answers a refused upload with a status and a message for
// the page.
func (s *Server) refuseUpload(w http.ResponseWriter, r *http.Request, err error) {
	status := http.StatusBadRequest
	switch {
	case errors.Is(err, script.ErrNoUploader), errors.Is(err, script.ErrUploadsClosed):
		status = http.StatusNotFound
	case errors.Is(err, script.ErrUploaderOff):
		status = http.StatusForbidden
	case errors.Is(err, script.ErrUploadTooBig):
		status = http.StatusRequestEntityTooLarge
	case errors.Is(err, script.ErrUploadType):
		status = http.StatusUnsupportedMediaType
	case errors.Is(err, script.ErrUploadCutOff):
		s.log.Info("runtime: upload cut off", "err", err)
	default:
		status = http.StatusInternalServerError
		s.log.Error("runtime: storing an upload", "err", err)
		err = errors.New("the server could not store the file")
	}
	http.Error(w, err.Error(), status)
}

// Close ends a session that no [Server] serves (see [NewSession]): it
// deletes the files its browser uploaded.
func (s *Session) Close() { s.uploads.Close() }
