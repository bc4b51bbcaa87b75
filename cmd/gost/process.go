package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"time"
)

// process is one running app binary. On Unix it runs in a process group of
// its own, so that stopping it also stops whatever it started, and so that
// the terminal's Ctrl-C reaches only gost, which decides how to stop it.
// Elsewhere there are no groups, and stopping it kills just the app.
type process struct {
	cmd  *exec.Cmd
	done chan struct{} // closed once the process has exited and been waited for
	err  error         // from cmd.Wait; read only after done is closed
}

// startProcess starts bin with args and env added to gost's environment.
// files become the child's file descriptors 3, 4, ... (exec.Cmd.ExtraFiles).
func startProcess(bin string, args, env []string, files []*os.File, stdout, stderr io.Writer) (*process, error) {
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	cmd.ExtraFiles = files
	cmd.Stdout, cmd.Stderr = stdout, stderr
	detach(cmd) // a process group of its own, where there are groups
	// When stdout is not a file, Wait copies from a pipe, which a leftover
	// grandchild could hold open forever. Give up on it after a while.
	cmd.WaitDelay = 3 * time.Second
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start app: %w", err)
	}
	p := &process{cmd: cmd, done: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		close(p.done)
	}()
	return p, nil
}

// exited reports whether the process has exited and been waited for.
func (p *process) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}
