package script

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"path"
	"strings"
	"sync"
	"unicode"
)

// Uploads holds the files a session's browser uploaded to its file
// uploaders (st.FileUploader): the bytes come over HTTP ([Uploads.Receive]),
// the ids over the websocket, as the uploader's value. A file lives while
// the page shows it: it goes when the user removes it (the run after its
// uploader's value no longer holds it), when its uploader is no longer
// drawn, and when the session ends ([Uploads.Close]).
//
// A small file stays in memory; a larger one goes to a temporary file as it
// arrives, so a 1 GB upload costs the server a disk file, not 1 GB of RAM.
//
// A session owns one. It has its own lock: the HTTP handler adds files while
// the run loop reads them.
type Uploads struct {
	mu        sync.Mutex
	dir       func() (string, error)
	limit     int64
	byID      map[string]*Upload
	uploaders map[string]*uploader // by widget id, drawn in the last runs
	closed    bool
}

// UploadPolicy is what one file uploader takes.
type UploadPolicy struct {
	// Types are extensions (".csv") and media types ("text/csv",
	// "image/*"), lower case; none means any file.
	Types []string
	// Multiple: the uploader holds several files; else a new upload
	// replaces the one waiting to be sent.
	Multiple bool
	// Disabled: the page shows the uploader greyed out; it takes nothing.
	Disabled bool
}

type uploader struct {
	UploadPolicy
	drawn bool // by the run going on
}

// Upload is one uploaded file. Its fields do not change.
type Upload struct {
	ID     string
	Widget string // the id of the uploader it was sent to
	Name   string // the file's base name, as the browser gave it
	Type   string // its media type, by its extension, else by its content
	Size   int64

	store *Uploads
	data  []byte // a small file's bytes
	path  string // a larger one's temporary file
	gone  bool   // removed: no longer opens; under store.mu
	// held: a finished run's uploader value held it; heldNow: the run
	// going on's does. A file that was held and no longer is, was removed.
	held, heldNow bool
}

// DefaultMaxUploadSize is the size limit of one file, as Streamlit's
// server.maxUploadSize: 200 MB.
const DefaultMaxUploadSize = 200 << 20

// memoryThreshold is the size up to which an upload stays in memory.
const memoryThreshold = 1 << 20

// Errors of [Uploads.Receive]; the message of each is for the page.
var (
	ErrNoUploader    = errors.New("no such file uploader on the page: it may have changed since")
	ErrUploaderOff   = errors.New("the file uploader is disabled")
	ErrUploadTooBig  = errors.New("the file is too large")
	ErrUploadType    = errors.New("the file's type is not accepted")
	ErrUploadCutOff  = errors.New("the upload was cut off")
	ErrUploadsClosed = errors.New("the session has ended")
)

func newUploads() *Uploads {
	return &Uploads{limit: DefaultMaxUploadSize} // its maps are made on first use
}

// SetDir sets where files too large for memory go: dir returns the
// directory, made on first use. Without it they go to [os.TempDir].
func (u *Uploads) SetDir(dir func() (string, error)) {
	u.mu.Lock()
	u.dir = dir
	u.mu.Unlock()
}

// SetLimit sets the size limit of one file, in bytes.
func (u *Uploads) SetLimit(n int64) {
	u.mu.Lock()
	u.limit = n
	u.mu.Unlock()
}

// Limit returns the size limit of one file, in bytes.
func (u *Uploads) Limit() int64 {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.limit
}

// Allow says that the run going on drew the uploader widget with policy p:
// until a run ends without drawing it, it takes files.
func (u *Uploads) Allow(widget string, p UploadPolicy) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.closed {
		return
	}
	if u.uploaders == nil { // made on first use: most pages have no uploader
		u.uploaders = make(map[string]*uploader)
	}
	u.uploaders[widget] = &uploader{UploadPolicy: p, drawn: true}
}

// Get returns the live upload with id.
func (u *Uploads) Get(id string) (*Upload, bool) {
	u.mu.Lock()
	defer u.mu.Unlock()
	f, ok := u.byID[id]
	return f, ok
}

// Hold says that the value of the uploader drawn in the run going on holds
// f: it stays while runs keep holding it.
func (u *Uploads) Hold(f *Upload) {
	u.mu.Lock()
	f.heldNow = true
	u.mu.Unlock()
}

