//go:build unix

package runtime

import "syscall"

// waitReadable parks the goroutine in the runtime's poller until raw has
// data or an error to read, without reading it: MSG_PEEK leaves it for
// gorilla.
func waitReadable(raw syscall.RawConn) {
	var b [1]byte
	raw.Read(func(fd uintptr) bool {
		_, _, err := syscall.Recvfrom(int(fd), b[:], syscall.MSG_PEEK|syscall.MSG_DONTWAIT)
		return err != syscall.EAGAIN && err != syscall.EWOULDBLOCK
	})
}
