//go:build unix

package runtime

import (
	"syscall"
	"unsafe"
)

// writeNow writes hdr and then msg to raw's socket with one writev that
// does not wait: it reports how many bytes the socket took, which is all
// of them unless its buffer is full (a browser that does not read), and
// an error only when the connection failed.
func writeNow(raw syscall.RawConn, hdr, msg []byte) (n int, err error) {
	iov := [2]syscall.Iovec{{Base: &hdr[0]}, {}}
	iov[0].SetLen(len(hdr))
	cnt := uintptr(1)
	if len(msg) > 0 {
		iov[1].Base = &msg[0]
		iov[1].SetLen(len(msg))
		cnt = 2
	}
	werr := raw.Write(func(fd uintptr) bool {
		for {
			w, _, errno := syscall.Syscall(syscall.SYS_WRITEV, fd, uintptr(unsafe.Pointer(&iov[0])), cnt)
			switch errno {
			case 0:
				n = int(w)
			case syscall.EINTR:
				continue
			case syscall.EAGAIN:
			default:
				err = errno
			}
			return true // never wait for the socket: the writer goroutine does
		}
	})
	if err == nil {
		err = werr
	}
	return n, err
}
