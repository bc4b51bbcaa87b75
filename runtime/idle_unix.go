//go:build unix

package runtime

import (
	"syscall"
	"unsafe"
)

// waitReadable parks the goroutine in the runtime's poller until raw has
// data or an error to read, without reading it: MSG_PEEK leaves it for
// gorilla. The probe costs what the read it replaces did, a syscall that
// finds nothing before the goroutine parks; once the poller wakes it (the
// readiness it had seen was reset as RawConn.Read began), something came,
// and the read that follows needs no second probe.
func waitReadable(raw syscall.RawConn) {
	var b [1]byte
	probed := false
	raw.Read(func(fd uintptr) bool {
		if probed {
			return true
		}
		probed = true
		// Raw (rawio_unix.go): MSG_DONTWAIT.
		_, _, errno := syscall.RawSyscall6(syscall.SYS_RECVFROM, fd, uintptr(unsafe.Pointer(&b[0])), 1, syscall.MSG_PEEK|syscall.MSG_DONTWAIT, 0, 0)
		return errno != syscall.EAGAIN && errno != syscall.EWOULDBLOCK
	})
}
