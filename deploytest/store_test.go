package deploytest

// The store's bad days, with a real redis-server and replica processes
// configured as built apps are: a store that does not answer at start, a
// URL that is wrong, a replica with another cookie secret, and the store
// going down under a running app and coming back.

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gost-dev/gost/internal/browsertest"
	"github.com/gost-dev/gost/runtime/store/redisstore/redistest"
)

// exitOf waits for replica i of c to exit, and returns its log.
func exitOf(t *testing.T, c *cluster, l launched, i int) string {
	t.Helper()
	select {
	case err := <-l.exited:
		l.exited <- err
		if err == nil {
			t.Errorf("replica %d exited 0", i)
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("replica %d still runs:\n%s", i, c.logs[i].String())
	}
	return c.logs[i].String()
}

func TestStoreDownAtStartStopsTheReplica(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	dead := srv.Addr
	srv.Stop() // nothing answers there now
	c := newCluster(t, 2, "redis://:hunter2@"+dead+"/0")
	out := exitOf(t, c, c.launch(0), 0)
	for _, want := range []string{"[server] store", "redis://:xxxxx@" + dead + "/0", "does not answer", "storeOptional"} {
		if !strings.Contains(out, want) {
			t.Errorf("the refusal does not say %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "hunter2") {
		t.Errorf("the log shows the store's password:\n%s", out)
	}
	// Optional: the replica serves from its memory, and says so.
	c.env[1] = []string{"GOST_SERVER_STORE_OPTIONAL=true"}
	if err := c.launch(1).wait(20 * time.Second); err != nil {
		t.Fatalf("an optional store that is down stopped the replica: %v\n%s", err, c.logs[1].String())
	}
	// The replica's log comes through a pipe: the line may reach the
	// test a moment after the replica answers.
	for deadline := time.Now().Add(5 * time.Second); !strings.Contains(c.logs[1].String(), "serving from this replica's memory"); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the replica does not say it serves from memory:\n%s", c.logs[1].String())
		}
	}
}

func TestWrongStoreURLIsSaid(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	for _, tc := range []struct{ url, want string }{
		{"redis://" + srv.Addr + "/notadb", "invalid database number"},
		{"redis:/" + srv.Addr, "invalid database number"},
		{srv.Addr, `store: "` + srv.Addr + `" is not a URL such as redis://host:6379/0`},
		{"memcached://" + srv.Addr, `unknown scheme "memcached"`},
	} {
		c := newCluster(t, 1, tc.url)
		if out := exitOf(t, c, c.launch(0), 0); !strings.Contains(out, tc.want) || !strings.Contains(out, "[server] store") {
			t.Errorf("store %q: the refusal does not say %q:\n%s", tc.url, tc.want, out)
		}
	}
}

func TestDifferentCookieSecretIsSaid(t *testing.T) {
	t.Parallel()
	c := newCluster(t, 2, redistest.Start(t).URL(0))
	c.start(0)
	// Replica 1 gets its own secrets.toml, with another cookie secret.
	other := t.TempDir()
	data, err := os.ReadFile(filepath.Join(c.appDir, ".gost", "secrets.toml"))
	if err != nil {
		t.Fatal(err)
	}
	secret := cookieSecretRE.FindSubmatch(data)
	if secret == nil {
		t.Fatalf("no cookie_secret in\n%s", data)
	}
	os.MkdirAll(filepath.Join(other, ".gost"), 0o700)
	changed := strings.Replace(string(data), string(secret[1]), strings.Repeat("0", 64), 1)
	os.WriteFile(filepath.Join(other, ".gost", "secrets.toml"), []byte(changed), 0o600)
	c.env[1] = []string{"GOST_APP_DIR=" + other}
	c.start(1)
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(c.logs[1].String(), "the replicas have different cookieSecrets") {
		if time.Now().After(deadline) {
			t.Fatalf("the replica with another cookie secret does not say so:\n%s", c.logs[1].String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	for i := range 2 {
		if l := c.logs[i].String(); strings.Contains(l, string(secret[1])) || strings.Contains(l, strings.Repeat("0", 64)) {
			t.Errorf("replica %d logs a cookie secret:\n%s", i, l)
		}
	}
	if strings.Contains(c.logs[0].String(), "different cookieSecrets") {
		// It does within 30 s, at its next comparison; at once would be
		// a false alarm before replica 1 started.
		t.Errorf("replica 0 complained before another secret was there:\n%s", c.logs[0].String())
	}
}

func TestStoreDownMidRunKeepsServing(t *testing.T) {
	t.Parallel()
	redis := redistest.Start(t)
	c := newCluster(t, 1, redis.URL(0))
	c.start(0)
	p := browsertest.New(t)
	p.Open("http://" + c.nginx + "/")
	logIn(p, "Grace")
	redis.Stop()
	n := count(p)
	for i := 1; i <= 3; i++ {
		p.Click("Add")
		p.WaitText("count " + itoa(n+i))
		time.Sleep(300 * time.Millisecond) // each run's state fails to reach the store
	}
	if k := strings.Count(c.logs[0].String(), "the store does not answer"); k != 1 {
		t.Errorf("%d warnings about the store, want 1:\n%s", k, c.logs[0].String())
	}
	if strings.Contains(c.logs[0].String(), "connection pool") {
		t.Errorf("the Redis client logs each failed dial beside the one warning:\n%s", c.logs[0].String())
	}
	redis.Restart(t)
	deadline := time.Now().Add(20 * time.Second)
	for i := 4; !strings.Contains(c.logs[0].String(), "the store answers again"); i++ {
		if time.Now().After(deadline) {
			t.Fatalf("the replica does not use the store again:\n%s", c.logs[0].String())
		}
		p.Click("Add")
		p.WaitText("count " + itoa(n+i))
		time.Sleep(300 * time.Millisecond)
	}
}

var cookieSecretRE = regexp.MustCompile(`cookie_secret = "([0-9a-f]+)"`)

func itoa(n int) string { return strconv.Itoa(n) }
