//go:build !unix

package runtime

import "syscall"

// waitReadable does not wait where there is no MSG_PEEK to wait with: the
// read that follows does.
func waitReadable(syscall.RawConn) {}
