package runtime

// "Always rerun": the app process's side of rebuilding on save.
//
// `gost run` (the supervisor) watches the source, rebuilds, and starts each
// new version as a new process on the same listener. It talks to every app
// process over a control channel, a unix socket inherited as fd 4
// (GOST_CONTROL_FD), in newline-delimited JSON ([ControlMsg]). This file is
// what an app process does with those messages: tell its tabs that the
// source changed or failed to build, hand its tabs over to the new version
// when they ask to switch, and reload secrets and config. docs/protocol.md
// describes what the browser sees.

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/BurntSushi/toml"
)

// Environment of an app process started by `gost run`, besides
// [ListenerFDEnv] and [AppDirEnv].
const (
	// ControlFDEnv names the inherited file descriptor (4) of the control
	// channel to the supervisor.
	ControlFDEnv = "GOST_CONTROL_FD"
	// HandoffDirEnv names a private directory (0700) where a process leaving
	// for a new version writes the state of each session that switches, for
	// the new process to pick up by session id.
	HandoffDirEnv = "GOST_HANDOFF_DIR"
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

// ControlMsg is one line on the control channel.
type ControlMsg struct {
	T    string `json:"t"`
	Text string `json:"text,omitempty"`
}

// maxControlLine bounds a control message: a compiler's output fits.
const maxControlLine = 4 << 20

// drainTimeout is how long a replaced process keeps serving tabs that have
// not switched. Then it hands them all over, as if each had asked, and
// ends when they have left.
const drainTimeout = 5 * time.Minute

// idleWait is how long a switch waits for the session's current run to
// end before it leaves the session state behind.
const idleWait = 5 * time.Second

// Control is an open control channel.
type Control struct {
	mu  sync.Mutex // one writer at a time
	rw  io.ReadWriteCloser
	enc *json.Encoder
}

// NewControl wraps rw, one end of a control channel.
func NewControl(rw io.ReadWriteCloser) *Control {
	return &Control{rw: rw, enc: json.NewEncoder(rw)}
}

// openControl opens the control channel named by GOST_CONTROL_FD, or
// returns nil when the process was not started by gost run.
func openControl() (*Control, error) {
	fd, ok := os.LookupEnv(ControlFDEnv)
	if !ok {
		return nil, nil
	}
	n, err := strconv.Atoi(fd)
	if err != nil || n < 0 {
		return nil, fmt.Errorf("runtime: %s=%q is not a file descriptor", ControlFDEnv, fd)
	}
	f := os.NewFile(uintptr(n), "gost-control")
	if f == nil {
		return nil, fmt.Errorf("runtime: %s=%d is not a valid file descriptor", ControlFDEnv, n)
	}
	defer f.Close() // FileConn has its own duplicate
	c, err := net.FileConn(f)
	if err != nil {
		return nil, fmt.Errorf("runtime: control channel from %s=%d: %w", ControlFDEnv, n, err)
	}
	return NewControl(c), nil
}

// Send writes one message.
func (c *Control) Send(m ControlMsg) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.enc.Encode(m); err != nil {
		return fmt.Errorf("runtime: control channel: send %s: %w", m.T, err)
	}
	return nil
}

// Receive calls f with each message until the channel closes or breaks.
func (c *Control) Receive(f func(ControlMsg)) error {
	sc := bufio.NewScanner(c.rw)
	sc.Buffer(make([]byte, 0, 4096), maxControlLine)
	for sc.Scan() {
		var m ControlMsg
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			return fmt.Errorf("runtime: control channel: %w", err)
		}
		f(m)
	}
	return sc.Err()
}

// Close closes the channel.
func (c *Control) Close() error { return c.rw.Close() }

// reloader is a Server's state for rebuilds. The zero value is a server
// that gost run does not supervise: no handoffs, never draining.
type reloader struct {
	mu         sync.Mutex
	handoffDir string // "" disables handoffs
	runOnSave  bool   // the tabs' default for "Always rerun"
	buildError string // the current build error, shown to every tab that connects
	draining   bool   // a new version serves; this process only finishes its tabs
	conns      int    // open websockets
	drained    func() // ends the process once draining and no tab is left
}

// controlHooks is what following the control channel needs from Serve.
type controlHooks struct {
	listener net.Listener
	http     *http.Server
	reload   func() // reloads secrets and config
	exit     func() // ends Serve
}

