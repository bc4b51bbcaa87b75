// Package nginxtest runs Debian's nginx in front of servers under test, on
// a free loopback port, with a configuration in a temporary directory. A
// missing nginx fails the test: a proxy test that skips proves nothing.
// [Run] is the same without a test, for cmd/gostbench's load balancer.
package nginxtest

import (
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Start runs nginx for t with the http block's contents http (upstreams,
// server blocks), in which every {listen} stands for the loopback address
// nginx gets, and returns that address. nginx stops when t ends. Its error
// log is in the returned address's test directory; t's failure message
// shows it if nginx does not start.
func Start(t testing.TB, http string) string {
	t.Helper()
	addr, _ := StartLogged(t, http)
	return addr
}

// StartLogged is Start that also returns nginx's directory, where {dir} in
// http points, e.g. for an access_log the test reads.
func StartLogged(t testing.TB, http string) (addr, dir string) {
	t.Helper()
	path, err := exec.LookPath("nginx")
	if err != nil {
		if _, serr := os.Stat("/usr/sbin/nginx"); serr != nil {
			t.Fatal("nginx is needed for this test (apt-get install nginx): ", err)
		}
		path = "/usr/sbin/nginx"
	}
	n, err := Run(path, t.TempDir(), http)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(n.Stop)
	return n.Addr, n.Dir
}

// Nginx is a running nginx.
type Nginx struct {
	Addr string // the loopback address it listens on
	Dir  string // its configuration, pid, logs and temporary files
	cmd  *exec.Cmd
}

// Run starts nginx, the binary at path, in the foreground with its files
// in dir and the http block's contents http, in which every {listen}
// stands for a free loopback address and every {dir} for dir. It returns
// once nginx accepts connections there; the error of an nginx that does
// not start holds its output, error log and configuration.
func Run(path, dir, http string) (*Nginx, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("nginxtest: %w", err)
	}
	addr := ln.Addr().String()
	ln.Close() // nginx binds it itself
	http = strings.NewReplacer("{listen}", addr, "{dir}", dir).Replace(http)
	// 4096 connections: cmd/gostbench holds thousands of tabs through it.
	conf := "error_log " + dir + "/error.log;\npid " + dir + "/nginx.pid;\nevents { worker_connections 4096; }\nhttp {\n" +
		"\tclient_body_temp_path " + dir + "; proxy_temp_path " + dir + "; fastcgi_temp_path " + dir + "; uwsgi_temp_path " + dir + "; scgi_temp_path " + dir + ";\n" +
		http + "\n}\n"
	confPath := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(confPath, []byte(conf), 0o644); err != nil {
		return nil, fmt.Errorf("nginxtest: %w", err)
	}
	cmd := exec.Command(path, "-p", dir, "-c", confPath, "-g", "daemon off; master_process off;")
	out := &strings.Builder{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("nginxtest: start nginx: %w", err)
	}
	n := &Nginx{Addr: addr, Dir: dir, cmd: cmd}
	for deadline := time.Now().Add(10 * time.Second); ; {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
			return n, nil
		}
		if time.Now().After(deadline) {
			n.Stop()
			b, _ := os.ReadFile(filepath.Join(dir, "error.log"))
			return nil, errors.Join(fmt.Errorf("nginxtest: nginx did not start on %s: %s%s\n%s", addr, out, b, conf), err)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// Stop ends nginx and waits for it.
func (n *Nginx) Stop() {
	n.cmd.Process.Kill()
	n.cmd.Wait()
}
