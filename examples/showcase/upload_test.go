package main

import (
	"bytes"
	"encoding/binary"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/gost-dev/gost/internal/browsertest"
	"github.com/gost-dev/gost/st"
)

// csvTableApp shows the CSV a user uploads as a table.
func csvTableApp(st *st.Ctx) {
	files := st.FileUploader("Sales CSV", st.Type(".csv"))
	st.Text(fmt.Sprintf("files: %d", len(files)))
	for _, f := range files {
		r, err := f.Open()
		if err != nil {
			st.Exception(err)
			continue
		}
		rows, err := csv.NewReader(r).ReadAll()
		r.Close()
		if err != nil {
			st.Error(err.Error())
			continue
		}
		st.Table(rows)
	}
}

// pick gives the uploader's file input the files at paths, as a user
// choosing them in the file dialog does.
func pick(p *browsertest.Page, paths ...string) {
	p.Do("pick "+fmt.Sprint(paths), chromedp.SetUploadFiles(chromedp.CSS(`.file-uploader input[type=file]`), paths))
}

// A CSV picked in the page goes to the server over HTTP, and the app's
// table of it shows; removing it in the page takes the table away.
func TestUploadedCSVShowsAsATable(t *testing.T) {
	t.Parallel()
	p, _ := open(t, csvTableApp)
	p.WaitText("files: 0")
	path := filepath.Join(t.TempDir(), "sales.csv")
	if err := os.WriteFile(path, []byte("region,total\nNorth,1234\nSouth,987\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	pick(p, path)
	p.WaitText("files: 1")
	p.WaitTextIn(".table", "North")
	p.WaitTextIn(".table", "987")
	p.WaitTextIn(".file-uploader .file-name", "sales.csv")
	if browsertest.Eval[bool](p, `!document.querySelector(".file-uploader progress").hidden`) {
		t.Error("the progress bar still shows after the upload")
	}
	p.Do("remove the file", chromedp.Click(chromedp.CSS(`.file-uploader .remove`)))
	p.WaitText("files: 0")
	p.WaitNoText("North")
}

// A file over the size limit (200 MB by default) is refused with a
// message, and the app sees no file. The file is sparse: it takes no disk.
func TestOversizeUploadIsRefused(t *testing.T) {
	t.Parallel()
	p, _ := open(t, csvTableApp)
	p.WaitText("files: 0")
	path := filepath.Join(t.TempDir(), "huge.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(201 << 20); err != nil {
		t.Fatal(err)
	}
	f.Close()
	pick(p, path)
	p.WaitTextIn(".file-uploader .file-error", "huge.csv is 201.0 MB: files must be 200 MB or smaller.")
	if p.HasText("files: 1") {
		t.Error("the app got the oversize file")
	}
}

// The server refuses too: a file of a type the uploader does not take,
// which the page let through because the browser could not tell its
// type, shows the server's message.
func TestServerRefusalShowsInThePage(t *testing.T) {
	t.Parallel()
	p, _ := open(t, func(st *st.Ctx) {
		st.Text(fmt.Sprintf("files: %d", len(st.FileUploader("Picture", st.Type("image/*")))))
	})
	p.WaitText("files: 0")
	path := filepath.Join(t.TempDir(), "photo.png")
	// Named .png, so the browser calls it image/png; its bytes are HTML.
	if err := os.WriteFile(path, []byte("<html><body>not a picture</body></html>"), 0o644); err != nil {
		t.Fatal(err)
	}
	pick(p, path)
	p.WaitTextIn(".file-uploader .file-error", "holds text/html, not what its name says")
	if p.HasText("files: 1") {
		t.Error("the app got the refused file")
	}
}

// In a form, the picked file reaches the app only with the submit button.
func TestUploadInAFormWaitsForSubmit(t *testing.T) {
	t.Parallel()
	p, _ := open(t, func(st *st.Ctx) {
		f := st.Form("load")
		files := f.FileUploader("Data")
		sent := f.FormSubmitButton("Load")
		st.Text(fmt.Sprintf("sent %v, files: %d", sent, len(files)))
		st.Button("Rerun")
		for _, file := range files {
			r, err := file.Open()
			if err != nil {
				st.Exception(err)
				continue
			}
			b, _ := io.ReadAll(r)
			r.Close()
			st.Text("holds " + string(b))
		}
	})
	p.WaitText("sent false, files: 0")
	path := filepath.Join(t.TempDir(), "a.csv")
	os.WriteFile(path, []byte("x 1"), 0o644)
	pick(p, path)
	p.WaitFor("the upload to finish", `document.querySelector(".file-uploader progress")?.hidden === true`)
	if p.HasText("files: 1") {
		t.Fatal("the file reached the app before the form was submitted")
	}
	p.Click("Load")
	p.WaitText("sent true, files: 1")
	p.WaitText("holds x 1")
	// Removed in the page: the app still has the file until the form is
	// sent again, as in Streamlit, even across other reruns.
	p.Do("remove the file", chromedp.Click(chromedp.CSS(`.file-uploader .remove`)))
	p.Click("Rerun")
	p.WaitText("sent false, files: 1")
	p.WaitText("holds x 1")
	p.Click("Load")
	p.WaitText("sent true, files: 0")
	p.WaitNoText("holds")
}

// wav returns a second of silence, 8 kHz mono 8-bit PCM, as a WAV file.
func wav(seconds int) []byte {
	n := 8000 * seconds
	b := []byte("RIFF\x00\x00\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00\x01\x00\x40\x1f\x00\x00\x40\x1f\x00\x00\x01\x00\x08\x00data\x00\x00\x00\x00")
	binary.LittleEndian.PutUint32(b[4:], uint32(36+n))
	binary.LittleEndian.PutUint32(b[40:], uint32(n))
	return append(b, bytes.Repeat([]byte{0x80}, n)...)
}

// An audio player gets the app's bytes from the session and starts at
// StartTime: the browser read the length (from the bytes) and sought.
func TestAudioPlayerLoadsAndStartsAtStartTime(t *testing.T) {
	t.Parallel()
	p, _ := open(t, func(st *st.Ctx) {
		st.Audio(wav(4), st.StartTime(1500*time.Millisecond), st.Loop(true))
	})
	audio := `document.querySelector("audio.media")`
	p.WaitFor("the audio to load", audio+`?.readyState >= 1`)
	got := browsertest.Eval[[]float64](p, `[`+audio+`.duration, `+audio+`.currentTime, `+audio+`.loop ? 1 : 0]`)
	if len(got) != 3 || got[0] != 4 || got[1] != 1.5 || got[2] != 1 {
		t.Errorf("duration, currentTime, loop = %v; want 4 s, 1.5 s, looping", got)
	}
}

// Several files picked at once each upload, and removing one leaves the
// other with the app.
func TestSeveralFilesUploadAndOneIsRemoved(t *testing.T) {
	t.Parallel()
	p, _ := open(t, func(st *st.Ctx) {
		files := st.FileUploader("Data", st.AcceptMultipleFiles(true))
		names := []string{}
		for _, f := range files {
			names = append(names, f.Name)
		}
		st.Text(fmt.Sprintf("files: %v", names))
	})
	p.WaitText("files: []")
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.txt"), filepath.Join(dir, "b.txt")
	os.WriteFile(a, []byte("first"), 0o644)
	os.WriteFile(b, []byte("second"), 0o644)
	pick(p, a, b)
	p.WaitText("files: [a.txt b.txt]")
	p.Do("remove a.txt", chromedp.Click(chromedp.CSS(`.file-uploader .remove[aria-label="Remove a.txt"]`)))
	p.WaitText("files: [b.txt]")
}