// Delete removes the upload with id if no run's value has held it yet:
// the user removed a file that was never sent (in a form, or picked
// again). A file a run has seen goes when a run no longer holds it, so
// that the run the removal starts still reads the page's values as sent.
// It reports whether the file was removed.
func (u *Uploads) Delete(id string) bool {
	u.mu.Lock()
	defer u.mu.Unlock()
	f, ok := u.byID[id]
	if !ok || f.held || f.heldNow {
		return false
	}
	u.remove(f)
	return true
}

// StartRun begins a run: uploaders it does not draw lose their files at
// its end.
func (u *Uploads) StartRun() {
	u.mu.Lock()
	defer u.mu.Unlock()
	for _, up := range u.uploaders {
		up.drawn = false
	}
	for _, f := range u.byID {
		f.heldNow = false
	}
}

// EndRun ends a run. A run that finished (finished is true) drops the
// uploaders it did not draw with their files, and the files that an
// earlier run held and it does not: the user removed them. A run that
// stopped or panicked keeps its page, and so every file.
func (u *Uploads) EndRun(finished bool) {
	u.mu.Lock()
	defer u.mu.Unlock()
	for _, f := range u.byID {
		up := u.uploaders[f.Widget]
		switch {
		case f.heldNow:
			f.held = true
		case !finished:
		case up == nil || !up.drawn, f.held:
			u.remove(f)
		}
		f.heldNow = false
	}
	if finished {
		for id, up := range u.uploaders {
			if !up.drawn {
				delete(u.uploaders, id)
			}
		}
	}
}

// Close removes every file: the session has ended.
func (u *Uploads) Close() {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.closed = true
	for _, f := range u.byID {
		u.remove(f)
	}
	clear(u.uploaders)
}

// remove forgets f and deletes its bytes; u.mu is held.
func (u *Uploads) remove(f *Upload) {
	delete(u.byID, f.ID)
	f.gone = true
	f.data = nil
	if f.path != "" {
		os.Remove(f.path)
	}
}

// Open returns the file's bytes to read, from the start. It fails once
// the file is removed: its uploader no longer shows it.
func (f *Upload) Open() (io.ReadSeekCloser, error) {
	f.store.mu.Lock()
	defer f.store.mu.Unlock()
	if f.gone {
		return nil, fmt.Errorf("the upload %q is gone: its file uploader no longer shows it", f.Name)
	}
	if f.path == "" {
		return nopCloser{bytes.NewReader(f.data)}, nil
	}
	return os.Open(f.path)
}

type nopCloser struct{ *bytes.Reader }

func (nopCloser) Close() error { return nil }

// Receive reads one file, named name by the browser, that was sent to the
// uploader widget, and returns it. It refuses a file larger than the limit
// (it stops reading past it), of a type the uploader does not take, for an
// uploader the session's page does not show, and a body that ends in an
// error (a cut-off upload); a refused file leaves nothing behind. For an
// uploader of one file, the new file replaces any earlier one not yet sent.
func (u *Uploads) Receive(widget, name string, body io.Reader) (*Upload, error) {
	u.mu.Lock()
	up, limit, dirOf, closed := u.uploaders[widget], u.limit, u.dir, u.closed
	u.mu.Unlock()
	if closed {
		return nil, ErrUploadsClosed
	}
	if up == nil {
		return nil, ErrNoUploader
	}
	if up.Disabled {
		return nil, ErrUploaderOff
	}
	f := &Upload{ID: randomID(), Widget: widget, Name: cleanName(name), store: u}
	lr := &io.LimitedReader{R: body, N: limit + 1}
	var buf bytes.Buffer
	_, err := io.CopyN(&buf, lr, memoryThreshold)
	inMemory := errors.Is(err, io.EOF)
	if err != nil && !inMemory {
		return nil, fmt.Errorf("%w: %w", ErrUploadCutOff, err)
	}
	t, err := fileType(up.Types, f.Name, buf.Bytes())
	if err != nil {
		return nil, err
	}
	f.Type = t
	if inMemory {
		f.data, f.Size = buf.Bytes(), int64(buf.Len())
	} else if err := f.spill(dirOf, &buf, lr); err != nil {
		return nil, err
	}
	if f.Size > limit {
		f.discard()
		return nil, fmt.Errorf("%w: more than %s", ErrUploadTooBig, FormatSize(limit))
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	if now := u.uploaders[widget]; u.closed || now == nil {
		f.discard()
		return nil, ErrNoUploader
	}
	if !up.Multiple {
		for _, old := range u.byID {
			if old.Widget == widget && !old.held && !old.heldNow {
				u.remove(old)
			}
		}
	}
	if u.byID == nil {
		u.byID = make(map[string]*Upload)
	}
	u.byID[f.ID] = f
	return f, nil
}

// spill writes what was read (head) and the rest of body to a temporary
// file, removed again when anything fails.
func (f *Upload) spill(dirOf func() (string, error), head *bytes.Buffer, body io.Reader) error {
	dir := ""
	if dirOf != nil {
		d, err := dirOf()
		if err != nil {
			return fmt.Errorf("script: upload directory: %w", err)
		}
		dir = d
	}
	tmp, err := os.CreateTemp(dir, "upload-*")
	if err != nil {
		return fmt.Errorf("script: store upload: %w", err)
	}
	f.path = tmp.Name()
	n, err := head.WriteTo(tmp)
	if err == nil {
		var m int64
		m, err = io.Copy(tmp, body)
		n += m
		if err != nil {
			err = fmt.Errorf("%w: %w", ErrUploadCutOff, err)
		}
	}
	if cerr := tmp.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("script: store upload: %w", cerr)
	}
	if err != nil {
		f.discard()
		return err
	}
	f.Size = n
	return nil
}

