package runtime

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/gorilla/websocket"
	"github.com/gost-dev/gost/st"
)

// The download test that logs in, against the development provider, is in
// runtime/auth/devprovider/login_test.go.

// downloadURL is what the browser resolves a download button's url
// against: the page.
var downloadURL = regexp.MustCompile(`"url":"(_gost/download/[0-9a-f]+)"`)

// urlIn returns the download url in a run's message, failing without one.
func urlIn(t *testing.T, m msg) string {
	t.Helper()
	u := downloadURL.FindSubmatch(m.raw)
	if u == nil {
		t.Fatalf("no download url in %s", m.raw)
	}
	return string(u[1])
}

func get(t *testing.T, client *http.Client, url string) (*http.Response, []byte) {
	t.Helper()
	resp, err := client.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, body
}

// every byte value, so nothing on the way may treat the file as text
var allBytes = func() []byte {
	b := make([]byte, 256)
	for i := range b {
		b[i] = byte(i)
	}
	return b
}()

func TestDownloadServesTheExactBytes(t *testing.T) {
	_, ts := testServer(t, func(st *st.Ctx) {
		st.DownloadButton("Export", allBytes, `q1 "final".bin`, st.MIME("application/x-test"))
	})
	b := dial(t, ts)
	b.hello("", nil)
	url := urlIn(t, b.until("done"))

	resp, body := get(t, http.DefaultClient, ts.URL+"/"+url)
	if resp.StatusCode != 200 || !bytes.Equal(body, allBytes) {
		t.Fatalf("GET %s: %d, %d bytes; want 200 and the 256 bytes given", url, resp.StatusCode, len(body))
	}
	for name, want := range map[string]string{
		"Content-Type":           "application/x-test",
		"Content-Disposition":    `attachment; filename="q1 \"final\".bin"`,
		"X-Content-Type-Options": "nosniff",
		"Cache-Control":          "no-store",
		"Content-Length":         "256",
	} {
		if got := resp.Header.Get(name); got != want {
			t.Errorf("%s: %q, want %q", name, got, want)
		}
	}
}

func TestDownloadOfANonASCIIName(t *testing.T) {
	_, ts := testServer(t, func(st *st.Ctx) {
		st.DownloadButton("Export", []byte("x"), "Überblick.csv")
	})
	b := dial(t, ts)
	b.hello("", nil)
	resp, _ := get(t, http.DefaultClient, ts.URL+"/"+urlIn(t, b.until("done")))
	want := "attachment; filename*=utf-8''%C3%9Cberblick.csv"
	if got := resp.Header.Get("Content-Disposition"); got != want {
		t.Errorf("Content-Disposition %q, want %q", got, want)
	}
}

func TestUnknownDownloadIsNotFound(t *testing.T) {
	_, ts := testServer(t, counterApp)
	for _, path := range []string{"/_gost/download/0123456789abcdef0123456789abcdef", "/_gost/download/"} {
		resp, body := get(t, http.DefaultClient, ts.URL+path)
		if resp.StatusCode != 404 || len(body) > 200 {
			t.Errorf("GET %s: %d %q, want a short 404", path, resp.StatusCode, body)
		}
	}
}

func TestDownloadGoesWithItsButton(t *testing.T) {
	_, ts := testServer(t, func(st *st.Ctx) {
		if !st.Checkbox("Hide") {
			st.DownloadButton("Export", []byte("data"), "data.txt")
		}
	})
	b := dial(t, ts)
	b.hello("", nil)
	url := ts.URL + "/" + urlIn(t, b.until("done"))
	if resp, _ := get(t, http.DefaultClient, url); resp.StatusCode != 200 {
		t.Fatalf("GET while the button shows: %d", resp.StatusCode)
	}
	b.send(map[string]any{"t": "rerun", "widgets": map[string]any{"checkbox:Hide": true}})
	if done := b.until("done"); bytes.Contains(done.raw, []byte("_gost/download/")) {
		t.Fatalf("the button is still drawn: %s", done.raw)
	}
	// The run a click starts may no longer draw the button whose file the
	// browser is fetching: the file outlives it by one run.
	if resp, _ := get(t, http.DefaultClient, url); resp.StatusCode != 200 {
		t.Errorf("GET in the run after the button went: %d, want 200", resp.StatusCode)
	}
	b.send(map[string]any{"t": "rerun"})
	b.until("done")
	if resp, _ := get(t, http.DefaultClient, url); resp.StatusCode != 404 {
		t.Errorf("GET two runs after the button went: %d, want 404", resp.StatusCode)
	}
}

func TestDownloadUnderABasePath(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	ts := httptest.NewServer(NewServer(func(st *st.Ctx) {
		st.DownloadButton("Export", []byte("data"), "data.txt")
	}, Options{BaseURLPath: "tools/x"}, log))
	defer ts.Close()
	ws, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(ts.URL, "http")+"/tools/x/_gost/stream", http.Header{"Origin": {ts.URL}})
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	b := &browser{t, ws}
	b.hello("", nil)
	url := urlIn(t, b.until("done"))
	// The page is /tools/x/, so the browser fetches /tools/x/<url>.
	if resp, body := get(t, http.DefaultClient, ts.URL+"/tools/x/"+url); resp.StatusCode != 200 || string(body) != "data" {
		t.Errorf("GET under the base path: %d %q", resp.StatusCode, body)
	}
	if resp, _ := get(t, http.DefaultClient, ts.URL+"/"+url); resp.StatusCode != 404 {
		t.Errorf("GET outside the base path: %d, want 404", resp.StatusCode)
	}
}
