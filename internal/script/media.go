package script

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"sync"
)

// File is data a session offers for download: the bytes of one download
// button.
type File struct {
	Name string
	MIME string
	Data []byte
}

// Media holds the files of the download buttons a session's latest run drew,
// each under a random id that its URL carries. It owns the only copy of the
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
	id    string
	hash  [sha256.Size]byte
	drawn bool // by the run going on (or the last one, between runs)
}

// NewMedia returns an empty Media.
func NewMedia() *Media {
	return &Media{byID: make(map[string]*stored), byHash: make(map[[sha256.Size]byte]*stored)}
}

// Put offers data for download as name and returns its id. The same name,
// type and bytes as in the last run keep their id, so a rerun that changes
// nothing changes no props. data is copied: the app may reuse its buffer.
func (m *Media) Put(name, mime string, data []byte) string {
	h := hashFile(name, mime, data)
	m.mu.Lock()
	defer m.mu.Unlock()
	f, ok := m.byHash[h]
	if !ok {
		f = &stored{File: File{Name: name, MIME: mime, Data: append([]byte(nil), data...)}, id: randomID(), hash: h}
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

// EndRun drops the files the run that just ended did not draw, so a
// session holds no more bytes than its page offers, and starts the next
// run (st.Rerun goes on at once).
func (m *Media) EndRun() {
	m.mu.Lock()
	defer m.mu.Unlock()
	for id, f := range m.byID {
		if !f.drawn {
			delete(m.byID, id)
			delete(m.byHash, f.hash)
		}
		f.drawn = false
	}
}

// hashFile identifies a file by everything the browser gets. The lengths
// keep "a"+"bc" apart from "ab"+"c".
func hashFile(name, mime string, data []byte) [sha256.Size]byte {
	h := sha256.New()
	for _, s := range []string{name, mime} {
		h.Write(binary.AppendUvarint(nil, uint64(len(s))))
		h.Write([]byte(s))
	}
	h.Write(data)
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
