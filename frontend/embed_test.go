package frontend

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func get(t *testing.T, path string) *http.Response {
	t.Helper()
	rec := httptest.NewRecorder()
	Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec.Result()
}

func TestAssetsServed(t *testing.T) {
	tests := []struct {
		path, contentType string
	}{
		{"/", "text/html; charset=utf-8"},
		{"/index.html", "text/html; charset=utf-8"},
		{"/style.css", "text/css; charset=utf-8"},
		{"/app.js", "text/javascript; charset=utf-8"},
		{"/protocol.js", "text/javascript; charset=utf-8"},
		{"/connection.js", "text/javascript; charset=utf-8"},
		{"/tree.js", "text/javascript; charset=utf-8"},
		{"/widgets.js", "text/javascript; charset=utf-8"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			res := get(t, tt.path)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("status %d, want 200", res.StatusCode)
			}
			if got := res.Header.Get("Content-Type"); got != tt.contentType {
				t.Errorf("Content-Type %q, want %q", got, tt.contentType)
			}
			if got := res.Header.Get("Cache-Control"); got != "no-cache" {
				t.Errorf("Cache-Control %q, want no-cache", got)
			}
		})
	}
}

func TestNotFound(t *testing.T) {
	for _, p := range []string{"/nope.js", "/embed.go", "/../go.mod"} {
		if res := get(t, p); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", p, res.StatusCode)
		}
	}
}

func TestIndexReferencesAssets(t *testing.T) {
	body, _ := io.ReadAll(get(t, "/").Body)
	for _, want := range []string{`src="app.js"`, `href="style.css"`, `type="module"`, `id="root"`, "<title>gost</title>"} {
		if !bytes.Contains(body, []byte(want)) {
			t.Errorf("index.html lacks %s", want)
		}
	}
}

// Modules load each other by relative path; a typo would only show in the
// browser, so check every import names an embedded file.
func TestImportsResolve(t *testing.T) {
	imp := regexp.MustCompile(`(?m)^import .* from '\./([^']+)';`)
	for name := range files {
		if !strings.HasSuffix(name, ".js") {
			continue
		}
		for _, m := range imp.FindAllStringSubmatch(string(files[name].data), -1) {
			if _, ok := files[m[1]]; !ok {
				t.Errorf("%s imports missing %s", name, m[1])
			}
		}
	}
}

// The whole client must stay small: it is loaded by every page of every app.
func TestSizeBudget(t *testing.T) {
	const budget = 100 << 10
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	for name, f := range files {
		if strings.HasSuffix(name, ".js") || strings.HasSuffix(name, ".css") {
			zw.Write(f.data)
		}
	}
	zw.Close()
	if buf.Len() > budget {
		t.Errorf("JS+CSS is %d bytes gzipped, budget %d", buf.Len(), budget)
	}
	t.Logf("JS+CSS gzipped: %d bytes", buf.Len())
}

// App serves the page, with the base it is mounted under, at every page's
// address; the assets as Handler does; and nothing else.
func TestAppServesThePageAtEveryPagesAddress(t *testing.T) {
	h := App(`/tools/"app"/`)
	for _, tt := range []struct {
		method, path string
		status       int
		base         bool // the page, with <base href>
	}{
		{"GET", "/", 200, true},
		{"GET", "/reports", 200, true},
		{"GET", "/sales_2026", 200, true},
		{"GET", "/index.html", 200, true},
		{"HEAD", "/reports", 200, false},
		{"GET", "/app.js", 200, false},
		{"GET", "/missing.js", 404, false},
		{"GET", "/_gost/anything", 404, false},
		{"POST", "/reports", 405, false},
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(tt.method, tt.path, nil))
		if rec.Code != tt.status {
			t.Errorf("%s %s: %d, want %d", tt.method, tt.path, rec.Code, tt.status)
			continue
		}
		body := rec.Body.String()
		if hasBase := strings.Contains(body, `<base href="/tools/&#34;app&#34;/">`); hasBase != tt.base {
			t.Errorf("%s %s: <base href> escaped in the page: %v, want %v\n%.300s", tt.method, tt.path, hasBase, tt.base, body)
		}
		if tt.base && rec.Header().Get("ETag") == "" {
			t.Errorf("%s %s: no ETag", tt.method, tt.path)
		}
	}
}

