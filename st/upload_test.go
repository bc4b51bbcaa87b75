package st_test

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/gost-dev/gost/st"
	"github.com/gost-dev/gost/sttest"
)

// tableApp shows the CSV files its uploader holds as tables, and the
// parse error of a malformed one.
func tableApp(types string, multiple bool) func(*st.Ctx) {
	return func(st *st.Ctx) {
		files := st.FileUploader("Data", st.Type(types), st.AcceptMultipleFiles(multiple))
		st.Text(fmt.Sprintf("%d files", len(files)))
		for _, f := range files {
			r, err := f.Open()
			if err != nil {
				st.Exception(err)
				continue
			}
			rows, err := csv.NewReader(r).ReadAll()
			r.Close()
			if err != nil {
				st.Error(f.Name + ": " + err.Error())
				continue
			}
			st.Table(rows)
			st.Text(fmt.Sprint(rows))
			st.Text(fmt.Sprintf("%s %s %d", f.Name, f.Type, f.Size))
		}
	}
}

func TestFileUploaderGivesTheAppItsFile(t *testing.T) {
	app := sttest.Run(t, tableApp("csv", false))
	if !app.Contains("0 files") {
		t.Fatalf("before an upload: %v", app)
	}
	app.Upload("Data", "stock.csv", []byte("item,qty\npen,3\n"))
	if !app.Contains("1 files") || !app.Contains("[[item qty] [pen 3]]") || !app.Contains("stock.csv text/csv 15") {
		t.Fatalf("after an upload the page shows %v", app)
	}
	w := app.Widget("file_uploader", "Data")
	if fmt.Sprint(w.Props["types"]) != "[.csv]" || w.Props["limit"] != "200 MB" {
		t.Errorf("the uploader tells the page types %v and limit %v, want [.csv] and 200 MB", w.Props["types"], w.Props["limit"])
	}
	// A second file replaces the first: the uploader holds one.
	app.Upload("Data", "other.csv", []byte("a\nb\n"))
	if !app.Contains("1 files") || app.Contains("stock.csv") || !app.Contains("other.csv") {
		t.Errorf("a second upload to a one-file uploader: %v", app)
	}
	// A malformed CSV is the app's to report; nothing else breaks.
	app.Upload("Data", "bad.csv", []byte("a,b\n\"x\n"))
	if !app.Contains("bad.csv: parse error on line 2") || app.Status != "ok" {
		t.Errorf("a malformed CSV: %v, status %s", app, app.Status)
	}
	// Removed in the page: the app sees none.
	app.Set("file_uploader", "Data", []string{})
	if !app.Contains("0 files") {
		t.Errorf("after removing the file: %v", app)
	}
}

func TestFileUploaderRefuses(t *testing.T) {
	app := sttest.Run(t, tableApp(".csv", false))
	if _, err := app.PutFile("Data", "notes.txt", []byte("hi")); err == nil || !strings.Contains(err.Error(), "takes .csv") {
		t.Errorf("a .txt to a .csv uploader: %v", err)
	}
	off := sttest.Run(t, func(st *st.Ctx) { st.FileUploader("Data", st.Disabled(true)) })
	if _, err := off.PutFile("Data", "a.csv", []byte("x")); err == nil || !strings.Contains(err.Error(), "disabled") {
		t.Errorf("an upload to a disabled uploader: %v", err)
	}
	// Ids the session never received, and two for a one-file uploader,
	// are no value: the uploader stays empty.
	a, _ := app.PutFile("Data", "a.csv", []byte("x\n"))
	b, _ := app.PutFile("Data", "b.csv", []byte("y\n"))
	for _, v := range [][]string{{"0123456789abcdef"}, {a, b}} {
		app.Set("file_uploader", "Data", v)
		if !app.Contains("0 files") {
			t.Errorf("the value %q reached the app: %v", v, app)
		}
	}
}

func TestFileUploaderTakesSeveralFiles(t *testing.T) {
	app := sttest.Run(t, tableApp("text/csv", true))
	app.Upload("Data", "a.csv", []byte("x\n1\n"))
	app.Upload("Data", "b.csv", []byte("y\n2\n"))
	if !app.Contains("2 files") || !app.Contains("a.csv") || !app.Contains("b.csv") {
		t.Errorf("two uploads to a multiple uploader: %v", app)
	}
}

