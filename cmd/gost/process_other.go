//go:build !unix

package main

import (
	"os/exec"
	"time"
)

func (p *process) stop(grace time.Duration) error {
	select {
	case <-p.done:
		return nil
	default:
	}
	err := p.cmd.Process.Kill()
	<-p.done
	return err
}

func (p *process) exitCode() int {
	if p.cmd.ProcessState == nil {
		return 1
	}
	return p.cmd.ProcessState.ExitCode()
}

func detach(cmd *exec.Cmd) {}

// killGroupOnCancel leaves cmd as it is: without process groups, cancelling
// kills only the tool itself.
func killGroupOnCancel(cmd *exec.Cmd) {}
