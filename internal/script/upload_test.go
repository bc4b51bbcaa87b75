package script_test

import (
	"bytes"
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/gost-dev/gost/internal/script"
)

// uploaderApp draws one uploader, "files", while *draw, holding the
// uploads whose ids *value lists: what st.FileUploader does with the
// engine's value.
func uploaderApp(draw *bool, value *[]string, p script.UploadPolicy) func(r *script.Run) {
	return func(r *script.Run) {
		if !*draw {
			return
		}
		r.Uploads().Allow("files", p)
		for _, id := range *value {
			if f, ok := r.Uploads().Get(id); ok {
				r.Uploads().Hold(f)
			}
		}
	}
}

func tempUploads(t *testing.T, u *script.Uploads) string {
	dir := t.TempDir()
	u.SetDir(func() (string, error) { return dir, nil })
	return dir
}

func files(t *testing.T, dir string) int {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	return len(es)
}

// TestUploadsLiveWhileThePageShowsThem: a file waits for the run that
// sends its id, stays while runs hold it, and goes when the value drops
// it (the user removed it), when its uploader is no longer drawn, and
// when the session ends; a large file is on disk, not in memory, and
// its temporary file goes with it.
func TestUploadsLiveWhileThePageShowsThem(t *testing.T) {
	draw, value := true, []string{}
	h := newSession(t, uploaderApp(&draw, &value, script.UploadPolicy{Multiple: true}))
	u := h.s.Uploads()
	dir := tempUploads(t, u)
	h.send(nil)

	small, err := u.Receive("files", "a.csv", strings.NewReader("x,y\n1,2\n"))
	if err != nil {
		t.Fatal(err)
	}
	bigData := bytes.Repeat([]byte("0123456789abcdef"), 1<<17) // 2 MiB
	big, err := u.Receive("files", "big.csv", bytes.NewReader(bigData))
	if err != nil {
		t.Fatal(err)
	}
	if big.Size != int64(len(bigData)) || files(t, dir) != 1 {
		t.Fatalf("big upload: size %d, %d files on disk; want %d and 1", big.Size, files(t, dir), len(bigData))
	}
	h.send(nil) // a run before the ids arrive keeps the files waiting
	if _, ok := u.Get(small.ID); !ok {
		t.Fatal("a file waiting for its id was dropped by a run in between")
	}
	value = []string{small.ID, big.ID}
	h.send(nil)
	rc, err := big.Open()
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(rc)
	rc.Close()
	if !bytes.Equal(got, bigData) {
		t.Error("the big file reads back other bytes")
	}

	value = []string{big.ID} // the user removed a.csv
	h.send(nil)
	if _, ok := u.Get(small.ID); ok {
		t.Error("a file removed in the page is still held")
	}
	if _, err := small.Open(); err == nil {
		t.Error("a removed file still opens")
	}

	draw = false // the uploader is gone
	h.send(nil)
	if _, ok := u.Get(big.ID); ok || files(t, dir) != 0 {
		t.Errorf("the uploader is gone, but its file is held: %v; %d files on disk", ok, files(t, dir))
	}

	draw = true
	h.send(nil)
	if _, err := u.Receive("files", "big.csv", bytes.NewReader(bigData)); err != nil {
		t.Fatal(err)
	}
	u.Close()
	if files(t, dir) != 0 {
		t.Error("the session ended, and its upload is still on disk")
	}
	if _, err := u.Receive("files", "a.csv", strings.NewReader("x")); !errors.Is(err, script.ErrUploadsClosed) {
		t.Errorf("an upload to an ended session: %v", err)
	}
}

// errReader fails after its bytes, as a connection cut off does.
type errReader struct{ r io.Reader }

func (e errReader) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	if err == io.EOF {
		return n, io.ErrUnexpectedEOF
	}
	return n, err
}

func TestUploadsRefuse(t *testing.T) {
	draw, value := true, []string{}
	h := newSession(t, uploaderApp(&draw, &value, script.UploadPolicy{Types: []string{".csv", "image/*"}}))
	u := h.s.Uploads()
	dir := tempUploads(t, u)
	u.SetLimit(3 << 20)
	h.send(nil)
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	for _, c := range []struct {
		name, widget string
		body         io.Reader
		want         error
	}{
		{"a.csv", "other", strings.NewReader("x"), script.ErrNoUploader},
		{"a.txt", "files", strings.NewReader("x"), script.ErrUploadType},
		{"a.csv", "files", bytes.NewReader(png), script.ErrUploadType}, // a PNG named .csv
		{"a.csv", "files", bytes.NewReader(make([]byte, 3<<20+1)), script.ErrUploadTooBig},
		{"a.csv", "files", io.LimitReader(strings.NewReader(strings.Repeat("x", 5<<20)), 10<<20), script.ErrUploadTooBig},
		{"a.csv", "files", errReader{strings.NewReader(strings.Repeat("x", 2<<20))}, script.ErrUploadCutOff},
		{"a.csv", "files", errReader{strings.NewReader("x")}, script.ErrUploadCutOff},
	} {
		if _, err := u.Receive(c.widget, c.name, c.body); !errors.Is(err, c.want) {
			t.Errorf("%s to %s: %v, want %v", c.name, c.widget, err, c.want)
		}
	}
	if n := files(t, dir); n != 0 {
		t.Errorf("refused uploads left %d files on disk", n)
	}
	var ids []string
	for _, ok := range []struct{ name, body, typ string }{
		{"a.csv", "x,y\n", "text/csv"},
		{"picture.png", string(png), "image/png"},
		{`C:\Users\me\b.CSV`, "x\n", "text/csv"},
	} {
		f, err := u.Receive("files", ok.name, strings.NewReader(ok.body))
		if err != nil {
			t.Errorf("%s: %v", ok.name, err)
			continue
		}
		if f.Type != ok.typ || strings.ContainsAny(f.Name, `/\`) {
			t.Errorf("%s: type %q, name %q; want %s and a base name", ok.name, f.Type, f.Name, ok.typ)
		}
		ids = append(ids, f.ID)
	}
	// An uploader of one file: each upload replaced the one before it,
	// which was never sent.
	for i, id := range ids {
		if _, ok := u.Get(id); ok != (i == len(ids)-1) {
			t.Errorf("upload %d of %d is held: %v", i+1, len(ids), ok)
		}
	}
}
