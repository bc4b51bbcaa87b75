package runtime

import (
	"errors"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/gost-dev/gost/internal/devloop"
)

func TestListenPortInUse(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	port := busy.Addr().(*net.TCPAddr).Port

	ln, err := Listen(Options{Address: "127.0.0.1", Port: port})
	if err == nil {
		ln.Close()
		t.Fatalf("Listen on busy port %d: no error", port)
	}
	want := "port " + strconv.Itoa(port) + " is already in use; stop the other server or pass --server.port"
	if err.Error() != want {
		t.Errorf("Listen error = %q, want %q", err, want)
	}
	var inUse *PortInUseError
	if !errors.As(err, &inUse) || inUse.Port != port || !errors.Is(err, syscall.EADDRINUSE) {
		t.Errorf("Listen error = %#v, want a *PortInUseError wrapping EADDRINUSE", err)
	}
}

func TestListenDefaultsToLoopback(t *testing.T) {
	// Port 0 means 8501, which may be taken on a developer machine, so this
	// only checks the address Listen would use.
	if got, want := (Options{}).listenAddress(), "127.0.0.1:8501"; got != want {
		t.Errorf("listenAddress() = %q, want %q", got, want)
	}
	if got, want := (Options{Address: "0.0.0.0", Port: 80}).listenAddress(), "0.0.0.0:80"; got != want {
		t.Errorf("listenAddress() = %q, want %q", got, want)
	}
}

func TestListenBadFDEnv(t *testing.T) {
	t.Setenv(devloop.ListenerFDEnv, "three")
	if ln, err := Listen(Options{}); err == nil || !strings.Contains(err.Error(), devloop.ListenerFDEnv) {
		if ln != nil {
			ln.Close()
		}
		t.Errorf("Listen with %s=three: err = %v, want an error naming the variable", devloop.ListenerFDEnv, err)
	}
}

// TestListenInheritedFD runs this test binary again as a child that gets a
// bound socket as fd 3, the way `gost run` starts an app, and checks that
// the child's Listen serves on it rather than on its Options.
func TestListenInheritedFD(t *testing.T) {
	if os.Getenv("GOST_TEST_LISTEN_CHILD") == "1" {
		ln, err := Listen(Options{Port: 1}) // port 1 would fail: the fd must win
		if err != nil {
			t.Fatal(err)
		}
		c, err := ln.Accept()
		if err != nil {
			t.Fatal(err)
		}
		c.Write([]byte("hello from the child"))
		c.Close()
		ln.Close()
		return
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	f, err := ln.(*net.TCPListener).File()
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()

	cmd := exec.Command(os.Args[0], "-test.run=^TestListenInheritedFD$")
	cmd.Env = append(os.Environ(), "GOST_TEST_LISTEN_CHILD=1", devloop.ListenerFDEnv+"=3")
	cmd.ExtraFiles = []*os.File{f}
	out := new(strings.Builder)
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 100)
	n, _ := c.Read(buf)
	c.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	if got, want := string(buf[:n]), "hello from the child"; got != want {
		t.Errorf("read %q from the inherited listener, want %q", got, want)
	}
}
