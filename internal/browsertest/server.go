package browsertest

import (
	"errors"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gost-dev/gost/runtime"
	"github.com/gost-dev/gost/st"
)

// Server serves an app on 127.0.0.1 the way an app binary does. Unlike
// httptest.Server it can be stopped for real, websockets included, and
// started again on the same address, which is what a restarted app process
// looks like to a page that is still open.
type Server struct {
	URL string // http://127.0.0.1:port/

	t     testing.TB
	app   func(*st.Ctx)
	opts  runtime.Options
	setup func(*runtime.Server)
	addr  string
	log   *slog.Logger

	mu    sync.Mutex
	srv   *http.Server
	conns map[net.Conn]bool // every accepted connection, hijacked ones too
}

// Serve starts serving app on a free port of 127.0.0.1 until t ends.
func Serve(t testing.TB, app func(*st.Ctx)) *Server {
	t.Helper()
	return ServeWith(t, app, runtime.Options{}, nil)
}

// ServeWith is [Serve] with the server options an app binary takes from
// its flags (only BaseURLPath matters here: URL ends with it), and setup,
// if not nil, called on every runtime.Server started, as a config.toml
// would set it up (a theme, say).
func ServeWith(t testing.TB, app func(*st.Ctx), opts runtime.Options, setup func(*runtime.Server)) *Server {
	t.Helper()
	s := &Server{t: t, app: app, opts: opts, setup: setup, log: slog.New(slog.NewTextHandler(newTestWriter(t), nil))}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.addr = ln.Addr().String()
	s.URL = "http://" + s.addr + "/"
	if base := strings.Trim(opts.BaseURLPath, "/"); base != "" {
		s.URL += base + "/"
	}
	s.serve(ln)
	t.Cleanup(s.Stop)
	return s
}

// serve serves a fresh runtime.Server, with no sessions, on ln.
func (s *Server) serve(ln net.Listener) {
	rs := runtime.NewServer(s.app, s.opts, s.log)
	if s.setup != nil {
		s.setup(rs)
	}
	srv := &http.Server{
		Handler: rs,
		ConnState: func(c net.Conn, state http.ConnState) {
			s.mu.Lock()
			defer s.mu.Unlock()
			switch state {
			case http.StateNew:
				s.conns[c] = true
			case http.StateClosed:
				delete(s.conns, c)
			}
		},
	}
	s.mu.Lock()
	s.srv = srv
	s.conns = map[net.Conn]bool{}
	s.mu.Unlock()
	go srv.Serve(ln)
}

// Stop closes the listener and every connection, websockets included, as
// the end of the app process would. It is safe to call more than once.
func (s *Server) Stop() {
	s.mu.Lock()
	srv, conns := s.srv, s.conns
	s.srv, s.conns = nil, nil
	s.mu.Unlock()
	if srv == nil {
		return
	}
	// http.Server.Close leaves hijacked connections alone; a websocket is
	// one, so they are closed by hand.
	srv.Close()
	for c := range conns {
		c.Close()
	}
}

// Restart stops the server if it runs and starts a fresh one, with no
// sessions, on the same address.
func (s *Server) Restart() {
	s.t.Helper()
	s.Stop()
	deadline := time.Now().Add(Timeout)
	for {
		ln, err := net.Listen("tcp", s.addr)
		if err == nil {
			s.serve(ln)
			return
		}
		if !errors.Is(err, syscall.EADDRINUSE) || time.Now().After(deadline) {
			s.t.Fatalf("listening on %s again: %v", s.addr, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// testWriter passes the server's log to t.Log while the test runs and drops
// it afterwards: session goroutines may still log once the test is over,
// and t.Log then panics.
type testWriter struct {
	mu   sync.Mutex
	t    testing.TB
	done bool
}

func newTestWriter(t testing.TB) *testWriter {
	w := &testWriter{t: t}
	t.Cleanup(func() {
		w.mu.Lock()
		w.done = true
		w.mu.Unlock()
	})
	return w
}

func (w *testWriter) Write(b []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.done {
		w.t.Log(string(b))
	}
	return len(b), nil
}
