//go:build !unix

package runtime

import (
	"net"
	"syscall"
)

// waitReadable does not wait where there is no MSG_PEEK to wait with: the
// read that follows does.
func waitReadable(syscall.RawConn) {}

// readRaw returns conn: raw reads are for unix sockets (rawio_unix.go).
func readRaw(conn net.Conn) net.Conn { return conn }
