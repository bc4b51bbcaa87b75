// Package nginxtest runs Debian's nginx in front of servers under test, on
// a free loopback port, with a configuration in a temporary directory. A
// missing nginx fails the test: a proxy test that skips proves nothing.
package nginxtest

import (
	"context"
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
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr = ln.Addr().String()
	ln.Close() // nginx binds it itself
	dir = t.TempDir()
	http = strings.NewReplacer("{listen}", addr, "{dir}", dir).Replace(http)
	conf := "error_log " + dir + "/error.log;\npid " + dir + "/nginx.pid;\nevents {}\nhttp {\n" +
		"\tclient_body_temp_path " + dir + "; proxy_temp_path " + dir + "; fastcgi_temp_path " + dir + "; uwsgi_temp_path " + dir + "; scgi_temp_path " + dir + ";\n" +
		http + "\n}\n"
	if err := os.WriteFile(filepath.Join(dir, "nginx.conf"), []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, path, "-p", dir, "-c", filepath.Join(dir, "nginx.conf"), "-g", "daemon off; master_process off;")
	out := &strings.Builder{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); cmd.Wait() })
	for deadline := time.Now().Add(10 * time.Second); ; {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return addr, dir
		}
		if time.Now().After(deadline) {
			b, _ := os.ReadFile(filepath.Join(dir, "error.log"))
			t.Fatalf("nginx did not start on %s: %s%s\n%s", addr, out, b, conf)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
