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
	"strconv"
	"strings"
	"sync"
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
// relative to itself.
//
// Caching: every file is revalidated on every load (no-cache with an
// ETag), so a rebuilt app never runs a stale client; a revalidation is a
// 304 without a body. Long-lived caching would need content-hashed names,
// and the modules import each other by their plain names (there is no
// build step to rewrite the imports), so it is not used.
//
// Compression: a browser that accepts gzip gets the file gzipped, with
// Vary: Accept-Encoding and an ETag of its own. Each file is compressed
// once, on its first request, and the bytes are kept: compressing all of
// them at start would cost more than the whole start of the binary
// (~25 ms), and compressing at build time (go generate) would need the
// compressed copies kept in step with sources edited by hand. Gzip only:
// no brotli encoder is among gost's agreed dependencies.
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
		f.serve(w, r, name)
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
	href := html.EscapeString(base)
	index := newFile(bytes.Replace(files["index.html"].data, []byte("<head>"), []byte(`<head>`+"\n"+`<base href="`+href+`">`), 1), files["index.html"].contentType)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
		if _, ok := files[name]; ok && name != "index.html" || zipped[name] != nil {
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
		index.serve(w, r, "index.html")
	})
}

type file struct {
	data        []byte
	contentType string
	etag        string

	gzOnce sync.Once
	gz     []byte // data gzipped, once asked for; nil if that is no smaller
}

func newFile(data []byte, contentType string) *file {
	sum := sha256.Sum256(data)
	return &file{data: data, contentType: contentType, etag: hex.EncodeToString(sum[:8])}
}

// gzipped returns the file gzipped, compressing it on the first call.
func (f *file) gzipped() []byte {
	f.gzOnce.Do(func() {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		zw.Write(f.data)
		zw.Close()
		if b.Len() < len(f.data) {
			f.gz = b.Bytes()
		}
	})
	return f.gz
}

// serve answers r with the file, gzipped if the browser accepts it.
func (f *file) serve(w http.ResponseWriter, r *http.Request, name string) {
	h := w.Header()
	h.Set("Content-Type", f.contentType)
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Add("Vary", "Accept-Encoding")
	data, etag := f.data, f.etag
	if acceptsGzip(r.Header.Get("Accept-Encoding")) {
		if gz := f.gzipped(); gz != nil {
			data, etag = gz, etag+"-gzip" // another representation: another ETag
			h.Set("Content-Encoding", "gzip")
			// ServeContent leaves the length of an encoded body unset,
			// and a range of a gzip stream is of no use: whole files only.
			h.Set("Content-Length", strconv.Itoa(len(gz)))
			if r.Header.Get("Range") != "" {
				r = r.Clone(r.Context())
				r.Header.Del("Range")
			}
		}
	}
	h.Set("ETag", `"`+etag+`"`)
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(data))
}

// acceptsGzip reports whether an Accept-Encoding header value accepts
// gzip: named (or *) without q=0.
func acceptsGzip(accept string) bool {
	gzip, star := -1, -1 // -1 absent, 0 refused, 1 accepted
	for _, part := range strings.Split(accept, ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		ok := 1
		for _, p := range strings.Split(params, ";") {
			if k, v, _ := strings.Cut(strings.TrimSpace(p), "="); strings.EqualFold(k, "q") {
				if q, err := strconv.ParseFloat(v, 64); err != nil || q <= 0 {
					ok = 0
				}
			}
		}
		switch strings.ToLower(strings.TrimSpace(coding)) {
		case "gzip", "x-gzip":
			gzip = ok
		case "*":
			star = ok
		}
	}
	if gzip >= 0 {
		return gzip == 1
	}
	return star == 1
}

// files is read once: the assets never change inside a binary.
var files = func() map[string]*file {
	m := map[string]*file{}
	entries, _ := assets.ReadDir(".")
	for _, e := range entries {
		ct, ok := contentTypes[path.Ext(e.Name())]
		if !ok {
			continue
		}
		data, _ := assets.ReadFile(e.Name())
		m[e.Name()] = newFile(data, ct)
	}
	return m
}()

// zipped are the vendored files by the names pages load them by
// (vendor/echarts.esm.min.mjs), each held gzipped as embedded.
var zipped = func() map[string]*gzFile {
	m := map[string]*gzFile{}
	entries, _ := vendored.ReadDir("vendor")
	for _, e := range entries {
		name := "vendor/" + strings.TrimSuffix(e.Name(), ".gz")
		ct, ok := contentTypes[path.Ext(name)]
		if !ok {
			continue
		}
		data, _ := vendored.ReadFile("vendor/" + e.Name())
		sum := sha256.Sum256(data)
		m[name] = &gzFile{data, ct, hex.EncodeToString(sum[:8])}
	}
	return m
}()

// A gzFile is a vendored file, embedded gzipped only.
type gzFile struct {
	gz          []byte
	contentType string
	etag        string // of the gzipped bytes; the plain ones add -plain
}

// serve answers with the gzipped bytes to a client that takes gzip, which
// every browser does, and unzips them for one that does not.
func (f *gzFile) serve(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", f.contentType)
	h.Set("Cache-Control", "no-cache")
	h.Add("Vary", "Accept-Encoding")
	h.Set("X-Content-Type-Options", "nosniff")
	if acceptsGzip(r.Header.Get("Accept-Encoding")) {
		h.Set("ETag", `"`+f.etag+`"`)
		h.Set("Content-Encoding", "gzip")
		h.Set("Content-Length", strconv.Itoa(len(f.gz)))
		if r.Header.Get("Range") != "" { // a range of a gzip stream is of no use
			r = r.Clone(r.Context())
			r.Header.Del("Range")
		}
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(f.gz))
		return
	}
	// The plain bytes are another representation: another ETag.
	h.Set("ETag", `"`+f.etag+`-plain"`)
	if inm := r.Header.Get("If-None-Match"); inm != "" && inm == h.Get("ETag") {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if r.Method == http.MethodHead {
		return
	}
	zr, err := gzip.NewReader(bytes.NewReader(f.gz))
	if err != nil {
		http.Error(w, "frontend: "+err.Error(), http.StatusInternalServerError)
		return
	}
	io.Copy(w, zr)
}