// The page's Content-Security-Policy (runtime/guard.go) allows scripts only
// from files of the app's origin: an inline script, an inline event
// handler or a javascript: URL in index.html would not run.
func TestIndexHasNoInlineScript(t *testing.T) {
	html := string(files["index.html"].data)
	for _, m := range regexp.MustCompile(`(?is)<script\b[^>]*>`).FindAllString(html, -1) {
		if !strings.Contains(m, "src=") {
			t.Errorf("inline script in index.html: %s", m)
		}
	}
	if m := regexp.MustCompile(`(?i)\son[a-z]+\s*=|javascript:`).FindString(html); m != "" {
		t.Errorf("inline handler or javascript: URL in index.html: %q", m)
	}
	for name, f := range files {
		if strings.HasSuffix(name, ".js") && regexp.MustCompile(`\beval\(|new Function\(`).Match(f.data) {
			t.Errorf("%s evaluates strings as code, which script-src 'self' forbids", name)
		}
	}
}

func TestAcceptsGzip(t *testing.T) {
	for _, tt := range []struct {
		header string
		want   bool
	}{
		{"", false},
		{"gzip", true},
		{"gzip, deflate, br, zstd", true}, // Chromium's
		{"br;q=1.0, gzip;q=0.8, *;q=0.1", true},
		{"GZIP", true},
		{"x-gzip", true},
		{"deflate, br", false},
		{"gzip;q=0", false},
		{"gzip; q=0.000", false},
		{"*", true},
		{"*;q=0", false},
		{"*, gzip;q=0", false}, // named wins over *
		{"identity", false},
	} {
		if got := acceptsGzip(tt.header); got != tt.want {
			t.Errorf("acceptsGzip(%q) = %v, want %v", tt.header, got, tt.want)
		}
	}
}

// TestGzipPerAcceptEncoding: every file goes gzipped to a browser that
// accepts it, with an ETag of its own that revalidates, and whole to one
// that does not; both answers say they vary by Accept-Encoding.
func TestGzipPerAcceptEncoding(t *testing.T) {
	var raw, zipped int
	for _, h := range []struct {
		name string
		h    http.Handler
	}{{"Handler", Handler()}, {"App", App("/")}} {
		for name, f := range files {
			serve := func(accept, ifNoneMatch string) *httptest.ResponseRecorder {
				req := httptest.NewRequest(http.MethodGet, "/"+name, nil)
				if accept != "" {
					req.Header.Set("Accept-Encoding", accept)
				}
				if ifNoneMatch != "" {
					req.Header.Set("If-None-Match", ifNoneMatch)
				}
				rec := httptest.NewRecorder()
				h.h.ServeHTTP(rec, req)
				return rec
			}
			plain := serve("", "")
			zip := serve("gzip, deflate, br, zstd", "")
			for _, rec := range []*httptest.ResponseRecorder{plain, zip} {
				if rec.Code != 200 || !strings.Contains(rec.Header().Get("Vary"), "Accept-Encoding") || rec.Header().Get("Cache-Control") != "no-cache" {
					t.Errorf("%s %s: %d, Vary %q, Cache-Control %q; want 200, Vary: Accept-Encoding, no-cache", h.name, name, rec.Code, rec.Header().Get("Vary"), rec.Header().Get("Cache-Control"))
				}
			}
			if plain.Header().Get("Content-Encoding") != "" {
				t.Errorf("%s %s: encoded for a browser that accepts no gzip", h.name, name)
			}
			if zip.Header().Get("Content-Encoding") != "gzip" {
				t.Errorf("%s %s: not gzipped for a browser that accepts it", h.name, name)
				continue
			}
			zr, err := gzip.NewReader(bytes.NewReader(zip.Body.Bytes()))
			if err != nil {
				t.Fatalf("%s %s: %v", h.name, name, err)
			}
			got, err := io.ReadAll(zr)
			if err != nil || !bytes.Equal(got, plain.Body.Bytes()) {
				t.Errorf("%s %s: the gzipped body does not unzip to the file (%v)", h.name, name, err)
			}
			if zip.Header().Get("Content-Length") != strconv.Itoa(zip.Body.Len()) {
				t.Errorf("%s %s: Content-Length %s for %d bytes", h.name, name, zip.Header().Get("Content-Length"), zip.Body.Len())
			}
			et, pt := zip.Header().Get("ETag"), plain.Header().Get("ETag")
			if et == "" || pt == "" || et == pt {
				t.Errorf("%s %s: ETags %q (gzip) and %q (plain): want two different ones", h.name, name, et, pt)
			}
			if rec := serve("gzip", et); rec.Code != http.StatusNotModified || rec.Body.Len() != 0 {
				t.Errorf("%s %s: revalidating the gzip ETag: %d with %d bytes, want 304 without a body", h.name, name, rec.Code, rec.Body.Len())
			}
			if rec := serve("", et); rec.Code != http.StatusOK {
				t.Errorf("%s %s: the gzip ETag revalidated a plain answer: %d", h.name, name, rec.Code)
			}
			if h.name == "Handler" && name != "index.html" {
				raw += len(f.data)
				zipped += zip.Body.Len()
			}
		}
	}
	t.Logf("assets: %d bytes, %d gzipped", raw, zipped)
}
