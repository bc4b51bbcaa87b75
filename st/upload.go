package st

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/gost-dev/gost/internal/script"
)

// UploadedFile is a file the user uploaded to a [Ctx.FileUploader]. Its
// bytes are on the server, bound to the session; [UploadedFile.Open] reads
// them for as long as the uploader shows the file.
type UploadedFile struct {
	// ID identifies this upload: the same file uploaded again has another.
	ID string
	// Name is the file's name on the user's machine, without its folder.
	Name string
	// Type is the file's media type, such as "text/csv", by its name's
	// extension, else by its content. The server checked that the
	// content does not contradict the name.
	Type string
	// Size is the file's size in bytes.
	Size int64

	up *script.Upload
}

// Open returns the file's bytes to read from the start; it may be called
// any number of times. Close what it returns. It fails once the file is
// removed: the user removed it, or its uploader is no longer drawn.
func (f *UploadedFile) Open() (io.ReadSeekCloser, error) {
	r, err := f.up.Open()
	if err != nil {
		return nil, fmt.Errorf("st: %w", err)
	}
	return r, nil
}

var fileUploader = element{"file_uploader", "st.FileUploader", true,
	widgetOptions.with(optType, optAcceptMultipleFiles, optOnChange)}

// FileUploader draws a place to drop or pick files, and returns the files
// it holds: none (nil) until the user uploads one, then one, or with
// [Ctx.AcceptMultipleFiles](true) as many as the user added. The bytes go
// to the server over HTTP, with a progress bar, before the app reruns.
//
//	for _, f := range st.FileUploader("Sales data", st.Type(".csv")) {
//		r, err := f.Open()
//		if err != nil { st.Exception(err); continue }
//		rows, err := csv.NewReader(r).ReadAll()
//		r.Close()
//		…
//	}
//
// One function for both, returning a slice, where Streamlit returns a
// file or a list: the option then changes what the page allows, never the
// type the app handles, and range and len read the same either way.
//
// [Ctx.Type] limits the files to some extensions or media types. The
// server refuses a file larger than [server] maxUploadSize in
// config.toml (MB, 200 by default, as Streamlit's), of a type the
// uploader does not take, or sent by another session or login. A file
// lives while the uploader shows it: removing it in the page, or no
// longer drawing the uploader, deletes it on the server.
//
// Options: [Ctx.Key], [Ctx.Help], [Ctx.Disabled], [Ctx.Type],
// [Ctx.AcceptMultipleFiles], [Ctx.OnChange]. In a form, the files reach
// the app when the form is submitted.
func (c *Ctx) FileUploader(label string, opts ...Option) []*UploadedFile {
	cfg, ok := c.check(fileUploader, label, opts)
	if !ok {
		return nil
	}
	types, err := uploadTypes(cfg.types)
	if err != nil {
		c.fail(fileUploader, label, err)
		return nil
	}
	uploads := c.run.Uploads()
	id, v, shown, ok := c.widget(script.Widget{
		Kind: fileUploader.kind, Label: label, Default: nil, Decode: asUploads(uploads, cfg.multiple),
	}, cfg)
	if !ok {
		return nil
	}
	uploads.Allow(id, script.UploadPolicy{Types: types, Multiple: cfg.multiple, Disabled: cfg.disabled})
	// A file sent to another uploader is not this one's; the engine
	// checked only that the session has it.
	mine := func(f *UploadedFile) bool { return f.up.Widget != id }
	files := slices.DeleteFunc(slices.Clone(v.([]*UploadedFile)), mine)
	for _, f := range files {
		uploads.Hold(f.up)
	}
	type fileProps struct {
		ID   string `json:"id"`
		Name string `json:"name"`
		Size int64  `json:"size"`
	}
	props := struct {
		widgetProps
		Types    []string    `json:"types,omitempty"`
		Multiple bool        `json:"multiple,omitempty"`
		MaxSize  int64       `json:"maxSize"`
		Limit    string      `json:"limit"`
		Files    []fileProps `json:"files,omitempty"`
	}{base(label, cfg), types, cfg.multiple, uploads.Limit(), script.FormatSize(uploads.Limit()), []fileProps{}}
	for _, f := range slices.DeleteFunc(slices.Clone(shown.([]*UploadedFile)), mine) {
		props.Files = append(props.Files, fileProps{f.ID, f.Name, f.Size})
	}
	c.draw(fileUploader.kind, id, props)
	if len(files) == 0 {
		return nil
	}
	return files
}

// asUploads reads a file uploader's value: the ids of uploads (from the
// page) or the files (from the session state). Every one must be a file
// the session holds; one at most unless multiple.
func asUploads(u *script.Uploads, multiple bool) func(any) (any, bool) {
	return func(v any) (any, bool) {
		var ids []string
		switch x := v.(type) {
		case nil:
			return []*UploadedFile(nil), true
		case []*UploadedFile:
			for _, f := range x {
				if f == nil {
					return nil, false
				}
				ids = append(ids, f.ID)
			}
		case []any:
			for _, e := range x {
				s, ok := e.(string)
				if !ok {
					return nil, false
				}
				ids = append(ids, s)
			}
		default:
			return nil, false
		}
		if len(ids) > 1 && !multiple {
			return nil, false
		}
		var out []*UploadedFile
		for i, id := range ids {
			f, ok := u.Get(id)
			if !ok || slices.Contains(ids[:i], id) {
				return nil, false
			}
			out = append(out, &UploadedFile{ID: f.ID, Name: f.Name, Type: f.Type, Size: f.Size, up: f})
		}
		return out, true
	}
}

// uploadTypes writes the types of [Ctx.Type] as the server checks them:
// lower case, extensions with their dot (Streamlit takes "csv" too).
func uploadTypes(types []string) ([]string, error) {
	var out []string
	for _, t := range types {
		t = strings.ToLower(strings.TrimSpace(t))
		switch {
		case t == "":
			return nil, errors.New(`Type(""): want an extension such as ".csv" or a media type such as "image/*"`)
		case strings.Contains(t, "/"):
			if top, sub, _ := strings.Cut(t, "/"); top == "" || sub == "" || top == "*" {
				return nil, fmt.Errorf("Type(%q): want a media type such as \"text/csv\" or \"image/*\"", t)
			}
		case !strings.HasPrefix(t, "."):
			t = "." + t
		}
		out = append(out, t)
	}
	return out, nil
}

// Type sets the kinds of file a file uploader takes (Streamlit's type=):
// extensions, as ".csv", and media types, as "image/png" or "image/*".
// The page offers only those, and the server refuses others, by name and
// by content.
func (*Ctx) Type(types ...string) Option {
	return option{optType, func(c *config) { c.types = types }}
}

// AcceptMultipleFiles lets a file uploader hold several files when
// multiple is true (Streamlit's accept_multiple_files=True).
func (*Ctx) AcceptMultipleFiles(multiple bool) Option {
	return flagOf(optAcceptMultipleFiles, multiple)
}
