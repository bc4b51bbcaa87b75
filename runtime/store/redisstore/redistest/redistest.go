// Package redistest runs Debian's redis-server for tests: on a free
// loopback port, in a temporary directory, persisting nothing. A missing
// redis-server fails the test: a store test that skips proves nothing.
package redistest

import (
	"fmt"
	"net"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/gost-dev/gost/internal/syncbuf"
)

// Server is a running redis-server.
type Server struct {
	Addr string // host:port
	cmd  *exec.Cmd
	out  *syncbuf.Buffer
	dir  string
	path string
}

// Start runs redis-server for t, stopped when t ends.
func Start(t testing.TB) *Server {
	t.Helper()
	path, err := exec.LookPath("redis-server")
	if err != nil {
		t.Fatal("redis-server is needed (apt-get install redis-server): ", err)
	}
	s := &Server{dir: t.TempDir(), path: path}
	s.Addr = freeAddr(t)
	s.start(t)
	t.Cleanup(s.Stop)
	return s
}

// URL is the redis:// URL of the server's database db.
func (s *Server) URL(db int) string { return fmt.Sprintf("redis://%s/%d", s.Addr, db) }

func (s *Server) start(t testing.TB) {
	t.Helper()
	_, port, _ := net.SplitHostPort(s.Addr)
	s.out = new(syncbuf.Buffer)
	s.cmd = exec.Command(s.path, "--port", port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", s.dir)
	s.cmd.Stdout, s.cmd.Stderr = s.out, s.out
	if err := s.cmd.Start(); err != nil {
		t.Fatal("redis-server: ", err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", s.Addr, time.Second)
		if err == nil {
			c.Close()
			return
		}
		if time.Now().After(deadline) {
			s.Stop()
			t.Fatalf("redis-server did not start on %s: %v\n%s", s.Addr, err, s.out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Stop kills the server (its data goes with it).
func (s *Server) Stop() {
	if s.cmd != nil && s.cmd.Process != nil {
		s.cmd.Process.Kill()
		s.cmd.Wait()
		s.cmd = nil
	}
}

// Restart starts the server again on the same port, empty.
func (s *Server) Restart(t testing.TB) {
	t.Helper()
	s.Stop()
	s.start(t)
}

// freeAddr returns a loopback address nobody listens on now.
func freeAddr(t testing.TB) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return "127.0.0.1:" + strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
}