// In a form, the files reach the app with the submit button.
func TestFileUploaderInAForm(t *testing.T) {
	var got []string
	app := sttest.Run(t, func(st *st.Ctx) {
		f := st.Form("load")
		files := f.FileUploader("Data")
		if f.FormSubmitButton("Load") {
			for _, file := range files {
				r, _ := file.Open()
				b, _ := io.ReadAll(r)
				r.Close()
				got = append(got, string(b))
			}
		}
	})
	id, err := app.PutFile("Data", "a.csv", []byte("x,y"))
	if err != nil {
		t.Fatal(err)
	}
	uploader := app.Widget("file_uploader", "Data").ID
	app.Rerun(map[string]any{uploader: []string{id}}, "") // without the submit button: dropped
	app.Rerun(map[string]any{uploader: []string{id}}, app.Widget("form_submit_button", "Load").ID)
	if len(got) != 1 || got[0] != "x,y" {
		t.Errorf("the form's submit run read %q, want [x,y]", got)
	}
}

func TestFileUploaderOptionMistakes(t *testing.T) {
	app := sttest.Run(t, func(st *st.Ctx) {
		st.FileUploader("A", st.Type(""))
		st.FileUploader("B", st.Type("*/x"))
		st.FileUploader("C", st.Width(3))
	})
	for _, want := range []string{`st.FileUploader "A": Type("")`, `st.FileUploader "B": Type("*/x")`, `st.FileUploader "C": option Width does not apply`} {
		if !app.Contains(want) {
			t.Errorf("no %q in %v", want, app)
		}
	}
}

func TestAudioAndVideo(t *testing.T) {
	wav := []byte("RIFF\x24\x00\x00\x00WAVEfmt \x10\x00\x00\x00")
	webm := []byte("\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01")
	app := sttest.Run(t, func(st *st.Ctx) {
		st.Audio(wav, st.StartTime(1500_000_000), st.Loop(true))
		st.Video(strings.NewReader(string(webm)), st.Autoplay(true), st.Muted(true))
		st.Audio(webm) // a WebM of sound
		st.Audio("https://example.com/a.mp3")
		st.Audio([]byte("not a sound"))
		st.Audio([]byte("ID3-less"), st.MIME("audio/mpeg"))
		st.Video("javascript:alert(1)")
		st.Audio(wav, st.Muted(true))
	})
	media := app.All("audio", "video")
	if len(media) != 5 {
		t.Fatalf("%d players, want 5: %v", len(media), app)
	}
	for i, want := range []map[string]any{
		{"start": 1.5, "loop": true},
		{"autoplay": true, "muted": true},
		{},
		{"src": "https://example.com/a.mp3"},
		{},
	} {
		p := media[i].Props
		if src, _ := p["src"].(string); i != 3 && !strings.HasPrefix(src, "_gost/media/") {
			t.Errorf("player %d src %q, want the session's media", i, src)
		}
		for k, v := range want {
			if p[k] != v {
				t.Errorf("player %d %s = %v, want %v", i, k, p[k], v)
			}
		}
	}
	for _, want := range []string{"cannot tell the format", `cannot use the URL "javascript:alert(1)"`, "option Muted does not apply"} {
		if !app.Contains(want) {
			t.Errorf("no %q in %v", want, app)
		}
	}
}

// As Streamlit's e2e test: the callback runs once per change, not on a
// rerun that keeps the file, and the file stays across reruns.
func TestFileUploaderCallbackOnlyOnChange(t *testing.T) {
	calls := 0
	app := sttest.Run(t, func(st *st.Ctx) {
		files := st.FileUploader("Data", st.OnChange(func() { calls++ }))
		st.Button("Rerun")
		st.Text(fmt.Sprintf("files: %d", len(files)))
	})
	app.Upload("Data", "a.txt", []byte("hello"))
	app.Click("Rerun")
	app.Click("Rerun")
	if calls != 1 || !app.Contains("files: 1") {
		t.Errorf("after an upload and two reruns: %d calls, page %v; want 1 call and the file", calls, app)
	}
	app.Set("file_uploader", "Data", []string{})
	if calls != 2 || !app.Contains("files: 0") {
		t.Errorf("after removing the file: %d calls, page %v", calls, app)
	}
}

func TestMediaSizeCap(t *testing.T) {
	app := sttest.Run(t, func(st *st.Ctx) {
		st.Video(io.LimitReader(zeros{}, maxMedia+1))
	})
	if !app.Contains("more than 64 MiB") || len(app.All("video")) != 0 {
		t.Errorf("a video over MaxMediaSize: %v", app)
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

const maxMedia = st.MaxMediaSize
