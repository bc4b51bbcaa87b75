package runtime

// "Always rerun": the app process's side of rebuilding on save.
//
// `gost run` (the supervisor) watches the source, rebuilds, and starts each
// new version as a new process on the same listener. It talks to every app
// process over a control channel, a unix socket inherited as fd 4, in
// newline-delimited JSON (internal/devloop). This file follows that
// channel: it tells the tabs that the source changed or failed to build,
// and reloads secrets and config. reload_switch.go hands the tabs over to
// the new version, through the files of reload_handoff.go.
// docs/protocol.md describes what the browser sees.

import (
	"errors"
	"net"
	"net/http"
	"sync"

	"github.com/gost-dev/gost/internal/devloop"
)

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
func (s *Server) followControl(ctl *devloop.Control, h controlHooks) {
	s.reload.mu.Lock()
	s.reload.drained = h.exit
	s.reload.mu.Unlock()
	err := ctl.Receive(func(m devloop.Msg) {
		switch m.T {
		case devloop.CtlSourceChanged:
			s.broadcast(sourceChangedMsg(s.runOnSave()))
		case devloop.CtlBuildError:
			s.setBuildError(m.Text)
			s.broadcast(buildErrorMsg(m.Text))
		case devloop.CtlBuildOK:
			s.setBuildError("")
			s.broadcast(buildOKMsg())
		case devloop.CtlNewVersion:
			s.drain(h)
		case devloop.CtlSecretsChanged:
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

// greet tells a tab that just said hello what the others already know.
func (s *Server) greet(c *conn) {
	s.reload.mu.Lock()
	text, draining, runOnSave := s.reload.buildError, s.reload.draining, s.reload.runOnSave
	s.reload.mu.Unlock()
	if text != "" {
		c.Send(buildErrorMsg(text))
	}
	if draining {
		c.Send(newVersionMsg(runOnSave))
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
