package runtime

// Graceful shutdown of a built app. On SIGTERM (a rolling restart, a scale
// down) the process:
//
//  1. turns unready: /readyz answers 503, so a load balancer stops sending
//     it new tabs; /healthz stays 200, since the process is alive. The
//     listener stays open until the end, so probes still get an answer;
//     what it no longer accepts is sessions: a new websocket is refused
//     with 503, and the page tries again (elsewhere, behind a balancer).
//  2. lets each tab's run finish, then tells the tab to reconnect (the
//     message the code reload uses); the page reconnects at once, to
//     another replica behind a load balancer.
//  3. waits for the tabs to leave and the users' jobs to end, for up to
//     nine tenths of the grace; then cancels the runs and jobs still going,
//     in the last tenth, and exits 0.
//
// Under gost run, the supervisor restarts the process itself (reload.go),
// and none of this applies.

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"time"
)

// DefaultShutdownGrace is how long a SIGTERM leaves runs and jobs to
// finish when [Options.ShutdownGrace] is 0. It is under the 30 s a
// Kubernetes pod gets by default before SIGKILL.
const DefaultShutdownGrace = 10 * time.Second

func (o Options) shutdownGrace() time.Duration {
	if o.ShutdownGrace <= 0 {
		return DefaultShutdownGrace
	}
	return o.ShutdownGrace
}

// ready answers the readiness probe: 200 while the server takes new
// sessions, 503 once it shuts down.
func (s *Server) ready(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if s.stopping.Load() {
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("shutting down"))
		return
	}
	w.Write([]byte("ok"))
}

// refuseStopping answers a websocket handshake with 503 once the server
// shuts down, and reports whether it did.
func (s *Server) refuseStopping(w http.ResponseWriter) bool {
	if !s.stopping.Load() {
		return false
	}
	w.Header().Set("Connection", "close")
	w.Header().Set("Retry-After", "1")
	http.Error(w, "runtime: shutting down; connect again", http.StatusServiceUnavailable)
	return true
}

// shutdown drains the server as the file comment says, in at most grace,
// and then shuts hs down. It returns hs's error, if any but the deadline.
func (s *Server) shutdown(hs *http.Server, grace time.Duration) error {
	start := time.Now()
	finish := start.Add(grace * 9 / 10) // then cancel, in the last tenth
	s.stopping.Store(true)
	// A pooled connection of the balancer would keep bringing requests.
	hs.SetKeepAlivesEnabled(false)
	s.log.Info("runtime: shutting down", "grace", grace, "sessions", s.Sessions(), "jobs", s.jobs.Running())

	var wg sync.WaitGroup
	releaseAll := func() {
		for _, sess := range s.takeSessions() {
			wg.Add(1)
			go func() {
				defer wg.Done()
				s.release(sess, finish, start.Add(grace))
			}()
		}
	}
	releaseAll()
	wg.Wait()
	// The tabs close their websockets as they reconnect; jobs may go on
	// (their work may matter beyond the page) until finish. A tab whose
	// hello came just as the shutdown began is released too.
	for time.Now().Before(finish) && (s.openConns() > 0 || s.jobs.Running() > 0) {
		releaseAll()
		time.Sleep(20 * time.Millisecond)
	}
	releaseAll()
	wg.Wait()
	ctx, cancel := context.WithDeadline(context.Background(), start.Add(grace))
	defer cancel()
	if n := s.jobs.Running(); n > 0 {
		s.log.Warn("runtime: cancelling jobs at the end of the shutdown grace", "running", n)
	}
	if err := s.jobs.Close(ctx); err != nil {
		s.log.Warn("runtime: jobs did not stop in time", "err", err, "running", s.jobs.Running())
	}
	err := hs.Shutdown(ctx)
	if errors.Is(err, context.DeadlineExceeded) {
		err = nil // the grace is over: exiting closes what is left
	}
	return err
}

// release lets sess's run finish until finish, else cancels it, and then
// tells its tab to reconnect. The session ends here: no run starts again.
func (s *Server) release(sess *Session, finish, deadline time.Time) {
	if !sess.claimIdle(time.Until(finish)) {
		// The run stops at its next st call; one that never makes one
		// goes on until the process exits.
		sess.state.Supersede()
		if !sess.claimIdle(time.Until(deadline) / 2) {
			s.log.Warn("runtime: a run did not stop for the shutdown", "session", sess.ID)
		} else {
			s.log.Warn("runtime: a run was cancelled by the shutdown", "session", sess.ID)
		}
	}
	// The tab reconnects to another replica, which finds the state in
	// the store (store_carry.go); the last run's may still be queued.
	s.shared.flushSession(sess.ID)
	sess.send(reconnectMsg())
	sess.end()
}

// takeSessions returns the sessions the server holds, and forgets them:
// each is released once.
func (s *Server) takeSessions() []*Session {
	s.mu.Lock()
	defer s.mu.Unlock()
	sessions := make([]*Session, 0, len(s.sessions))
	for id, sess := range s.sessions {
		sessions = append(sessions, sess)
		delete(s.sessions, id)
	}
	return sessions
}

// openConns returns how many websockets are open.
func (s *Server) openConns() int {
	s.reload.mu.Lock()
	defer s.reload.mu.Unlock()
	return s.reload.conns
}