// discard deletes the bytes of a file never stored.
func (f *Upload) discard() {
	f.data = nil
	if f.path != "" {
		os.Remove(f.path)
	}
}

// cleanName keeps a browser's file name to its base name, in printable
// characters and a bounded length: the page and the app show it.
func cleanName(name string) string {
	name = path.Base(strings.ReplaceAll(name, `\`, "/"))
	name = strings.Map(func(r rune) rune {
		if !unicode.IsPrint(r) {
			return -1
		}
		return r
	}, name)
	if len(name) > 255 {
		name = strings.ToValidUTF8(name[:255], "")
	}
	if name == "" || name == "." || name == "/" {
		return "upload"
	}
	return name
}

// nameTypes are types by extension that mime.TypeByExtension knows only
// from the machine's mime.types, if there is one.
var nameTypes = map[string]string{
	".csv": "text/csv", ".tsv": "text/tab-separated-values", ".txt": "text/plain",
	".md": "text/markdown", ".json": "application/json", ".parquet": "application/vnd.apache.parquet",
	".mp3": "audio/mpeg", ".wav": "audio/wav", ".ogg": "audio/ogg", ".m4a": "audio/mp4",
	".mp4": "video/mp4", ".webm": "video/webm", ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

// typeByName returns the media type of a file name's extension, without
// parameters, or "".
func typeByName(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := nameTypes[ext]; ok {
		return t
	}
	t, _, _ := mime.ParseMediaType(mime.TypeByExtension(ext))
	return t
}

// fileType returns the media type of a file named name that starts with
// head, and checks it against the types its uploader takes (none: any).
// A file matches an extension by its name, and a media type by its
// content where sniffing tells (http.DetectContentType), else by its
// name. Either way its content must not contradict its name: a PNG
// renamed report.csv is refused.
func fileType(types []string, name string, head []byte) (string, error) {
	byName := typeByName(name)
	sniffed, _, _ := mime.ParseMediaType(http.DetectContentType(head))
	known := sniffed != "" && sniffed != "application/octet-stream" && sniffed != "text/plain" && sniffed != "text/xml"
	if len(head) == 0 {
		known = false
	}
	if known && byName != "" && family(sniffed) != family(byName) {
		return "", fmt.Errorf("%w: %s holds %s, not what its name says (%s)", ErrUploadType, name, sniffed, byName)
	}
	t := byName
	if known || t == "" {
		t = sniffed
	}
	if len(types) == 0 {
		return t, nil
	}
	ext := strings.ToLower(path.Ext(name))
	for _, want := range types {
		switch {
		case strings.HasPrefix(want, "."):
			if ext == want {
				return t, nil
			}
		case strings.HasSuffix(want, "/*"):
			if strings.HasPrefix(t, strings.TrimSuffix(want, "*")) {
				return t, nil
			}
		case t == want:
			return t, nil
		}
	}
	return "", fmt.Errorf("%w: %s is %s; this uploader takes %s", ErrUploadType, name, t, strings.Join(types, ", "))
}

// family is a media type's top-level type, audio and video as one: their
// containers (MP4, Ogg, WebM) hold either, and sniffing cannot tell.
func family(t string) string {
	top, _, _ := strings.Cut(t, "/")
	if top == "audio" {
		return "video"
	}
	return top
}

// FormatSize writes a size in bytes as people read it: 200 MB, 1.5 GB.
func FormatSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0 && n < 1<<30:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
