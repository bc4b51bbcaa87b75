package frontend

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
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

// The vendored ECharts is served from its embedded gzip: as it is to a
// browser, unzipped to a client that takes no gzip, and the same bytes as
// the readable copy in git (scripts/vendor-echarts writes both).
func TestVendoredEChartsServed(t *testing.T) {
	const name = "/vendor/echarts.esm.min.mjs"
	want, err := os.ReadFile("vendor/echarts.esm.min.mjs")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		accept string
		gzip   bool
	}{
		{"gzip, deflate, br, zstd", true},
		{"", false},
		{"br;q=1.0, gzip;q=0", false},
	} {
		for _, h := range []http.Handler{Handler(), App("/app/")} {
			req := httptest.NewRequest(http.MethodGet, name, nil)
			if tt.accept != "" {
				req.Header.Set("Accept-Encoding", tt.accept)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			res := rec.Result()
			if res.StatusCode != 200 || res.Header.Get("Content-Type") != "text/javascript; charset=utf-8" {
				t.Fatalf("Accept-Encoding %q: %d %q", tt.accept, res.StatusCode, res.Header.Get("Content-Type"))
			}
			body, _ := io.ReadAll(res.Body)
			if got := res.Header.Get("Content-Encoding") == "gzip"; got != tt.gzip {
				t.Errorf("Accept-Encoding %q: gzipped %v, want %v", tt.accept, got, tt.gzip)
			}
			if tt.gzip {
				zr, err := gzip.NewReader(bytes.NewReader(body))
				if err != nil {
					t.Fatal(err)
				}
				body, _ = io.ReadAll(zr)
			}
			if !bytes.Equal(body, want) {
				t.Errorf("Accept-Encoding %q: %d bytes served, not vendor/echarts.esm.min.mjs (%d bytes)", tt.accept, len(body), len(want))
			}
			if res.Header.Get("Vary") != "Accept-Encoding" || res.Header.Get("ETag") == "" {
				t.Errorf("Accept-Encoding %q: Vary %q, ETag %q", tt.accept, res.Header.Get("Vary"), res.Header.Get("ETag"))
			}
			// Revalidation answers 304 without the body.
			req.Header.Set("If-None-Match", res.Header.Get("ETag"))
			rec = httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != http.StatusNotModified || rec.Body.Len() != 0 {
				t.Errorf("Accept-Encoding %q: revalidation %d with %d bytes, want 304", tt.accept, rec.Code, rec.Body.Len())
			}
		}
	}
	// Every page loads the client; not the vendored library, which stays
	// out of the size budget because only pages that draw with it load it.
	for name := range files {
		if strings.HasPrefix(name, "vendor/") {
			t.Errorf("%s is among the client's files", name)
		}
	}
}

// The eval check above spares the vendored ECharts, whose one `new
// Function` is its fallback for a browser without JSON.parse (geoJSON given
// as a string); every browser gost supports has JSON.parse, so it never
// runs. A new version with other code from strings fails here.
func TestVendoredEChartsEvaluatesNoStrings(t *testing.T) {
	src, err := os.ReadFile("vendor/echarts.esm.min.mjs")
	if err != nil {
		t.Fatal(err)
	}
	const fallback = `JSON.parse?JSON.parse(i):new Function("return ("+i+");")()`
	all := regexp.MustCompile(`\beval\(|\bFunction\(|setTimeout\("|setInterval\("`).FindAllIndex(src, -1)
	if len(all) != 1 || !bytes.Contains(src, []byte(fallback)) {
		for _, m := range all {
			t.Errorf("vendor/echarts.esm.min.mjs evaluates a string at %d: %s", m[0], src[max(0, m[0]-80):min(len(src), m[1]+80)])
		}
		t.Fatalf("want exactly the JSON.parse fallback %s", fallback)
	}
}

// echarts.js imports the library by a path of its own (import() at run
// time, which TestImportsResolve does not see): it must be served.
func TestEChartsImportsTheVendoredFile(t *testing.T) {
	m := regexp.MustCompile(`const LIBRARY = '\./([^']+)';`).FindSubmatch(files["echarts.js"].data)
	if m == nil {
		t.Fatal("echarts.js names no LIBRARY")
	}
	if _, ok := zipped[string(m[1])]; !ok {
		t.Errorf("echarts.js imports %s, which is not served", m[1])
	}
}
