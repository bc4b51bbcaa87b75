//go:build !unix

package runtime

import "syscall"

// writeNow writes nothing where there is no non-blocking writev: the
// writer goroutine writes everything.
func writeNow(raw syscall.RawConn, hdr, msg []byte) (int, error) { return 0, nil }
