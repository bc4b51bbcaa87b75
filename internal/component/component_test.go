package component

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
)

func TestServesTheFilesUnderTheirHash(t *testing.T) {
	t.Parallel()
	files := fstest.MapFS{
		"m.js":      {Data: []byte("export default 1")},
		"lib/x.js":  {Data: []byte("export const x = 1")},
		"secret.go": {Data: []byte("package secret")},
	}
	url, err := Register("test-serve", files, "m.js")
	if err != nil {
		t.Fatal(err)
	}
	changed := fstest.MapFS{"m.js": {Data: []byte("export default 2")}}
	url2, _ := Register("test-serve", changed, "m.js")
	if url == url2 {
		t.Errorf("changed files kept the URL %s", url)
	}
	srv := httptest.NewServer(Handler())
	defer srv.Close()
	dir := strings.TrimSuffix(url, "m.js")
	for _, tc := range []struct {
		path, body string
		code       int
	}{
		{url, "export default 1", 200},
		{url2, "export default 2", 200},
		{dir + "lib/x.js", "export const x = 1", 200},
		{dir + "secret.go", "", 404},
		{dir + "../m.js", "", 404},
		{Prefix + "test-serve-0000000000000000/m.js", "", 404},
	} {
		resp, err := http.Get(srv.URL + "/" + tc.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.code || (tc.code == 200 && string(body) != tc.body) {
			t.Errorf("GET %s: %d %q, want %d %q", tc.path, resp.StatusCode, body, tc.code, tc.body)
		}
		if tc.code == 200 && resp.Header.Get("Content-Type") != "text/javascript; charset=utf-8" {
			t.Errorf("GET %s: Content-Type %q", tc.path, resp.Header.Get("Content-Type"))
		}
	}
}
