package runtime

import (
	"errors"
	"fmt"
	"net"
	"syscall"

	"github.com/gost-dev/gost/internal/devloop"
)

// PortInUseError is returned by [Listen] when another process has the port.
// Its message tells the user what to do about it.
type PortInUseError struct {
	Port int
	Err  error // the error from net.Listen
}

func (e *PortInUseError) Error() string {
	return fmt.Sprintf("port %d is already in use; stop the other server or pass --server.port", e.Port)
}

func (e *PortInUseError) Unwrap() error { return e.Err }

// Listen opens the server's listener. Under `gost run`, which binds the
// port itself so that it stays bound while the app is rebuilt and
// restarted, it uses the socket gost run hands down (fd 3, named by
// GOST_LISTENER_FD) and ignores o.Address and o.Port; otherwise it listens
// on o.Address:o.Port, where "" means the loopback interface and 0 means
// 8501. A busy port gives a [*PortInUseError].
func Listen(o Options) (net.Listener, error) {
	if ln, err := devloop.Listener(); ln != nil || err != nil {
		if err != nil {
			return nil, fmt.Errorf("runtime: listen: %w", err)
		}
		return ln, nil
	}
	ln, err := net.Listen("tcp", o.listenAddress())
	if errors.Is(err, syscall.EADDRINUSE) {
		return nil, &PortInUseError{Port: o.port(), Err: err}
	}
	if err != nil {
		return nil, fmt.Errorf("runtime: listen: %w", err)
	}
	return ln, nil
}
