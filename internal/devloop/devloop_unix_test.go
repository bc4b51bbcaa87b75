//go:build unix

package devloop

import (
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"
)

// TestPairAcrossExec hands the app's end of a Pair to a child process as
// fd ControlFD, as gost run does: the child opens it with OpenControl and
// says ready.
func TestPairAcrossExec(t *testing.T) {
	if os.Getenv("GOST_TEST_DEVLOOP_CHILD") == "1" {
		c, err := OpenControl()
		if err != nil || c == nil {
			t.Fatalf("OpenControl() = %v, %v", c, err)
		}
		if err := c.Send(Msg{T: CtlReady}); err != nil {
			t.Fatal(err)
		}
		c.Close()
		return
	}
	app, sup, err := Pair()
	if err != nil {
		t.Fatal(err)
	}
	defer sup.Close()
	cmd := exec.Command(os.Args[0], "-test.run=^TestPairAcrossExec$")
	cmd.Env = append(os.Environ(), "GOST_TEST_DEVLOOP_CHILD=1", ControlFDEnv+"="+strconv.Itoa(ControlFD))
	// ExtraFiles[i] is fd 3+i: the listener's place is taken by a stand-in.
	devNull, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer devNull.Close()
	cmd.ExtraFiles = []*os.File{devNull, app}
	out, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	app.Close() // the child has its copy
	got := make(chan string, 1)
	go sup.Receive(func(m Msg) {
		select {
		case got <- m.T:
		default:
		}
	})
	select {
	case m := <-got:
		if m != CtlReady {
			t.Errorf("got %q, want ready", m)
		}
	case <-time.After(10 * time.Second):
		t.Error("no ready from the child")
	}
	if err := cmd.Wait(); err != nil {
		b, _ := os.ReadFile(out.Name())
		t.Errorf("child: %v\n%s", err, b)
	}
}
