//go:build unix

package runtime

import (
	"sync"
	"syscall"
	"unsafe"
)

// writeNow writes hdr and then msg to raw's socket with one writev that
// does not wait: it reports how many bytes the socket took, which is all
// of them unless its buffer is full (a browser that does not read), and
// an error only when the connection failed.
func writeNow(raw syscall.RawConn, hdr, msg []byte) (n int, err error) {
	w := writevs.Get().(*writev)
	copy(w.hdr[:], hdr)
	w.iov[0].Base = &w.hdr[0]
	w.iov[0].SetLen(len(hdr))
	w.cnt = 1
	if len(msg) > 0 {
		w.iov[1].Base = &msg[0]
		w.iov[1].SetLen(len(msg))
		w.cnt = 2
	}
	werr := raw.Write(w.do)
	n, err = w.n, w.err
	if err == nil {
		err = werr
	}
	*w = writev{do: w.do} // holds no message in the pool
	writevs.Put(w)
	return n, err
}

// writev is a writeNow's arguments and results. They are pooled, with
// the function raw.Write calls (do): a closure over them would put them on
// the heap at every send.
type writev struct {
	hdr [10]byte
	iov [2]syscall.Iovec
	cnt uintptr
	n   int
	err error
	do  func(fd uintptr) bool // write, made once
}

var writevs = sync.Pool{New: func() any {
	w := &writev{}
	w.do = w.write
	return w
}}

// write is raw (rawio_unix.go): a writev that does not wait.
func (w *writev) write(fd uintptr) bool {
	for {
		n, _, errno := syscall.RawSyscall(syscall.SYS_WRITEV, fd, uintptr(unsafe.Pointer(&w.iov[0])), w.cnt)
		switch errno {
		case 0:
			w.n = int(n)
		case syscall.EINTR:
			continue
		case syscall.EAGAIN:
		default:
			w.err = errno
		}
		return true // never wait for the socket: the writer goroutine does
	}
}
