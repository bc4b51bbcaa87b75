//go:build unix

package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"syscall"
	"time"
)

// process is one running app binary. It runs in a process group of its own,
// so that stopping it also stops whatever it started, and so that the
// terminal's Ctrl-C reaches only gost, which decides how to stop it.
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
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
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

// stop stops the process group, politely first: SIGINT (what Ctrl-C would
// have sent), then SIGTERM after grace, then SIGKILL after another grace.
// Once the app has exited, what is left of its group is killed, so no
// grandchild outlives gost. stop may be called after the process has exited
// by itself, and more than once.
func (p *process) stop(grace time.Duration) error {
	pgid := p.cmd.Process.Pid // Setpgid makes the group ID the child's pid
	var errs []error
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGKILL} {
		if p.exited() {
			break
		}
		if err := syscall.Kill(-pgid, sig); err != nil && !errors.Is(err, syscall.ESRCH) {
			errs = append(errs, fmt.Errorf("send %v to app: %w", sig, err))
		}
		select {
		case <-p.done:
		case <-time.After(grace):
		}
	}
	<-p.done
	// The group ID cannot be reused while any member lives, so this reaches
	// only the app's own leftovers.
	if err := syscall.Kill(-pgid, syscall.SIGKILL); err != nil && !errors.Is(err, syscall.ESRCH) {
		errs = append(errs, fmt.Errorf("kill app's process group: %w", err))
	}
	return errors.Join(errs...)
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

// exitCode is the app's exit status, valid once done is closed. An app
// killed by a signal gives 128+signal, as a shell reports it.
func (p *process) exitCode() int {
	ps := p.cmd.ProcessState
	if ps == nil {
		return 1
	}
	if ws, ok := ps.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return 128 + int(ws.Signal())
	}
	return ps.ExitCode()
}

// detach makes cmd, a browser launcher, leave gost's process group, so that
// Ctrl-C in gost's terminal does not also close the browser it opened.
func detach(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}
