//go:build unix

package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"time"
)

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

// detach makes cmd leave gost's process group: the app, so gost alone
// decides how to stop it, and a browser launcher, so that Ctrl-C in gost's
// terminal does not also close the browser it opened.
func detach(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}

// killGroupOnCancel puts cmd in a process group of its own and makes
// cancelling its context kill the whole group.
func killGroupOnCancel(cmd *exec.Cmd) {
	detach(cmd)
	cmd.Cancel = func() error {
		err := syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		if errors.Is(err, syscall.ESRCH) {
			return os.ErrProcessDone
		}
		return err
	}
}