// followControl acts on the supervisor's messages until the channel
// closes, which means gost itself has gone: then the process exits too, so
// that no app outlives the gost that started it.
func (s *Server) followControl(ctl *Control, h controlHooks) {
	s.reload.mu.Lock()
	s.reload.drained = h.exit
	s.reload.mu.Unlock()
	err := ctl.Receive(func(m ControlMsg) {
		switch m.T {
		case CtlSourceChanged:
			s.broadcast(changeMsg(CtlSourceChanged, s.runOnSave()))
		case CtlBuildError:
			s.setBuildError(m.Text)
			s.broadcast(buildErrorMsg(m.Text))
		case CtlBuildOK:
			s.setBuildError("")
			s.broadcast([]byte(`{"t":"build_ok"}`))
		case CtlNewVersion:
			s.drain(h)
		case CtlSecretsChanged:
			h.reload()
		default:
			s.log.Warn("runtime: unknown control message", "t", m.T)
		}
	})
	if err != nil && !errors.Is(err, net.ErrClosed) { // closed: this process is ending
		s.log.Warn("runtime: control channel", "err", err)
	}
	h.exit()
}

// setReloadConfig sets where handoffs go and the tabs' default for "Always
// rerun".
func (s *Server) setReloadConfig(handoffDir string, runOnSave bool) {
	s.reload.mu.Lock()
	defer s.reload.mu.Unlock()
	s.reload.handoffDir = handoffDir
	s.reload.runOnSave = runOnSave
}

func (s *Server) runOnSave() bool {
	s.reload.mu.Lock()
	defer s.reload.mu.Unlock()
	return s.reload.runOnSave
}

func (s *Server) setBuildError(text string) {
	s.reload.mu.Lock()
	defer s.reload.mu.Unlock()
	s.reload.buildError = text
}

func (s *Server) draining() bool {
	s.reload.mu.Lock()
	defer s.reload.mu.Unlock()
	return s.reload.draining
}

// drain makes this process the old version: it stops taking connections
// (the new process takes them from the shared socket), keeps serving its
// open tabs until each has switched or gone, and ends then, or after
// drainTimeout.
func (s *Server) drain(h controlHooks) {
	s.reload.mu.Lock()
	already := s.reload.draining
	s.reload.draining = true
	s.reload.mu.Unlock()
	if already {
		return
	}
	h.listener.Close()
	// A kept-alive HTTP connection would bring a reloaded page back here.
	h.http.SetKeepAlivesEnabled(false)
	s.broadcast(changeMsg("new_version", s.runOnSave()))
	s.connClosed(false) // nobody may be left to switch
	time.AfterFunc(drainTimeout, func() {
		s.mu.Lock()
		sessions := make([]*Session, 0, len(s.sessions))
		for _, sess := range s.sessions {
			sessions = append(sessions, sess)
		}
		s.mu.Unlock()
		for _, sess := range sessions {
			s.switchOver(sess)
		}
		time.AfterFunc(10*time.Second, h.exit) // for tabs that never answer
	})
}

// connOpened and connClosed count the open websockets, so a draining
// process knows when its last tab has left.
func (s *Server) connOpened() {
	s.reload.mu.Lock()
	s.reload.conns++
	s.reload.mu.Unlock()
}

func (s *Server) connClosed(count bool) {
	s.reload.mu.Lock()
	if count {
		s.reload.conns--
	}
	done := s.reload.draining && s.reload.conns == 0 && s.reload.drained != nil
	exit := s.reload.drained
	s.reload.mu.Unlock()
	if done {
		exit()
	}
}

// greet tells a tab that just said hello what the others already know.
func (s *Server) greet(c *conn) {
	s.reload.mu.Lock()
	text, draining, runOnSave := s.reload.buildError, s.reload.draining, s.reload.runOnSave
	s.reload.mu.Unlock()
	if text != "" {
		c.Send(buildErrorMsg(text))
	}
	if draining {
		c.Send(changeMsg("new_version", runOnSave))
	}
}

// broadcast sends msg to every tab.
func (s *Server) broadcast(msg []byte) {
	s.mu.Lock()
	sessions := make([]*Session, 0, len(s.sessions))
	for _, sess := range s.sessions {
		sessions = append(sessions, sess)
	}
	s.mu.Unlock()
	for _, sess := range sessions {
		sess.send(msg)
	}
}

// switchTab answers a tab's "switch": once a new version serves, the
// session's state goes to the handoff directory and the tab is told to
// reconnect, which reaches the new process. Before that there is nothing
// to switch to, and the message is ignored.
func (s *Server) switchTab(sess *Session) {
	if !s.draining() {
		return
	}
	s.switchOver(sess)
}

