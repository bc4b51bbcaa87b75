package st

import (
	"errors"
	"mime"
	"path"
	"strings"
)

// DownloadButton draws a button that downloads data as a file named name,
// and reports whether it was clicked: true for the one run that follows the
// click, like [Ctx.Button], while the browser saves the file. [Ctx.OnClick]
// runs a callback first; [Ctx.MIME] sets the file's type, which otherwise
// comes from name's extension. It takes the options of [Ctx.Button] and
// [Ctx.MIME].
//
//	var buf bytes.Buffer
//	w := csv.NewWriter(&buf)
//	w.WriteAll(rows)
//	st.DownloadButton("Download CSV", buf.Bytes(), "report.csv")
//
// The session holds data, copied, while its page shows the button, and
// serves it only to its own browser.
func (c *Ctx) DownloadButton(label string, data []byte, name string, opts ...Option) bool {
	e := downloadButton
	if c.formKey() != "" {
		// As in Streamlit: a click must rerun at once, and in a form
		// nothing does until the form is sent.
		c.fail(e, label, errors.New("cannot be inside a form; draw it after the form"))
		return false
	}
	cfg, ok := c.check(e, label, opts)
	if !ok {
		return false
	}
	id, clicked, ok := c.clickable(e.kind, label, cfg)
	if !ok {
		return false
	}
	if name == "" {
		name = "download"
	}
	mediaType := cfg.mime
	if mediaType == "" {
		mediaType = typeOfFile(name)
	}
	url := ""
	if !cfg.disabled { // a disabled button offers nothing to fetch
		url = downloadPath + c.run.Media().Put(name, mediaType, data)
	}
	c.draw(e.kind, id, struct {
		widgetProps
		Primary bool   `json:"primary,omitempty"`
		URL     string `json:"url"`
		Name    string `json:"name"`
		MIME    string `json:"mime"`
		Size    int    `json:"size"`
	}{base(label, cfg), cfg.primary, url, name, mediaType, len(data)})
	return clicked
}

var downloadButton = element{"download_button", "st.DownloadButton", true,
	buttonOptions.with(optPrimary, optOnClick, optMIME)}

// downloadPath is where the runtime serves downloads, relative to the page
// so that an app under a base path needs nothing more.
const downloadPath = "_gost/download/"

// textTypes are the formats internal tools export most. mime.TypeByExtension
// knows them only from the machine's mime.types, if it has one, and then
// without a charset, which spreadsheets need to read UTF-8 right.
var textTypes = map[string]string{
	".csv":  "text/csv; charset=utf-8",
	".tsv":  "text/tab-separated-values; charset=utf-8",
	".txt":  "text/plain; charset=utf-8",
	".md":   "text/markdown; charset=utf-8",
	".json": "application/json",
}

// typeOfFile guesses a file's media type from its name's extension.
func typeOfFile(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := textTypes[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}
