//go:build unix

package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// imageSpec is what deploy/Dockerfile's final stage gives the app: its
// environment, its user and its working directory.
type imageSpec struct {
	env      []string
	uid, gid uint32
	workdir  string
}

// readImageSpec reads ENV, USER and WORKDIR of the last stage of a
// Dockerfile, so the test below runs the binary as the image would.
func readImageSpec(t *testing.T, path string) imageSpec {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var spec imageSpec
	user := ""
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 2 || strings.HasPrefix(f[0], "#") {
			continue
		}
		switch strings.ToUpper(f[0]) {
		case "FROM":
			spec, user = imageSpec{}, "" // only the last stage counts
		case "ENV":
			spec.env = append(spec.env, f[1:]...)
		case "USER":
			user = f[1]
		case "WORKDIR":
			spec.workdir = f[1]
		}
	}
	u, g, ok := strings.Cut(user, ":")
	uid, err1 := strconv.ParseUint(u, 10, 32)
	gid, err2 := strconv.ParseUint(g, 10, 32)
	if !ok || err1 != nil || err2 != nil || uid == 0 {
		t.Fatalf("%s: USER %q, want a numeric uid:gid that is not root", path, user)
	}
	spec.uid, spec.gid = uint32(uid), uint32(gid)
	for _, kv := range spec.env {
		if !strings.HasPrefix(kv, "GOST_") || !strings.Contains(kv, "=") {
			t.Fatalf("%s: ENV %q: want GOST_KEY=value pairs", path, kv)
		}
	}
	return spec
}

// TestBuiltAppRunsAsInTheImage is deploy/Dockerfile without a container
// runtime: gost build makes the binary, which then runs with nothing in
// its environment but the Dockerfile's ENV (no HOME, no PATH, no TMPDIR),
// in an empty directory, as the Dockerfile's USER when the test runs as
// root, and serves /healthz and the page, and runs the app.
func TestBuiltAppRunsAsInTheImage(t *testing.T) {
	t.Parallel()
	spec := readImageSpec(t, "../../deploy/Dockerfile")
	// Directories the image's user can enter: t.TempDir's are root's only.
	base, err := os.MkdirTemp("", "gost-image-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(base) })
	bin, work := filepath.Join(base, "bin", "app"), filepath.Join(base, "app")
	for _, d := range []string{base, filepath.Dir(bin), work} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(d, 0o755); err != nil { // MkdirTemp's 0700
			t.Fatal(err)
		}
	}
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"gost", "build", "../../examples/hello", "-o", bin}, &stdout, &stderr); code != 0 {
		t.Fatalf("gost build: exit code %d\n%s", code, &stderr)
	}
	// The image copies the binary as built: anyone must be able to run it.
	fi, err := os.Stat(bin)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm()&0o005 != 0o005 {
		t.Errorf("the binary is %v: the image's user could not run it", fi.Mode())
	}
	t.Logf("binary: %.1f MB", float64(fi.Size())/(1<<20))

	port := freePort(t)
	cmd := exec.Command(bin)
	// The image's ENV, and the port, as `docker run -e` would give it.
	cmd.Env = append(append([]string{}, spec.env...), "GOST_SERVER_PORT="+port)
	cmd.Dir = work
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	asUser := os.Getuid() == 0
	if asUser {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: spec.uid, Gid: spec.gid}}
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	if asUser {
		status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", cmd.Process.Pid))
		if err != nil || !bytes.Contains(status, []byte(fmt.Sprintf("\nUid:\t%d\t", spec.uid))) {
			t.Errorf("the app does not run as uid %d: %v\n%s", spec.uid, err, status)
		}
	} else {
		t.Logf("not root: the app runs as uid %d, not the image's %d", os.Getuid(), spec.uid)
	}

	origin := "http://127.0.0.1:" + port
	get := func(path string) (int, string) {
		resp, err := http.Get(origin + path)
		if err != nil {
			return 0, err.Error()
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	for start := time.Now(); ; time.Sleep(20 * time.Millisecond) {
		if code, _ := get("/healthz"); code == http.StatusOK {
			break
		}
		if time.Since(start) > 10*time.Second {
			t.Fatalf("no /healthz on GOST_SERVER_PORT %s\nlogs:\n%s", port, &logs)
		}
	}
	if code, page := get("/"); code != http.StatusOK || !strings.Contains(page, "<script") {
		t.Errorf("GET /: %d\n%s", code, page)
	}
	// The app runs: its title comes over the websocket.
	ws, _, err := websocket.DefaultDialer.Dial("ws://127.0.0.1:"+port+"/_gost/stream", http.Header{"Origin": {origin}})
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	ws.WriteJSON(map[string]any{"t": "hello", "v": 1, "session": "", "widgets": map[string]any{}, "query": ""})
	ws.SetReadDeadline(time.Now().Add(10 * time.Second))
	for {
		_, msg, err := ws.ReadMessage()
		if err != nil {
			t.Fatalf("no run of the app: %v\nlogs:\n%s", err, &logs)
		}
		if bytes.Contains(msg, []byte(`"t":"done"`)) {
			if !bytes.Contains(msg, []byte("Hello")) {
				t.Errorf("the page has no title Hello: %s", msg)
			}
			break
		}
	}
	cmd.Process.Signal(syscall.SIGTERM)
	if err := cmd.Wait(); err != nil {
		t.Errorf("after SIGTERM: %v, want exit 0", err)
	}
	// Nothing went wrong on the way: no home, no PATH, no TMPDIR is fine.
	if bytes.Contains(logs.Bytes(), []byte("level=ERROR")) {
		t.Errorf("errors in the log:\n%s", &logs)
	}
}
