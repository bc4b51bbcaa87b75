package sttest

import (
	"bytes"
	"sync"
	"time"

	"github.com/gost-dev/gost/runtime"
	"github.com/gost-dev/gost/st"
)

// FirstPage opens app in a new tab, on the real clock as a browser would,
// and returns every message the server sends it until its first run is
// done, the done included: the bytes a new tab costs before it shows its
// page. A test holds an app to a size with it:
//
//	if n := len(bytes.Join(sttest.FirstPage(t, App), nil)); n > 3500 { ... }
func FirstPage(t TB, app func(*st.Ctx)) [][]byte {
	t.Helper()
	c := &firstTab{done: make(chan struct{})}
	s := runtime.NewSession(app, c)
	defer s.Close()
	s.Start("")
	select {
	case <-c.done:
	case <-time.After(Timeout):
		t.Fatalf("sttest: the first run sent no done within %v", Timeout)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.msgs
}

// firstTab keeps what the server sends a new tab until its first done.
type firstTab struct {
	mu    sync.Mutex
	msgs  [][]byte
	done  chan struct{}
	ended bool
}

func (c *firstTab) Send(msg []byte) {
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