// switchOver writes sess's handoff, forgets the session and tells its tab
// to reconnect, which reaches the new process. The tab's leaving ends this
// process once it was the last.
func (s *Server) switchOver(sess *Session) {
	s.mu.Lock()
	delete(s.sessions, sess.ID)
	s.mu.Unlock()
	defer sess.send([]byte(`{"t":"reconnect"}`))
	if !sess.claimIdle(idleWait) {
		s.log.Warn("runtime: session state not carried over to the new version: a run was still going", "session", sess.ID)
		return
	}
	s.reload.mu.Lock()
	dir := s.reload.handoffDir
	s.reload.mu.Unlock()
	if dir == "" {
		return
	}
	// The run loop is ours now (claimIdle), so state can be read here.
	h, dropped := newHandoff(sess.userKey(), sess.state.Values())
	if len(dropped) > 0 {
		s.log.Warn("runtime: session state not carried over to the new version (only bool, string, numbers and slices and maps of them are)", "session", sess.ID, "keys", dropped)
	}
	if err := h.write(dir, sess.ID); err != nil {
		s.log.Error("runtime: hand session over to the new version", "session", sess.ID, "err", err)
	}
}

// claimIdle waits up to wait for the session's run loop to be idle, then
// takes it for good: no run starts any more, and the caller may read the
// state. It reports false if a run was still going.
func (s *Session) claimIdle(wait time.Duration) bool {
	deadline := time.Now().Add(wait)
	for {
		s.mu.Lock()
		if !s.running {
			s.running = true // request() will queue but never start the loop again
			s.mu.Unlock()
			return true
		}
		s.mu.Unlock()
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// adopt returns the session state a tab brings from the previous version:
// the values of the handoff for session id, if there is one and it
// belongs to the same login (userKey), else nil. The file is consumed.
func (s *Server) adopt(id, userKey string) map[string]any {
	s.reload.mu.Lock()
	dir := s.reload.handoffDir
	s.reload.mu.Unlock()
	if dir == "" || !validSessionID(id) {
		return nil
	}
	h, err := readHandoff(dir, id)
	if err != nil {
		if !errors.Is(err, os.ErrNotExist) {
			s.log.Error("runtime: take session over from the previous version", "session", id, "err", err)
		}
		return nil
	}
	if h.User != "" && h.User != userKey {
		return nil // another login's state, as in Server.hello
	}
	values, dropped := h.values()
	if len(dropped) > 0 {
		s.log.Warn("runtime: session state from the previous version not restored", "session", id, "keys", dropped)
	}
	return values
}

// validSessionID reports whether id looks like one of newID's: the id
// comes from the browser and names a file.
func validSessionID(id string) bool {
	if len(id) != 32 {
		return false
	}
	for _, r := range id {
		if !('0' <= r && r <= '9' || 'a' <= r && r <= 'f') {
			return false
		}
	}
	return true
}

// switchMsg is the BackMsg type of a tab asking for the new version.
const switchMsg = "switch"

// parseClientMsg is [ParseBackMsg] that also accepts "switch", which only
// a supervised process answers.
func parseClientMsg(data []byte) (BackMsg, error) {
	m, err := ParseBackMsg(data)
	if errors.Is(err, ErrUnknownType) && m.T == switchMsg {
		return m, nil
	}
	return m, err
}

// changeMsg is source_changed or new_version, both of which carry the
// default for "Always rerun".
func changeMsg(t string, runOnSave bool) []byte {
	b, _ := json.Marshal(struct {
		T         string `json:"t"`
		RunOnSave bool   `json:"run_on_save"`
	}{t, runOnSave})
	return b
}

func buildErrorMsg(text string) []byte {
	b, _ := json.Marshal(struct {
		T    string `json:"t"`
		Text string `json:"text"`
	}{"build_error", text})
	return b
}

// readRunOnSave reads runOnSave under [server] from config.toml, as
// Streamlit does: the user's ~/.streamlit and ~/.gost, then the app's
// .streamlit and .gost, the later winning. Files that cannot be read are
// reported and skipped; other settings in them are not gost's business.
func readRunOnSave(appDir, home string) (bool, []error) {
	var files []string
	for _, dir := range []string{home, appDir} {
		if dir != "" {
			files = append(files, filepath.Join(dir, ".streamlit", "config.toml"), filepath.Join(dir, ".gost", "config.toml"))
		}
	}
	var on bool
	var errs []error
	for _, f := range files {
		var c struct {
			Server struct {
				RunOnSave *bool `toml:"runOnSave"`
			} `toml:"server"`
		}
		if _, err := toml.DecodeFile(f, &c); err != nil {
			if !errors.Is(err, os.ErrNotExist) {
				errs = append(errs, fmt.Errorf("runtime: read %s: %w", f, err))
			}
			continue
		}
		if c.Server.RunOnSave != nil {
			on = *c.Server.RunOnSave
		}
	}
	return on, errs
}
