//go:build !unix

package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"time"
)

// process is one running app binary. Outside Unix there are no process
// groups or signals to forward, so stopping it kills just the app.
type process struct {
	cmd  *exec.Cmd
	done chan struct{}
	err  error
}

func startProcess(bin string, args, env []string, files []*os.File, stdout, stderr io.Writer) (*process, error) {
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	cmd.ExtraFiles = files
	cmd.Stdout, cmd.Stderr = stdout, stderr
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
