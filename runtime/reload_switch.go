package runtime

// Switching to a new version (see reload.go): once gost run says another
// process serves, this one drains. It stops taking connections, and hands
// each tab's session over when the tab asks ("switch") or, at the latest,
// after drainTimeout: the session's state goes to a handoff file
// (reload_handoff.go), the tab reconnects, and the new process adopts the
// state in its hello.

import (
	"errors"
	"os"
	"time"
)

// drainTimeout is how long a replaced process keeps serving tabs that have
// not switched. Then it hands them all over, as if each had asked, and
// ends when they have left.
const drainTimeout = 5 * time.Minute

// idleWait is how long a switch waits for the session's current run to
// end before it leaves the session state behind.
const idleWait = 5 * time.Second

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
	s.broadcast(newVersionMsg(s.runOnSave()))
	s.connClosed(false) // nobody may be left to switch
	// The users' jobs (jobs.go) keep the process until they end, though
	// no tab sees them any more: their work may matter beyond the page.
	// drainTimeout bounds them too.
	go func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for range t.C {
			if s.connClosed(false) {
				return
			}
		}
	}()
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

// It reports whether the process has ended itself: draining, with neither
// tabs nor running jobs left.
func (s *Server) connClosed(count bool) bool {
	s.reload.mu.Lock()
	if count {
		s.reload.conns--
	}
	done := s.reload.draining && s.reload.conns == 0 && s.reload.drained != nil
	exit := s.reload.drained
	s.reload.mu.Unlock()
	if done && s.jobs.Running() == 0 {
		exit()
		return true
	}
	return false
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
//
// A session is handed over once. A tab may ask again before it has gone
// (a "switch" sent just as the new version was announced, then the one
// new_version prompts), and drainTimeout may come while a tab asks: the
// later ones only repeat the reconnect. They must not claim the run loop
// again: the first switch holds it for good, so a second claimIdle would
// wait all of idleWait for a loop that never frees and then report a run
// that was not going.
func (s *Server) switchOver(sess *Session) {
	s.mu.Lock()
	first := s.sessions[sess.ID] == sess
	if first {
		delete(s.sessions, sess.ID)
	}
	s.mu.Unlock()
	if !first {
		sess.send(reconnectMsg())
		return
	}
	defer sess.end() // the new version runs it now: its uploads, timers and goroutines end here
	defer sess.send(reconnectMsg())
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
