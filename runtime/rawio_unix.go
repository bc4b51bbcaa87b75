//go:build unix

package runtime

import (
	"io"
	"net"
	"syscall"
)

// A websocket's socket is non-blocking, so its reads and writes return at
// once: the reader of a tab makes them as raw system calls (the browser's
// messages here, the probe of waitReadable, the writes of writeNow).
// Through the net package, each call tells Go's scheduler that the thread
// may block, and the first after the process was idle wakes its monitor
// thread (sysmon), which then sleeps and wakes a few times before it goes
// back to sleep. At 1,000 tabs clicking once a second the process is idle
// between most clicks: that was a thread woken per click for nothing.
// Waiting for the socket stays the runtime poller's (syscall.RawConn).

// readRaw returns conn reading with raw reads, if it is a TCP connection;
// else conn.
func readRaw(conn net.Conn) net.Conn {
	tc, ok := conn.(*net.TCPConn)
	if !ok {
		return conn
	}
	raw, err := tc.SyscallConn()
	if err != nil {
		return conn
	}
	return &tabConn{TCPConn: tc, r: &socketReader{raw: raw}}
}

// socketReader reads a socket with raw reads, waiting in the runtime's
// poller while there is nothing to read (or to the read deadline, which
// RawConn.Read keeps: gorilla's SetReadDeadline on the connection holds).
type socketReader struct {
	raw syscall.RawConn
	p   []byte
	n   int
	err error
	do  func(fd uintptr) bool // read, made once: a closure per Read would escape
}

func (r *socketReader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	if r.do == nil {
		r.do = r.read
	}
	r.p, r.n, r.err = p, 0, nil
	werr := r.raw.Read(r.do)
	n, err := r.n, r.err
	r.p = nil
	if err == nil {
		err = werr
	}
	if n == 0 && err == nil {
		err = io.EOF
	}
	return n, err
}

func (r *socketReader) read(fd uintptr) bool {
	for {
		n, errno := readFD(fd, r.p)
		switch errno {
		case 0:
			r.n = n
		case syscall.EINTR:
			continue
		case syscall.EAGAIN:
			return false // the poller waits for the socket
		default:
			r.err = errno
		}
		return true
	}
}
