package runtime

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gost-dev/gost/internal/script"
	"github.com/gost-dev/gost/st"
)

// csvApp shows what its uploader holds: each file's name and first line.
func csvApp(st *st.Ctx) {
	for _, f := range st.FileUploader("Data", st.Type(".csv")) {
		r, err := f.Open()
		if err != nil {
			st.Text("error " + err.Error())
			continue
		}
		line, _ := bufio.NewReader(r).ReadString('\n')
		r.Close()
		st.Text(fmt.Sprintf("got %s %d %s: %s", f.Name, f.Size, f.Type, strings.TrimSpace(line)))
	}
}

const uploaderID = "file_uploader:Data"

// uploadServer serves csvApp with a browser whose page shows the uploader,
// and returns the URL to send files to.
func uploadServer(t *testing.T, limit int64) (*Server, *httptest.Server, *browser, string) {
	t.Helper()
	srv, ts := testServer(t, csvApp)
	t.Cleanup(srv.removeUploads)
	srv.setUploadLimit(limit)
	b := dial(t, ts)
	sid := b.hello("", nil).ID
	b.until("done")
	return srv, ts, b, ts.URL + "/" + uploadPath + sid + "/" + url.PathEscape(uploaderID)
}

func post(t *testing.T, to, origin, name string, body io.Reader) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest("POST", to+"?name="+url.QueryEscape(name), body)
	if origin != "" {
		req.Header.Set("Origin", origin)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// diskFiles counts the files in the server's upload directory.
func diskFiles(t *testing.T, srv *Server) int {
	t.Helper()
	srv.uploads.mu.Lock()
	dir := srv.uploads.dir
	srv.uploads.mu.Unlock()
	if dir == "" {
		return 0
	}
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	return len(es)
}

// TestUploadReachesTheApp: the bytes go over HTTP, the id over the
// websocket, and the app reads the file, which a large upload keeps on
// disk until the user removes it in the page.
func TestUploadReachesTheApp(t *testing.T) {
	srv, ts, b, to := uploadServer(t, 10<<20)
	data := "name,qty\n" + strings.Repeat("pen,1\n", 400_000) // 2.4 MB: on disk
	resp, body := post(t, to, ts.URL, "stock.csv", strings.NewReader(data))
	if resp.StatusCode != 200 {
		t.Fatalf("upload: %d %s", resp.StatusCode, body)
	}
	var got struct {
		ID   string
		Size int64
	}
	if err := json.Unmarshal([]byte(body), &got); err != nil || got.Size != int64(len(data)) {
		t.Fatalf("upload answered %s (%v), want its id and size %d", body, err, len(data))
	}
	if diskFiles(t, srv) != 1 {
		t.Errorf("a 2.4 MB upload is not on disk")
	}
	b.send(map[string]any{"t": "rerun", "widgets": map[string]any{uploaderID: []string{got.ID}}})
	want := fmt.Sprintf("got stock.csv %d text/csv: name,qty", len(data))
	if done := b.until("done"); !bytes.Contains(done.raw, []byte(want)) {
		t.Fatalf("the app did not read the file: %s", done.raw)
	}
	b.send(map[string]any{"t": "rerun", "widgets": map[string]any{uploaderID: []string{}}})
	b.until("done")
	if n := diskFiles(t, srv); n != 0 {
		t.Errorf("the file was removed in the page; %d files still on disk", n)
	}
}

func TestUploadRefusals(t *testing.T) {
	srv, ts, b, to := uploadServer(t, 2<<20)
	other := regexp.MustCompile(`/upload/[0-9a-f]+/`).ReplaceAllString(to, "/upload/0123456789abcdef0123456789abcdef/")
	big := strings.Repeat("x", 3<<20)
	for _, c := range []struct {
		what, to, origin, name string
		body                   io.Reader
		status                 int
		says                   string
	}{
		{"no Origin", to, "", "a.csv", strings.NewReader("x"), 403, "own pages"},
		{"another site", to, "http://evil.example", "a.csv", strings.NewReader("x"), 403, "own pages"},
		{"another session", other, ts.URL, "a.csv", strings.NewReader("x"), 404, "no such session"},
		{"no such uploader", strings.Replace(to, "Data", "Other", 1), ts.URL, "a.csv", strings.NewReader("x"), 404, "no such file uploader"},
		{"wrong extension", to, ts.URL, "a.txt", strings.NewReader("x"), 415, "takes .csv"},
		{"a PNG named .csv", to, ts.URL, "a.csv", strings.NewReader("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), 415, "image/png"},
		{"too large, by its length", to, ts.URL, "a.csv", strings.NewReader(big), 413, "more than 2 MB"},
		// No Content-Length: the server stops reading at the limit.
		{"too large, as it comes", to, ts.URL, "a.csv", io.MultiReader(strings.NewReader(big)), 413, "more than 2 MB"},
	} {
		resp, body := post(t, c.to, c.origin, c.name, c.body)
		if resp.StatusCode != c.status || !strings.Contains(body, c.says) {
			t.Errorf("%s: %d %q, want %d saying %q", c.what, resp.StatusCode, body, c.status, c.says)
		}
	}
	if n := diskFiles(t, srv); n != 0 {
		t.Errorf("refused uploads left %d files on disk", n)
	}
	// A refused file is no value for the uploader either.
	b.send(map[string]any{"t": "rerun", "widgets": map[string]any{uploaderID: []string{"0123456789abcdef0123456789abcdef"}}})
	if done := b.until("done"); bytes.Contains(done.raw, []byte("got ")) {
		t.Errorf("an id the session never received reached the app: %s", done.raw)
	}
}

// TestUploadOfALoginWantsItsCookie: a logged-in session's uploads come
// only with that login's cookie; here there is none.
func TestUploadOfALoginWantsItsCookie(t *testing.T) {
	srv, ts, _, to := uploadServer(t, 1<<20)
	srv.mu.Lock()
	for _, sess := range srv.sessions {
		sess.setUser(script.User{LoggedIn: true, Key: "someone"})
	}
	srv.mu.Unlock()
	if resp, body := post(t, to, ts.URL, "a.csv", strings.NewReader("x")); resp.StatusCode != 404 {
		t.Errorf("upload to a login's session without its cookie: %d %s, want 404", resp.StatusCode, body)
	}
}

// TestCutOffUploadLeavesNothing: a browser that goes away in the middle of
// an upload leaves no partial file.
func TestCutOffUploadLeavesNothing(t *testing.T) {
	srv, ts, _, to := uploadServer(t, 100<<20)
	u, _ := url.Parse(to)
	c, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(c, "POST %s?name=a.csv HTTP/1.1\r\nHost: %s\r\nOrigin: %s\r\nContent-Length: %d\r\n\r\n", u.EscapedPath(), u.Host, ts.URL, 50<<20)
	chunk := bytes.Repeat([]byte("x,y\n"), 1<<18) // 1 MiB
	for range 3 {
		c.Write(chunk)
	}
	waitFor(t, "the upload to reach the disk", func() bool { return diskFiles(t, srv) == 1 })
	c.Close()
	waitFor(t, "the partial file to go", func() bool { return diskFiles(t, srv) == 0 })
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestMediaAnswersRanges: an audio player seeks with range requests.
func TestMediaAnswersRanges(t *testing.T) {
	wav := append([]byte("RIFF\x24\x00\x00\x00WAVEfmt "), bytes.Repeat(allBytes, 40)...)
	_, ts := testServer(t, func(st *st.Ctx) { st.Audio(wav) })
	b := dial(t, ts)
	b.hello("", nil)
	src := regexp.MustCompile(`"src":"(_gost/media/[0-9a-f]+)"`).FindSubmatch(b.until("done").raw)
	if src == nil {
		t.Fatal("no media src in the page")
	}
	req, _ := http.NewRequest("GET", ts.URL+"/"+string(src[1]), nil)
	req.Header.Set("Range", "bytes=100-199")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 206 || !bytes.Equal(body, wav[100:200]) {
		t.Fatalf("range 100-199: %d, %d bytes; want 206 and those bytes", resp.StatusCode, len(body))
	}
	if got, want := resp.Header.Get("Content-Range"), fmt.Sprintf("bytes 100-199/%d", len(wav)); got != want {
		t.Errorf("Content-Range %q, want %q", got, want)
	}
	if got := resp.Header.Get("Content-Type"); got != "audio/wave" {
		t.Errorf("Content-Type %q, want audio/wave", got)
	}
}

// TestSessionsEndWithTheirUploads: a session swept away takes its files.
func TestSessionsEndWithTheirUploads(t *testing.T) {
	srv, ts, b, to := uploadServer(t, 10<<20)
	resp, body := post(t, to, ts.URL, "a.csv", strings.NewReader(strings.Repeat("x,y\n", 1<<19))) // 2 MiB: on disk
	if resp.StatusCode != 200 || diskFiles(t, srv) != 1 {
		t.Fatalf("upload: %d %s; %d files on disk", resp.StatusCode, body, diskFiles(t, srv))
	}
	b.ws.Close()
	waitFor(t, "the browser to be gone", func() bool {
		srv.mu.Lock()
		defer srv.mu.Unlock()
		for _, sess := range srv.sessions {
			if sess.idleSince().IsZero() {
				return false
			}
		}
		return true
	})
	srv.sweep(time.Now().Add(time.Hour), sessionGrace)
	if srv.Sessions() != 0 || diskFiles(t, srv) != 0 {
		t.Errorf("after the sweep: %d sessions, %d files on disk; want none", srv.Sessions(), diskFiles(t, srv))
	}
}
