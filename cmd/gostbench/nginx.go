package main

import (
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// nginxConf is the configuration of a load balancer in front of replicas
// (host:port), listening on listen, with its files in dir: round robin (no
// ip_hash, no sticky cookie: any request may reach any replica), websocket
// upgrade, and a read timeout long enough for an idle tab. It follows the
// configuration docs/deploy.md gives and deploytest runs (a module of its
// own, which the root module's harness cannot import), with one nginx
// worker.
//
// proxy_next_upstream adds http_502 and http_503 to nginx's default: a
// replica shutting down refuses new websockets with 503
// (runtime/shutdown.go), and nginx then tries the next replica instead of
// handing the 503 to the page, which would wait its backoff and might draw
// the same replica again.
//
// Every response says which replica answered in X-Gost-Upstream: the
// harness reads it from the websocket handshake to know which tabs a
// killed replica held. A deploy has no need of it.
func nginxConf(dir, listen string, replicas []string) string {
	var up strings.Builder
	for _, r := range replicas {
		// A replica that fails a request is skipped for 5 s, and the
		// request goes to the next.
		fmt.Fprintf(&up, "\t\tserver %s max_fails=1 fail_timeout=5s;\n", r)
	}
	return fmt.Sprintf(`error_log %[1]s/error.log;
pid %[1]s/nginx.pid;
worker_processes 1;
events { worker_connections 4096; }
http {
	access_log off;
	client_body_temp_path %[1]s; proxy_temp_path %[1]s; fastcgi_temp_path %[1]s; uwsgi_temp_path %[1]s; scgi_temp_path %[1]s;
	upstream gost {
%[3]s	}
	map $http_upgrade $connection_upgrade {
		default upgrade;
		'' close;
	}
	server {
		listen %[2]s;
		location / {
			proxy_pass http://gost;
			proxy_http_version 1.1;
			proxy_set_header Upgrade $http_upgrade;
			proxy_set_header Connection $connection_upgrade;
			proxy_set_header Host $http_host;
			proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
			proxy_set_header X-Forwarded-Proto $scheme;
			proxy_read_timeout 1h;
			proxy_send_timeout 1h;
			proxy_next_upstream error timeout http_502 http_503;
			add_header X-Gost-Upstream $upstream_addr always;
		}
	}
}
`, dir, listen, up.String())
}

// nginxProc is a running nginx.
type nginxProc struct {
	addr string
	dir  string
	cmd  *exec.Cmd
}

// startNginx writes the configuration into a new directory under tmp and
// runs nginx (the binary at path) in the foreground on a free loopback
// port, until stop.
func startNginx(path, tmp string, replicas []string) (*nginxProc, error) {
	dir, err := os.MkdirTemp(tmp, "nginx")
	if err != nil {
		return nil, fmt.Errorf("nginx: %w", err)
	}
	addr, err := freePort()
	if err != nil {
		return nil, fmt.Errorf("nginx: %w", err)
	}
	conf := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(conf, []byte(nginxConf(dir, addr, replicas)), 0o644); err != nil {
		return nil, fmt.Errorf("nginx: %w", err)
	}
	cmd := exec.Command(path, "-p", dir, "-c", conf, "-g", "daemon off; master_process off;")
	out := &strings.Builder{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start nginx: %w", err)
	}
	n := &nginxProc{addr: addr, dir: dir, cmd: cmd}
	if err := waitTCP(addr, 10*time.Second); err != nil {
		n.stop()
		b, _ := os.ReadFile(filepath.Join(dir, "error.log"))
		return nil, fmt.Errorf("nginx did not start on %s: %w: %s%s", addr, err, out, b)
	}
	return n, nil
}

func (n *nginxProc) stop() {
	n.cmd.Process.Kill()
	n.cmd.Wait()
}

// freePort returns a loopback address whose port was free a moment ago,
// for a program that binds it itself.
func freePort() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// waitTCP waits until addr accepts a connection.
func waitTCP(addr string, within time.Duration) error {
	deadline := time.Now().Add(within)
	for {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
			return nil
		}
		if time.Now().After(deadline) {
			return errors.Join(fmt.Errorf("nothing listens on %s after %s", addr, within), err)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
