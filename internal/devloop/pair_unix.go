//go:build unix

package devloop

import (
	"fmt"
	"net"
	"os"
	"syscall"
)

// Pair makes the control channel between gost run and one app process: a
// connected pair of unix sockets. The app's end is a file to hand down as
// fd ControlFD (the caller closes it once the process has started); the
// supervisor keeps the other as a Control.
func Pair() (app *os.File, sup *Control, err error) {
	// As package net does: hold ForkLock so no other exec inherits the
	// sockets before they are close-on-exec (SOCK_CLOEXEC is not on every
	// unix).
	syscall.ForkLock.RLock()
	fds, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_STREAM, 0)
	if err == nil {
		syscall.CloseOnExec(fds[0])
		syscall.CloseOnExec(fds[1])
	}
	syscall.ForkLock.RUnlock()
	if err != nil {
		return nil, nil, fmt.Errorf("devloop: control channel: %w", err)
	}
	app = os.NewFile(uintptr(fds[0]), "gost-control-app")
	f := os.NewFile(uintptr(fds[1]), "gost-control")
	defer f.Close() // FileConn has its own duplicate
	c, err := net.FileConn(f)
	if err != nil {
		app.Close()
		return nil, nil, fmt.Errorf("devloop: control channel: %w", err)
	}
	return app, NewControl(c), nil
}
