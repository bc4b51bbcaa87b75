// Package frontend holds the browser client of gost, embedded into every app
// binary; plain ES modules, no build step.
package frontend

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"html"
	"io"
	"net/http"
	"path"
	"strings"
	"time"
)

//go:embed index.html *.css *.js
var assets embed.FS

// The vendored libraries (vendor/README.md), embedded gzipped only: they
// are large, and only pages that draw with them load them.
//
//go:embed vendor/*.gz
var vendored embed.FS

// The content types are fixed here rather than taken from the platform's MIME
// table: some systems map .js to text/plain, and browsers refuse modules
// served that way.
var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".mjs":  "text/javascript; charset=utf-8",
}

// Handler serves the client: index.html at "/" and the assets beside it.
// Mount it under a prefix with http.StripPrefix; the page finds its stream
// relative to itself. Assets are revalidated on every load (no-cache with an
// ETag), so a rebuilt app never runs a stale client.
func Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
		if name == "" {
			name = "index.html"
		}
		if z, ok := zipped[name]; ok {
			z.serve(w, r)
			return
		}
		f, ok := files[name]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", f.contentType)
		w.Header().Set("Cache-Control", "no-cache")
		w.Header().Set("ETag", f.etag)
		w.Header().Set("X-Content-Type-Options", "nosniff")
		http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(f.data))
	})
}

// App serves the client of an app served under base (a path that starts
// and ends with "/"): the assets by their names, and the page at every
// other path without a dot in its last segment, since each page of a
// multipage app has its own address (/reports). Mount it under base with
// http.StripPrefix. The page gets a <base href> of base, so it finds its
// assets and its stream from any page's address.
func App(base string) http.Handler {
	assets := Handler()
	index := files["index.html"]
	href := html.EscapeString(base)
	index.data = bytes.Replace(index.data, []byte("<head>"), []byte(`<head>`+"\n"+`<base href="`+href+`">`), 1)
	sum := sha256.Sum256(index.data)
	index.etag = `"` + hex.EncodeToString(sum[:8]) + `"`
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
		if _, ok := files[name]; ok && name != "index.html" || zipped[name].data != nil {
			assets.ServeHTTP(w, r)
			return
		}
		if strings.HasPrefix(name, "_gost/") || name != "" && name != "index.html" && strings.Contains(path.Base(name), ".") {
			http.NotFound(w, r)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		w.Header().Set("Content-Type", index.contentType)
		w.Header().Set("Cache-Control", "no-cache")
		w.Header().Set("ETag", index.etag)
		w.Header().Set("X-Content-Type-Options", "nosniff")
		http.ServeContent(w, r, "index.html", time.Time{}, bytes.NewReader(index.data))
	})
}

type file struct {
	data        []byte
	contentType string
	etag        string
}

// files is read once: the assets never change inside a binary.
var files = func() map[string]file {
	m := map[string]file{}
	entries, _ := assets.ReadDir(".")
	for _, e := range entries {
		ct, ok := contentTypes[path.Ext(e.Name())]
		if !ok {
			continue
		}
		data, _ := assets.ReadFile(e.Name())
		sum := sha256.Sum256(data)
		m[e.Name()] = file{data, ct, `"` + hex.EncodeToString(sum[:8]) + `"`}
	}
	return m
}()

// zipped are the vendored files by the names pages load them by
// (vendor/echarts.esm.min.mjs), each held gzipped as embedded.
var zipped = func() map[string]file {
	m := map[string]file{}
	entries, _ := vendored.ReadDir("vendor")
	for _, e := range entries {
		name := "vendor/" + strings.TrimSuffix(e.Name(), ".gz")
		ct, ok := contentTypes[path.Ext(name)]
		if !ok {
			continue
		}
		data, _ := vendored.ReadFile("vendor/" + e.Name())
		sum := sha256.Sum256(data)
		m[name] = file{data, ct, `"` + hex.EncodeToString(sum[:8]) + `"`}
	}
	return m
}()

// serve answers with f's gzipped bytes to a client that takes gzip, which
// every browser does, and unzips them for one that does not.
func (f file) serve(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", f.contentType)
	h.Set("Cache-Control", "no-cache")
	h.Set("Vary", "Accept-Encoding")
	h.Set("X-Content-Type-Options", "nosniff")
	if acceptsGzip(r) {
		h.Set("ETag", f.etag)
		h.Set("Content-Encoding", "gzip")
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(f.data))
		return
	}
	// The plain bytes are another representation: another ETag.
	h.Set("ETag", strings.TrimSuffix(f.etag, `"`)+`-plain"`)
	if inm := r.Header.Get("If-None-Match"); inm != "" && inm == h.Get("ETag") {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if r.Method == http.MethodHead {
		return
	}
	zr, err := gzip.NewReader(bytes.NewReader(f.data))
	if err != nil {
		http.Error(w, "frontend: "+err.Error(), http.StatusInternalServerError)
		return
	}
	io.Copy(w, zr)
}

// acceptsGzip says whether r's Accept-Encoding takes gzip (and does not
// refuse it with q=0).
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(coding), "gzip") || strings.TrimSpace(coding) == "*" {
			q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
			return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
		}
	}
	return false
}
