package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/gost-dev/gost/internal/browsertest"
	"github.com/gost-dev/gost/st"
)

// A click on a download button saves the file in the browser and reruns
// the app, which sees the click.
func TestDownloadButtonSavesTheFileAndReruns(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.WriteAll([][]string{{"name", "city"}, {"Zoë", "Zürich"}, {"Ada", "London, \"UK\""}})
	want := buf.Bytes()

	p, _ := open(t, func(st *st.Ctx) {
		n := st.SessionState()
		if st.DownloadButton("Download CSV", want, "people.csv") {
			n.Set("downloads", n.Int("downloads")+1)
		}
		st.Text("downloaded " + strconv.Itoa(n.Int("downloads")))
	})
	dir := t.TempDir()
	p.DownloadTo(dir)
	p.WaitText("downloaded 0")

	link := `document.querySelector("a.btn[download]")`
	if got := browsertest.Eval[string](p, link+`.getAttribute("download")`); got != "people.csv" {
		t.Errorf("the link saves as %q, want people.csv", got)
	}
	p.Do("click the download button", chromedp.Click(chromedp.JSPath(link)))
	p.WaitText("downloaded 1")

	saved := filepath.Join(dir, "people.csv")
	deadline := time.Now().Add(browsertest.Timeout)
	for {
		// Chromium writes to a temporary name and renames it when done,
		// so the file is whole once it has its name.
		got, err := os.ReadFile(saved)
		if err == nil {
			if !bytes.Equal(got, want) {
				t.Fatalf("the saved file holds %q, want %q", got, want)
			}
			break
		}
		if time.Now().After(deadline) {
			entries, _ := os.ReadDir(dir)
			t.Fatalf("no %s after %v (the directory holds %v): %v", saved, browsertest.Timeout, entries, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// A disabled download button downloads nothing and sends nothing.
func TestDisabledDownloadButtonDoesNothing(t *testing.T) {
	t.Parallel()
	p, _ := open(t, func(st *st.Ctx) {
		st.DownloadButton("Download CSV", []byte("x"), "x.csv", st.Disabled(true))
	})
	link := `document.querySelector("a.btn")`
	if href := browsertest.Eval[bool](p, link+`.hasAttribute("href")`); href {
		t.Error("a disabled download button has an href")
	}
	p.Exec(link + `.click()`)
	if sent := p.Sent(); len(sent) != 1 {
		t.Errorf("a click on a disabled download button sent %v", sent[1:])
	}
}
