//go:build !unix

package runtime

import (
	"io"
	"net"
	"syscall"
)

// waitReadable does not wait where there is no MSG_PEEK to wait with: the
// read that follows does.
func waitReadable(syscall.RawConn) {}

// rawReader returns conn: raw reads are for unix sockets (rawio_unix.go).
func rawReader(conn net.Conn) io.Reader { return conn }
