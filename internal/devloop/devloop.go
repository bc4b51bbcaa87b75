// Package devloop is the private contract between `gost run` (the
// supervisor, cmd/gost) and the app processes it starts (runtime.Serve):
// the environment and the inherited file descriptors of each process, and
// the control channel between the two. Both ends are gost's own binaries,
// so none of this is the runtime package's public API. docs/protocol.md
// describes it for readers.
//
// gost run binds the app's port itself and hands the socket to every
// process as fd 3 ([ListenerFDEnv]), so the port stays bound while the app
// is rebuilt and restarted. Rebuilding on save adds fd 4, one end of a
// unix socket pair ([Pair], [OpenControl]) that carries newline-delimited
// JSON ([Msg]), and a directory where a replaced process leaves its
// sessions for the new one ([HandoffDirEnv]).
package devloop

import (
	"fmt"
	"net"
	"os"
	"strconv"
)

// The environment of an app process started by `gost run`.
const (
	// ListenerFDEnv names the inherited file descriptor (ListenerFD) of the
	// already bound listening socket. Browsers that connect while the app
	// is rebuilt wait in its accept queue instead of getting "connection
	// refused".
	ListenerFDEnv = "GOST_LISTENER_FD"
	// ControlFDEnv names the inherited file descriptor (ControlFD) of the
	// control channel to the supervisor.
	ControlFDEnv = "GOST_CONTROL_FD"
	// HandoffDirEnv names a private directory (0700) where a process
	// leaving for a new version writes the state of each session that
	// switches, for the new process to pick up by session id.
	HandoffDirEnv = "GOST_HANDOFF_DIR"
	// AppDirEnv holds the absolute directory of the app's source. Secrets
	// and config files are looked up there rather than in the working
	// directory.
	AppDirEnv = "GOST_APP_DIR"
	// DevAuthEnv carries the development login's [auth] table, as JSON,
	// from `gost run --dev-auth` to the app's processes. The provider runs
	// in gost run, not in the app: so a built app never contains a provider
	// that logs anyone in as anyone, every version of the app shares one
	// provider and one cookie_secret (a switch keeps the login), and each
	// rebuild links a smaller binary.
	DevAuthEnv = "GOST_DEV_AUTH"
)

// The inherited file descriptors: the first two of exec.Cmd.ExtraFiles.
const (
	ListenerFD = 3
	ControlFD  = 4
)

// Listener returns the listening socket named by ListenerFDEnv, or nil,
// nil when the process was not started by gost run.
func Listener() (net.Listener, error) {
	f, err := inherited(ListenerFDEnv, "gost-listener")
	if f == nil {
		return nil, err
	}
	// FileListener duplicates the descriptor, so the original is closed
	// here and the listener owns the copy.
	defer f.Close()
	ln, err := net.FileListener(f)
	if err != nil {
		return nil, fmt.Errorf("devloop: use listener from %s=%s: %w", ListenerFDEnv, os.Getenv(ListenerFDEnv), err)
	}
	return ln, nil
}

// OpenControl opens the control channel named by ControlFDEnv, or returns
// nil, nil when the process was not started by gost run.
func OpenControl() (*Control, error) {
	f, err := inherited(ControlFDEnv, "gost-control")
	if f == nil {
		return nil, err
	}
	defer f.Close() // FileConn has its own duplicate
	c, err := net.FileConn(f)
	if err != nil {
		return nil, fmt.Errorf("devloop: control channel from %s=%s: %w", ControlFDEnv, os.Getenv(ControlFDEnv), err)
	}
	return NewControl(c), nil
}

// inherited returns the file whose descriptor number the environment
// variable env holds, or nil, nil when env is not set.
func inherited(env, name string) (*os.File, error) {
	fd, ok := os.LookupEnv(env)
	if !ok {
		return nil, nil
	}
	n, err := strconv.Atoi(fd)
	if err != nil || n < 0 {
		return nil, fmt.Errorf("devloop: %s=%q is not a file descriptor", env, fd)
	}
	f := os.NewFile(uintptr(n), name)
	if f == nil {
		return nil, fmt.Errorf("devloop: %s=%d is not a valid file descriptor", env, n)
	}
	return f, nil
}
