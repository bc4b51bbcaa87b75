package runtime

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/gost-dev/gost/internal/devloop"
	"github.com/gost-dev/gost/internal/jobs"
	"github.com/gost-dev/gost/internal/script"
	"github.com/gost-dev/gost/st"
)

func TestPageSetsTheBrowserCookie(t *testing.T) {
	_, ts := testServer(t, counterApp)
	res, err := http.Get(ts.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	var c *http.Cookie
	for _, k := range res.Cookies() {
		if k.Name == browserCookie {
			c = k
		}
	}
	if c == nil || !browserIDPattern.MatchString(c.Value) || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode {
		t.Fatalf("cookie %+v, want a random HttpOnly SameSite=Lax id", c)
	}
	req, _ := http.NewRequest("GET", ts.URL+"/", nil)
	req.AddCookie(c)
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if len(res.Cookies()) != 0 {
		t.Errorf("a browser with its cookie got another: %v", res.Cookies())
	}
}

// TestJobSeenFromAnotherTabOfTheBrowser: a job started in one tab goes on
// after the tab closes; a tab of the same browser (its cookie) sees its
// output, and one of another browser does not.
func TestJobSeenFromAnotherTabOfTheBrowser(t *testing.T) {
	step := make(chan string)
	app := func(c *st.Ctx) {
		job := c.Job("j", func(ctx context.Context, j *st.JobCtx) error {
			for w := range step {
				j.Write(w)
			}
			return nil
		})
		if c.Button("Start") {
			job.Start()
		}
		c.Text("out:" + job.Status().Output + ":" + job.Status().State)
	}
	srv, ts := testServer(t, app)
	defer srv.jobs.Close(context.Background())
	open := func(id string) *browser {
		h := http.Header{"Origin": {ts.URL}, "Cookie": {browserCookie + "=" + id}}
		ws, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(ts.URL, "http")+"/_gost/stream", h)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { ws.Close() })
		b := &browser{t, ws}
		b.hello("", nil)
		return b
	}
	waitFor := func(b *browser, text string) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for time.Now().Before(deadline) {
			if m := b.read(); strings.Contains(string(m.raw), text) {
				return
			}
		}
		t.Fatalf("no message with %q", text)
	}
	mine, theirs := strings.Repeat("a", 32), strings.Repeat("b", 32)
	first := open(mine)
	first.until("done")
	first.send(map[string]any{"t": "rerun", "widgets": map[string]any{}, "trigger": "button:Start"})
	step <- "hello "
	waitFor(first, "out:hello :running")
	first.ws.Close()
	step <- "world"
	second := open(mine)
	waitFor(second, "out:hello world:running")
	close(step)
	waitFor(second, "out:hello world:done")
	other := open(theirs)
	m := other.until("done")
	if !strings.Contains(string(m.raw), `out::`) {
		t.Errorf("another browser sees the job: %s", m.raw)
	}
}

func TestJobOwner(t *testing.T) {
	alice := script.User{LoggedIn: true, Provider: "google", Claims: map[string]any{"sub": "42"}, Key: "k1"}
	aliceElsewhere := alice
	aliceElsewhere.Key = "k2" // another browser's login of the same user
	tests := []struct {
		name             string
		u                script.User
		browser, session string
		want             string
	}{
		{"logged in: the user, whatever the browser", alice, "b1", "s1", "user:google:42"},
		{"the same user in another browser", aliceElsewhere, "b2", "s2", "user:google:42"},
		{"a login without sub: that login", script.User{LoggedIn: true, Key: "k3"}, "b1", "s1", "login:k3"},
		{"no login: the browser", script.User{}, "b1", "s1", "browser:b1"},
		{"no login, no cookie: the tab's session", script.User{}, "", "s1", "session:s1"},
	}
	for _, tt := range tests {
		if got := jobOwner(tt.u, tt.browser, tt.session); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestDrainedProcessWaitsForItsJobs: under gost run, a replaced process
// whose last tab has gone stays until its users' jobs end.
func TestDrainedProcessWaitsForItsJobs(t *testing.T) {
	s := serveSupervised(t, counterApp, t.TempDir())
	release := make(chan struct{})
	if _, err := s.srv.jobs.Start("browser:x", "slow", func(ctx context.Context, j *jobs.Job) error {
		<-release
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	s.send(t, devloop.Msg{T: devloop.CtlNewVersion})
	select {
	case <-s.exited:
		t.Fatal("the replaced process ended while a job ran")
	case <-time.After(1500 * time.Millisecond):
	}
	close(release)
	select {
	case <-s.exited:
	case <-time.After(10 * time.Second):
		t.Fatal("the replaced process did not end after its last job")
	}
}
