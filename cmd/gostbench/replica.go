package main

import (
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/gost-dev/gost/internal/benchapp"
	gost "github.com/gost-dev/gost/runtime"
)

// replicaEnv makes this binary a replica: runtime.Main serving the
// representative app, configured by GOST_* variables as a deployed app
// is. It is how the replicas scenario gets server processes without a
// build step; the main is the one gost build generates.
const replicaEnv = "GOSTBENCH_REPLICA"

// replicaMain runs the replica and reports whether this process is one.
func replicaMain() bool {
	if os.Getenv(replicaEnv) != "1" {
		return false
	}
	gost.Main(benchapp.RepresentativeApp)
	return true
}

// replica is one server process of the representative app.
type replica struct {
	addr     string
	cmd      *exec.Cmd
	log      string        // its stderr
	started  time.Duration // from exec to /healthz answering 200
	exited   chan struct{}
	exitedAt time.Time // set before exited closes
}

// startReplica starts a replica, bin or else this binary, on a free
// loopback port in a directory of its own under tmp (no config.toml, HOME
// there), with the shared cookie secret and, if store is not empty, the
// shared store, and waits for its /healthz.
func startReplica(bin, tmp, name, secret, store string) (*replica, error) {
	exe := bin
	if exe == "" {
		self, err := os.Executable()
		if err != nil {
			return nil, fmt.Errorf("find own binary: %w", err)
		}
		exe = self
	}
	dir, err := os.MkdirTemp(tmp, name)
	if err != nil {
		return nil, err
	}
	addr, err := freePort()
	if err != nil {
		return nil, err
	}
	_, port, _ := strings.Cut(addr, ":")
	logf, err := os.Create(filepath.Join(dir, "stderr.log"))
	if err != nil {
		return nil, err
	}
	defer logf.Close()
	cmd := exec.Command(exe)
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.Env = []string{
		"PATH=" + os.Getenv("PATH"), "HOME=" + dir, replicaEnv + "=1",
		"GOST_SERVER_ADDRESS=127.0.0.1", "GOST_SERVER_PORT=" + port, "GOST_SERVER_HEADLESS=true",
		"GOST_SERVER_COOKIE_SECRET=" + secret, "GOST_LOGGER_LEVEL=warning",
	}
	if store != "" {
		cmd.Env = append(cmd.Env, "GOST_SERVER_STORE="+store)
	}
	r := &replica{addr: addr, cmd: cmd, log: logf.Name(), exited: make(chan struct{})}
	begin := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start replica: %w", err)
	}
	go func() { cmd.Wait(); r.exitedAt = time.Now(); close(r.exited) }()
	hc := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: time.Second}
	for {
		if resp, err := hc.Get("http://" + addr + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		select {
		case <-r.exited:
			b, _ := os.ReadFile(r.log)
			return nil, fmt.Errorf("replica %s exited before serving: %s", name, b)
		default:
		}
		if time.Since(begin) > 15*time.Second {
			r.kill()
			return nil, fmt.Errorf("replica %s did not answer /healthz within 15s", name)
		}
		time.Sleep(200 * time.Microsecond)
	}
	r.started = time.Since(begin)
	return r, nil
}

// kill is kill -9: the process dies with its sockets, no goodbye.
func (r *replica) kill() {
	r.cmd.Process.Kill()
	<-r.exited
}

// startRedis runs redis-server (at path) on a free loopback port, without
// persistence, and returns its URL and a stop function.
func startRedis(path, tmp string) (string, func(), error) {
	dir, err := os.MkdirTemp(tmp, "redis")
	if err != nil {
		return "", nil, err
	}
	addr, err := freePort()
	if err != nil {
		return "", nil, err
	}
	_, port, _ := strings.Cut(addr, ":")
	cmd := exec.Command(path, "--bind", "127.0.0.1", "--port", port, "--save", "", "--appendonly", "no", "--dir", dir)
	out := &strings.Builder{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		return "", nil, fmt.Errorf("start redis-server: %w", err)
	}
	stop := func() { cmd.Process.Kill(); cmd.Wait() }
	if err := waitTCP(addr, 10*time.Second); err != nil {
		stop()
		return "", nil, fmt.Errorf("redis-server: %w: %s", err, out)
	}
	return "redis://" + addr + "/0", stop, nil
}
