//go:build unix && !race

package runtime

import (
	"syscall"
	"unsafe"
)

// readFD reads fd into p with a raw system call (rawio_unix.go).
func readFD(fd uintptr, p []byte) (int, syscall.Errno) {
	n, _, errno := syscall.RawSyscall(syscall.SYS_READ, fd, uintptr(unsafe.Pointer(&p[0])), uintptr(len(p)))
	return int(n), errno
}
