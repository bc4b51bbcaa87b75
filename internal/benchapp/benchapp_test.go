package benchapp_test

import (
	"bytes"
	"sync"
	"testing"
	"time"

	"github.com/gost-dev/gost/internal/benchapp"
	"github.com/gost-dev/gost/runtime"
)

// tab is an in-memory browser tab: it keeps what the server sends until
// the first run's done.
type tab struct {
	mu    sync.Mutex
	msgs  [][]byte
	done  chan struct{}
	ended bool
}

func (c *tab) Send(msg []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ended {
		return
	}
	c.msgs = append(c.msgs, bytes.Clone(msg))
	if bytes.HasPrefix(msg, []byte(`{"t":"done"`)) {
		c.ended = true
		close(c.done)
	}
}

// The representative app's first page must stay smaller than Streamlit's
// (4,607 B for the same page, issue 15): at most this many bytes. A byte
// count is deterministic, so this is a test, not a benchmark.
const maxFirstPage = 4000

// TestRepresentativeFirstPageSize counts every byte the server sends a new
// tab until its first run is done, as cmd/gostbench's "first page" does.
func TestRepresentativeFirstPageSize(t *testing.T) {
	c := &tab{done: make(chan struct{})}
	s := runtime.NewSession(benchapp.RepresentativeApp, c)
	defer s.Close()
	s.Start("")
	select {
	case <-c.done:
	case <-time.After(10 * time.Second):
		t.Fatal("no done within 10s")
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	size := 0
	for _, m := range c.msgs {
		size += len(m)
	}
	if size > maxFirstPage {
		t.Errorf("the representative app's first page is %d B, over %d B:\n%s", size, maxFirstPage, bytes.Join(c.msgs, []byte("\n")))
	}
	if !bytes.Contains(c.msgs[len(c.msgs)-1], []byte("Last updated 12:00 UTC.")) {
		t.Errorf("the first page lacks the app's last element:\n%s", c.msgs[len(c.msgs)-1])
	}
	t.Logf("first page: %d B in %d messages", size, len(c.msgs))
}
