package main

import (
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"time"

	"github.com/gost-dev/gost/internal/nginxtest"
)

// nginxHTTP is the http block of a load balancer in front of replicas
// (host:port), listening on {listen} (internal/nginxtest runs it): round
// robin (no ip_hash, no sticky cookie: any request may reach any replica),
// websocket upgrade, and a read timeout long enough for an idle tab. It
// follows the configuration docs/deploy.md gives and deploytest runs (a
// module of its own, which the root module's harness cannot import), and
// keeps no access log, which would cost the measured machine a write per
// request.
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
func nginxHTTP(replicas []string) string {
	var up strings.Builder
	for _, r := range replicas {
		// A replica that fails a request is skipped for 5 s, and the
		// request goes to the next.
		fmt.Fprintf(&up, "\t\tserver %s max_fails=1 fail_timeout=5s;\n", r)
	}
	return fmt.Sprintf(`	access_log off;
	upstream gost {
%s	}
	map $http_upgrade $connection_upgrade {
		default upgrade;
		'' close;
	}
	server {
		listen {listen};
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
	}`, up.String())
}

// startNginx runs nginx (the binary at path) in front of replicas, with
// its files in a new directory under tmp, on a free loopback port, until
// Stop.
func startNginx(path, tmp string, replicas []string) (*nginxtest.Nginx, error) {
	dir, err := os.MkdirTemp(tmp, "nginx")
	if err != nil {
		return nil, fmt.Errorf("nginx: %w", err)
	}
	return nginxtest.Run(path, dir, nginxHTTP(replicas))
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
