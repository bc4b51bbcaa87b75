//go:build unix && race

package runtime

import "syscall"

// readFD reads fd into p through package syscall, whose Read tells the
// race detector that what a peer wrote before it sent the bytes happens
// before what follows the read: a test that sets a variable and then
// clicks is no data race, as it was not when tabs were read through the
// net package. (Raw reads are for speed, which race builds are not.)
func readFD(fd uintptr, p []byte) (int, syscall.Errno) {
	n, err := syscall.Read(int(fd), p)
	if err != nil {
		return 0, err.(syscall.Errno)
	}
	return n, 0
}
