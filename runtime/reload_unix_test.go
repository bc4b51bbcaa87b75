//go:build unix

package runtime

import (
	"context"
	"fmt"
	"net"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/gost-dev/gost/internal/devloop"
)

// socketPair returns a connected pair of unix sockets: the app's end as a
// bare file descriptor, which Serve takes over (and closes), and the
// supervisor's end.
func socketPair(t *testing.T) (int, net.Conn) {
	t.Helper()
	fds, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	f := os.NewFile(uintptr(fds[1]), "supervisor")
	defer f.Close()
	c, err := net.FileConn(f)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return fds[0], c
}

func TestReadyOverARealControlChannel(t *testing.T) {
	// Serve announces itself on the channel gost run hands down as fd 4;
	// here the channel is a socket pair whose app end is named by the env.
	appFD, sup := socketPair(t)
	t.Setenv(devloop.ControlFDEnv, fmt.Sprint(appFD))
	t.Setenv(devloop.HandoffDirEnv, t.TempDir())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	errc := make(chan error, 1)
	go func() { errc <- Serve(ctx, counterApp, Options{Address: "127.0.0.1", Port: freePort(t)}) }()
	ctl := devloop.NewControl(sup)
	got := make(chan string, 1)
	go ctl.Receive(func(m devloop.Msg) {
		select {
		case got <- m.T:
		default:
		}
	})
	select {
	case m := <-got:
		if m != devloop.CtlReady {
			t.Errorf("first message %q, want ready", m)
		}
	case err := <-errc:
		t.Fatalf("Serve: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("no ready")
	}
	sup.Close() // gost went away
	select {
	case err := <-errc:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return when the control channel closed")
	}
}
