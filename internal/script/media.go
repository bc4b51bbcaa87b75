package script

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"sync"
)

// File is data a session offers its browser: the bytes of one download
// button, of one image the page shows (Inline), or of the page of an
// st.IframeHTML frame (Inline and Frame).
type File struct {
	Name   string
	MIME   string
	Data   []byte
	Inline bool // shown in the page, not saved as a file
	// Frame marks an HTML page whose scripts are meant to run, in a
	// sandboxed frame of no origin: the server gives it a policy of its
	// own, which no other file may get.
	Frame bool
}

// Media holds the files of the download buttons and the images a session's
// latest run drew, each under a random id that its URL carries. It owns the only copy of the
// bytes: they are in no props and on no wire until the browser asks.
//
// A session owns one. Unlike State it has a lock: the run loop adds files
// while the HTTP handler reads them.
type Media struct {
	mu     sync.Mutex
	byID   map[string]*stored
	byHash map[[sha256.Size]byte]*stored
}

type stored struct {
	File
	id   string
	hash [sha256.Size]byte
	lifespan
}

// lifespan is how long Media and Tables keep what a page shows: while the
// run going on or the one before it drew it (see Media.EndRun).
type lifespan struct {
	drawn  bool // by the run going on (or the last one, between runs)
	missed int  // finished runs since it was last drawn
}

// ended ages l at the end of a run and reports whether it is to go: drawn
// by neither this run nor the one before. It starts l on the next run.
func (l *lifespan) ended() (gone bool) {
	if l.drawn {
		l.missed = 0
	} else if l.missed++; l.missed > 1 {
		return true
	}
	l.drawn = false
	return false
}

// newMedia returns an empty Media.
func newMedia() *Media {
	return &Media{} // its maps are made by the first put
}

// Put offers data for download as name and returns its id. The same name,
// type and bytes as in the last run keep their id, so a rerun that changes
// nothing changes no props. data is copied: the app may reuse its buffer.
func (m *Media) Put(name, mime string, data []byte) string {
	return m.put(File{Name: name, MIME: mime, Data: data})
}

// PutInline offers data for the page to show itself, such as an image, and
// returns its id. As with Put, unchanged bytes keep their id.
func (m *Media) PutInline(mime string, data []byte) string {
	return m.put(File{MIME: mime, Data: data, Inline: true})
}

// PutFrame offers html as a page of its own for a sandboxed frame whose
// scripts run (st.IframeHTML), and returns its id. As with Put, unchanged
// markup keeps its id.
func (m *Media) PutFrame(html []byte) string {
	return m.put(File{MIME: "text/html; charset=utf-8", Data: html, Inline: true, Frame: true})
}

func (m *Media) put(file File) string {
	h := hashFile(file)
	m.mu.Lock()
	defer m.mu.Unlock()
	f, ok := m.byHash[h]
	if !ok {
		file.Data = append([]byte(nil), file.Data...)
		f = &stored{File: file, id: randomID(), hash: h}
		if m.byHash == nil { // made on first use: most pages offer no file
			m.byHash, m.byID = make(map[[sha256.Size]byte]*stored), make(map[string]*stored)
		}
		m.byHash[h] = f
		m.byID[f.id] = f
	}
	f.drawn = true
	return f.id
}

// Get returns the file with id, if the latest run offered it.
func (m *Media) Get(id string) (File, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	f, ok := m.byID[id]
	if !ok {
		return File{}, false
	}
	return f.File, true
}

// StartRun begins a run: what it does not draw again goes at its end. A
// run that was superseded never ends; the next StartRun forgets what it
// drew.
func (m *Media) StartRun() {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, f := range m.byID {
		f.drawn = false
	}
}

// EndRun drops the files neither the run that just ended nor the one
// before it drew, and starts the next run (st.Rerun goes on at once). The
// run before counts because a download button's click reruns the app as
// the browser fetches the file: `if st.Button("Export") {
// st.DownloadButton(...) }` no longer draws the button in the run its own
// click starts, and its file must still be there. A session holds no more
// bytes than its page offers, and offered one run ago.
func (m *Media) EndRun() {
	m.mu.Lock()
	defer m.mu.Unlock()
	for id, f := range m.byID {
		if f.ended() {
			delete(m.byID, id)
			delete(m.byHash, f.hash)
		}
	}
}

// hashFile identifies a file by everything the browser gets. The lengths
// keep "a"+"bc" apart from "ab"+"c"; Inline keeps an image apart from a
// download of the same bytes, which its own route serves, and Frame keeps
// a frame's page apart from the same bytes offered any other way, which
// must never run.
func hashFile(f File) [sha256.Size]byte {
	h := sha256.New()
	for _, s := range []string{f.Name, f.MIME} {
		h.Write(binary.AppendUvarint(nil, uint64(len(s))))
		h.Write([]byte(s))
	}
	var flags byte
	if f.Inline {
		flags |= 1
	}
	if f.Frame {
		flags |= 2
	}
	h.Write([]byte{flags})
	h.Write(f.Data)
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	return sum
}

// randomID returns 128 random bits in hex: knowing the id is what lets a
// browser fetch the file, so it must not be guessable.
func randomID() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
