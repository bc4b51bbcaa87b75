package devloop

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"sync"
)

// Messages on the control channel, by their "t".
const (
	// App → supervisor.
	CtlReady = "ready" // the process serves

	// Supervisor → app.
	CtlSourceChanged  = "source_changed"  // a save; a build has started
	CtlBuildError     = "build_error"     // the build (or start-up of the new version) failed: Text says why
	CtlBuildOK        = "build_ok"        // a build succeeded: clear the error
	CtlNewVersion     = "new_version"     // another process serves now: hand the tabs over
	CtlSecretsChanged = "secrets_changed" // secrets.toml or config.toml changed
)

// Msg is one line on the control channel.
type Msg struct {
	T    string `json:"t"`
	Text string `json:"text,omitempty"`
}

// maxLine bounds a control message: a compiler's output fits.
const maxLine = 4 << 20

// Control is an open control channel, either end. Send may be called from
// any goroutine; Receive from one.
type Control struct {
	mu  sync.Mutex // one writer at a time
	rw  io.ReadWriteCloser
	enc *json.Encoder
}

// NewControl wraps rw, one end of a control channel.
func NewControl(rw io.ReadWriteCloser) *Control {
	return &Control{rw: rw, enc: json.NewEncoder(rw)}
}

// Send writes one message.
func (c *Control) Send(m Msg) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.enc.Encode(m); err != nil {
		return fmt.Errorf("devloop: control channel: send %s: %w", m.T, err)
	}
	return nil
}

// Receive calls f with each message until the channel closes or breaks.
func (c *Control) Receive(f func(Msg)) error {
	sc := bufio.NewScanner(c.rw)
	sc.Buffer(make([]byte, 0, 4096), maxLine)
	for sc.Scan() {
		var m Msg
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			return fmt.Errorf("devloop: control channel: %w", err)
		}
		f(m)
	}
	return sc.Err()
}

// Close closes the channel.
func (c *Control) Close() error { return c.rw.Close() }
