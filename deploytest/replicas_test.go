package deploytest

// Three replicas sharing Redis behind nginx, round robin with no
// stickiness, as docs/deploy.md deploys them, driven by Chromium: a login
// that starts on one replica and completes on another, a logout that
// reaches the tabs on the others within a second, a replica killed with
// its tabs coming back on the others with their widgets and session
// state, and a rolling restart of all three that loses nothing.

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/gost-dev/gost/internal/browsertest"
	"github.com/gost-dev/gost/internal/nginxtest"
	"github.com/gost-dev/gost/internal/syncbuf"
	"github.com/gost-dev/gost/runtime/auth/devprovider"
	"github.com/gost-dev/gost/runtime/store/redisstore/redistest"
)

// cluster is the deployment: Redis, the replicas, nginx.
type cluster struct {
	t        *testing.T
	appDir   string
	store    string // the store's URL
	addrs    []string
	mu       sync.Mutex
	cmds     []*exec.Cmd
	logs     []*syncbuf.Buffer
	env      [][]string   // each replica's own environment, after the cluster's
	exits    []chan error // each replica's exit, put back by whoever takes it
	nginx    string       // host:port
	nginxDir string
}

func startCluster(t *testing.T, n int) *cluster {
	t.Helper()
	c := newCluster(t, n, redistest.Start(t).URL(0))
	for i := range n {
		c.start(i)
	}
	return c
}

// newCluster prepares n replicas on store behind nginx, with one login
// configuration, and starts none.
func newCluster(t *testing.T, n int, store string) *cluster {
	t.Helper()
	c := &cluster{t: t, appDir: t.TempDir(), store: store}
	for range n {
		c.addrs = append(c.addrs, freeAddr(t))
	}
	c.cmds = make([]*exec.Cmd, n)
	c.logs = make([]*syncbuf.Buffer, n)
	c.env = make([][]string, n)
	c.exits = make([]chan error, n)
	c.nginx, c.nginxDir = nginxtest.StartLogged(t, NginxConfig("{listen}", c.addrs))

	dev, err := devprovider.Start(context.Background(), devprovider.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { dev.Close() })
	// One secrets.toml for all: the same provider and cookie secret, as a
	// Kubernetes Secret mounted into every pod.
	secrets := dev.SecretsFor("http://" + c.nginx + "/oauth2callback")
	if err := os.MkdirAll(filepath.Join(c.appDir, ".gost"), 0o700); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(filepath.Join(c.appDir, ".gost", "secrets.toml"), os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	if err := toml.NewEncoder(f).Encode(secrets.Raw); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return c
}

// start runs replica i, the test binary as an app binary, and waits for
// it to be ready.
func (c *cluster) start(i int) {
	c.t.Helper()
	if err := c.launch(i).wait(20 * time.Second); err != nil {
		c.t.Fatalf("replica %d did not get ready: %v\n%s", i, err, c.logs[i].String())
	}
}

// launch runs replica i and returns at once.
func (c *cluster) launch(i int) launched {
	c.t.Helper()
	_, port, _ := net.SplitHostPort(c.addrs[i])
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(),
		"GOST_DEPLOYTEST_REPLICA="+strconv.Itoa(i),
		"GOST_APP_DIR="+c.appDir, "HOME="+c.appDir,
		"GOST_SERVER_ADDRESS=127.0.0.1", "GOST_SERVER_PORT="+port, "GOST_SERVER_HEADLESS=true",
		"GOST_SERVER_STORE="+c.store, "GOST_SERVER_SHUTDOWN_GRACE=3s")
	cmd.Env = append(cmd.Env, c.env[i]...)
	out := new(syncbuf.Buffer)
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		c.t.Fatal(err)
	}
	c.mu.Lock()
	c.cmds[i], c.logs[i] = cmd, out
	c.mu.Unlock()
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	c.mu.Lock()
	c.exits[i] = exited
	c.mu.Unlock()
	c.t.Cleanup(func() { cmd.Process.Kill(); exited <- <-exited })
	return launched{addr: c.addrs[i], exited: exited}
}

// launched is a replica process started.
type launched struct {
	addr   string
	exited chan error // the process's exit, once
}

