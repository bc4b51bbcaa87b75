package st_test

import (
	"strings"
	"testing"

	"github.com/gost-dev/gost/st"
	"github.com/gost-dev/gost/sttest"
)

func TestDownloadButtonProps(t *testing.T) {
	csv := []byte("name,age\nAda,36\n")
	app := sttest.Run(t, func(st *st.Ctx) {
		st.DownloadButton("CSV", csv, "people.csv", st.Help("All of them"), st.Primary(true))
		st.DownloadButton("PNG", []byte{0x89, 'P', 'N', 'G'}, "chart.png")
		st.DownloadButton("Blob", []byte("?"), "data.unknownext")
		st.DownloadButton("JSON lines", []byte("{}\n"), "log.jsonl", st.MIME("application/x-ndjson"))
	})
	for _, tt := range []struct {
		label, name, mime string
		size              int
	}{
		{"CSV", "people.csv", "text/csv; charset=utf-8", len(csv)},
		{"PNG", "chart.png", "image/png", 4},
		{"Blob", "data.unknownext", "application/octet-stream", 1},
		{"JSON lines", "log.jsonl", "application/x-ndjson", 3},
	} {
		p := app.Widget("download_button", tt.label).Props
		if p["name"] != tt.name || p["mime"] != tt.mime || p["size"] != float64(tt.size) {
			t.Errorf("%s: name %v, mime %v, size %v; want %s, %s, %d", tt.label, p["name"], p["mime"], p["size"], tt.name, tt.mime, tt.size)
		}
		url, _ := p["url"].(string)
		id, ok := strings.CutPrefix(url, "_gost/download/")
		if !ok || len(id) < 32 {
			t.Errorf("%s: url %q, want _gost/download/ and a random id of 128 bits or more", tt.label, url)
		}
	}
	p := app.Widget("download_button", "CSV").Props
	if p["help"] != "All of them" || p["primary"] != true || p["disabled"] != false {
		t.Errorf("CSV: widget props %v", p)
	}
}

func TestDownloadButtonsOfDifferentDataHaveDifferentURLs(t *testing.T) {
	app := sttest.Run(t, func(st *st.Ctx) {
		st.DownloadButton("A", []byte("a"), "x.txt")
		st.DownloadButton("B", []byte("b"), "x.txt")
	})
	a, b := app.Widget("download_button", "A").Props["url"], app.Widget("download_button", "B").Props["url"]
	if a == b {
		t.Errorf("two files share the url %v", a)
	}
}

func TestDownloadButtonIsTrueForOneRunAfterItsCallback(t *testing.T) {
	var order []string
	app := sttest.Run(t, func(st *st.Ctx) {
		clicked := st.DownloadButton("Export", []byte("x"), "x.txt",
			st.OnClick(func() { order = append(order, "callback") }))
		order = append(order, "run "+map[bool]string{true: "clicked", false: "not clicked"}[clicked])
	})
	app.Click("Export")
	app.Rerun(nil, "")
	want := []string{"run not clicked", "callback", "run clicked", "run not clicked"}
	if !equal(order, want) {
		t.Errorf("order %v, want %v", order, want)
	}
}

func TestUnchangedRerunKeepsTheDownloadURL(t *testing.T) {
	app := sttest.Run(t, func(st *st.Ctx) {
		// A new slice every run, as an app that builds its CSV each time
		// makes: the bytes, not the slice, decide.
		st.DownloadButton("Export", []byte("same"), "x.txt")
		st.Button("Again")
	})
	before := app.Widget("download_button", "Export").Props["url"]
	app.Click("Again")
	if after := app.Widget("download_button", "Export").Props["url"]; after != before {
		t.Errorf("url %v became %v although nothing changed", before, after)
	}
	if strings.Contains(string(app.Last), `"ops"`) {
		t.Errorf("an unchanged rerun sent %s, want no ops", app.Last)
	}
}

func TestChangedDataGetsANewURL(t *testing.T) {
	app := sttest.Run(t, func(st *st.Ctx) {
		n := st.SessionState().Int("n")
		st.DownloadButton("Export", []byte(itoa(n)), "n.txt")
		if st.Button("More") {
			st.SessionState().Set("n", n+1)
			st.Rerun()
		}
	})
	before := app.Widget("download_button", "Export").Props["url"]
	app.Click("More")
	if after := app.Widget("download_button", "Export").Props["url"]; after == before {
		t.Errorf("the data changed but the url %v did not", before)
	}
}

func TestDisabledDownloadButtonOffersNothing(t *testing.T) {
	app := sttest.Run(t, func(st *st.Ctx) {
		st.DownloadButton("Export", []byte("x"), "x.txt", st.Disabled(true))
	})
	p := app.Widget("download_button", "Export").Props
	if p["disabled"] != true || p["url"] != "" {
		t.Errorf("disabled download: %v, want disabled and no url", p)
	}
}

func TestDownloadButtonInAFormIsAnError(t *testing.T) {
	app := sttest.Run(t, func(st *st.Ctx) {
		f := st.Form("f")
		f.DownloadButton("Export", []byte("x"), "x.txt")
		f.FormSubmitButton("Send")
	})
	if ex := app.All("exception"); len(ex) != 1 || !strings.Contains(ex[0].Text(), "cannot be inside a form") {
		t.Errorf("page %v, want an exception about the form", app)
	}
}
