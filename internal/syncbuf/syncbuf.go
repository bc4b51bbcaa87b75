// Package syncbuf is a buffer that a server, a child process or a logger
// writes while a test reads it: the output a test searches for a message
// or shows when it fails. Its zero value is an empty buffer ready to use.
package syncbuf

import (
	"bytes"
	"sync"
)

// Buffer is a bytes.Buffer that may be written and read at once.
type Buffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *Buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

// String is everything written so far.
func (b *Buffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}
