package runtime

import (
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
	"syscall"
)

// ListenerFDEnv names the environment variable through which `gost run` hands
// the app an already bound listening socket, as the number of an inherited
// file descriptor (always 3: the first of exec.Cmd.ExtraFiles). gost binds the
// port itself so that it stays bound while the app is rebuilt and restarted:
// browsers that reconnect meanwhile wait in the accept queue instead of
// getting "connection refused".
const ListenerFDEnv = "GOST_LISTENER_FD"

// AppDirEnv names the environment variable holding the absolute directory of
// the app's source, set by `gost run`. Secrets and config files are looked up
// there rather than in the working directory.
const AppDirEnv = "GOST_APP_DIR"

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

// Listen opens the server's listener. If the environment has GOST_LISTENER_FD
// ([ListenerFDEnv], set by `gost run`), it uses that inherited file
// descriptor and ignores o.Address and o.Port; otherwise it listens on
// o.Address:o.Port, where "" means the loopback interface and 0 means 8501.
// A busy port gives a [*PortInUseError].
func Listen(o Options) (net.Listener, error) {
	if fd, ok := os.LookupEnv(ListenerFDEnv); ok {
		return inheritedListener(fd)
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

// inheritedListener turns the file descriptor named by fd into a listener.
func inheritedListener(fd string) (net.Listener, error) {
	n, err := strconv.Atoi(fd)
	if err != nil || n < 0 {
		return nil, fmt.Errorf("runtime: %s=%q is not a file descriptor", ListenerFDEnv, fd)
	}
	f := os.NewFile(uintptr(n), "gost-listener")
	if f == nil {
		return nil, fmt.Errorf("runtime: %s=%d is not a valid file descriptor", ListenerFDEnv, n)
	}
	// FileListener duplicates the descriptor, so the original is closed here
	// and the listener owns the copy.
	defer f.Close()
	ln, err := net.FileListener(f)
	if err != nil {
		return nil, fmt.Errorf("runtime: use listener from %s=%d: %w", ListenerFDEnv, n, err)
	}
	return ln, nil
}