// wait waits for the replica to answer /readyz, and fails if it exits
// first.
func (l launched) wait(within time.Duration) error {
	deadline := time.Now().Add(within)
	for {
		select {
		case err := <-l.exited:
			l.exited <- err
			return fmt.Errorf("it exited: %v", err)
		default:
		}
		resp, err := http.Get("http://" + l.addr + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		if time.Now().After(deadline) {
			return err
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// kill ends replica i with SIGKILL, as a node that dies.
func (c *cluster) kill(i int) {
	c.cmds[i].Process.Kill()
	c.exits[i] <- <-c.exits[i]
}

// restart stops replica i with SIGTERM, as a rolling restart does, and
// starts it again.
func (c *cluster) restart(i int) {
	c.t.Helper()
	c.cmds[i].Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() {
		err := <-c.exits[i]
		c.exits[i] <- err
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			c.t.Fatalf("replica %d did not exit 0 on SIGTERM: %v\n%s", i, err, c.logs[i].String())
		}
	case <-time.After(15 * time.Second):
		c.t.Fatalf("replica %d did not exit on SIGTERM\n%s", i, c.logs[i].String())
	}
	c.start(i)
}

// accessLog returns nginx's log lines: the request and the replica that
// served it.
func (c *cluster) accessLog() []string {
	data, _ := os.ReadFile(filepath.Join(c.nginxDir, "access.log"))
	var lines []string
	for s := bufio.NewScanner(strings.NewReader(string(data))); s.Scan(); {
		lines = append(lines, s.Text())
	}
	return lines
}

// served returns the replica that served the last request whose path
// starts with path, or -1.
func (c *cluster) served(path string) int {
	lines := c.accessLog()
	for j := len(lines) - 1; j >= 0; j-- {
		if strings.Contains(lines[j], "\"GET "+path) {
			for i, a := range c.addrs {
				if strings.HasSuffix(lines[j], " "+a) {
					return i
				}
			}
		}
	}
	return -1
}

func (c *cluster) dump() {
	for i, l := range c.logs {
		c.t.Logf("replica %d:\n%s", i, l.String())
	}
	c.t.Logf("nginx:\n%s", strings.Join(c.accessLog(), "\n"))
}

var replicaRE = regexp.MustCompile(`served by replica (\d)`)

// on returns the replica p's session runs on, as the page says.
func on(p *browsertest.Page) int {
	p.WaitText("served by replica ")
	m := replicaRE.FindStringSubmatch(browsertest.Eval[string](p, `document.body.innerText`))
	if m == nil {
		return -1
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

var countRE = regexp.MustCompile(`count (\d+)`)

// count returns the counter the page shows.
func count(p *browsertest.Page) int {
	p.WaitText("count ")
	m := countRE.FindStringSubmatch(browsertest.Eval[string](p, `document.body.innerText`))
	if m == nil {
		return -1
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

func logIn(p *browsertest.Page, name string) {
	p.Click("Log in")
	p.WaitText("gost development login")
	p.Fill("Name", name)
	p.Fill("Email", strings.ToLower(name)+"@example.com")
	p.Exec(`document.querySelector("form button[type=submit]").click()`)
	p.WaitText("Welcome, " + name + "!")
}

func TestThreeReplicasBehindNginx(t *testing.T) {
	c := startCluster(t, 3)
	defer func() {
		if t.Failed() {
			c.dump()
		}
	}()
	url := "http://" + c.nginx + "/"

	// The login starts on one replica and completes on another: round
	// robin sends the callback to the next one, and the login's cookie,
	// sealed with the shared secret, is good there.
	p := browsertest.New(t)
	p.Open(url)
	p.WaitText("This app is private.")
	logIn(p, "Ada")
	start, callback := c.served("/auth/login"), c.served("/oauth2callback")
	if start < 0 || callback < 0 || start == callback {
		t.Fatalf("the login started on replica %d and completed on %d; want two replicas", start, callback)
	}
	t.Logf("the login started on replica %d and completed on %d", start, callback)

	// Tabs of the same browser on every replica.
	tabs := map[int]*browsertest.Page{on(p): p}
	for tries := 0; len(tabs) < 3; tries++ {
		if tries == 30 {
			t.Fatalf("round robin put 30 tabs on the replicas %v only", tabs)
		}
		nudge(url)
		tab := p.NewTab()
		tab.Open(url)
		tab.WaitText("Welcome, Ada!")
		if r := on(tab); tabs[r] == nil {
			tabs[r] = tab
		}
	}

	// Widgets and session state work on each.
	for r, tab := range tabs {
		tab.Fill("Note", fmt.Sprintf("tab on %d", r))
		tab.Keys("\r")
		tab.WaitText(fmt.Sprintf("note: tab on %d", r))
		tab.Click("Add")
		tab.WaitText("count 1")
	}

	// A logout in one tab reaches the tabs on the other replicas within a
	// second, whichever replica nginx gives the logout itself.
	out := tabs[0]
	out.Click("Log out")
	out.WaitText("This app is private.")
	loggedOut := time.Now()
	for r, tab := range tabs {
		tab.WaitText("This app is private.")
		if d := time.Since(loggedOut); d > time.Second {
			t.Errorf("the tab on replica %d was logged out %v after the logout, want within 1 s", r, d)
		}
	}

	// Log in again, and give the session state and a widget value.
	p = out
	logIn(p, "Ada")
	p.Fill("Note", "kept")
	p.Keys("\r")
	p.WaitText("note: kept")
	n := count(p)
	p.Click("Add")
	p.WaitText(fmt.Sprintf("count %d", n+1))
	p.Click("Add")
	n += 2
	want := fmt.Sprintf("count %d", n)
	p.WaitText(want)
	time.Sleep(500 * time.Millisecond) // the state reaches the store within 200 ms

	// Its replica dies; the tab comes back on another with both.
	dead := on(p)
	c.kill(dead)
	t.Logf("killed replica %d, which served the tab", dead)
	p.WaitFor("the tab on another replica", fmt.Sprintf(`!document.body.innerText.includes("served by replica %d") && document.body.innerText.includes("served by replica")`, dead))
	p.WaitText("Welcome, Ada!")
	p.WaitText(want)
	p.WaitText("note: kept")
	t.Logf("the tab is back on replica %d with its state", on(p))
	c.start(dead)

	// A rolling restart of all three: nothing is lost, and the app goes
	// on where it was.
	for i := range c.addrs {
		before := on(p)
		c.restart(i)
		t.Logf("restarted replica %d; the tab was on %d and is on %d", i, before, on(p))
		if before == i {
			p.WaitFor("the tab on another replica", fmt.Sprintf(`!document.body.innerText.includes("served by replica %d") && document.body.innerText.includes("served by replica")`, i))
		}
		p.WaitText("Welcome, Ada!")
		p.WaitText(want)
		p.WaitText("note: kept")
	}
	p.Click("Add")
	p.WaitText(fmt.Sprintf("count %d", n+1))

	// Another browser, logged in as the same user on another replica:
	// "log out everywhere" in the first ends its tab within a second, and
	// its cookie is refused by every replica from then on (the revocation
	// is counted in Redis).
	other := browsertest.New(t)
	for tries := 0; ; tries++ {
		nudge(url)
		other.Open(url)
		if other.HasText("This app is private.") {
			logIn(other, "Ada")
		}
		if on(other) != on(p) {
			break
		}
		if tries == 30 {
			t.Fatalf("the other browser's tab is always on replica %d", on(p))
		}
	}
	p.Click("Log out everywhere")
	p.WaitText("This app is private.")
	revoked := time.Now()
	other.WaitText("You were logged out on all your devices.")
	if d := time.Since(revoked); d > time.Second {
		t.Errorf("the other browser's tab was logged out %v after the log out everywhere, want within 1 s", d)
	}
	for range 3 { // the page loads land on the replicas
		nudge(url)
		other.Open(url)
		other.WaitText("This app is private.")
	}
}

// nudge moves nginx's rotation on by zero to two requests at random, as
// other users' requests would: a page load is some forty requests, which
// may be a multiple of three, and would land each load's websocket on the
// replica the last one had.
func nudge(url string) {
	for range rand.IntN(3) {
		if resp, err := http.Get(url + "healthz"); err == nil {
			resp.Body.Close()
		}
	}
}

func freeAddr(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}
