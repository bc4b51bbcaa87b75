package main

import (
	"fmt"
	"testing"
	"time"

	"github.com/gost-dev/gost/internal/browsertest"
	"github.com/gost-dev/gost/st"
)

// workApp is App with something to do once logged in.
func workApp(st *st.Ctx) {
	if !st.User().IsLoggedIn {
		loginScreen(st)
		return
	}
	st.Header(fmt.Sprintf("Welcome, %s!", st.User().Name))
	n := st.SessionState()
	if st.Button("Work") {
		n.Set("clicks", n.Int("clicks")+1)
	}
	st.Text(fmt.Sprintf("Clicks: %d", n.Int("clicks")))
}

// serveIdle serves workApp with cookie_idle_timeout = 1m, the least it
// takes: the page is told to touch every 6 seconds of activity.
func serveIdle(t *testing.T) string {
	t.Helper()
	return serveAppWith(t, workApp, func(a map[string]any) { a["cookie_idle_timeout"] = "1m" })
}

// blips records the page's websockets and counts its touches, so the
// test can drop the connection as a network blip does.
const blips = `(() => {
  const W = window.WebSocket;
  window.__sockets = [];
  window.WebSocket = class extends W {
    constructor(...a) { super(...a); window.__sockets.push(this); }
  };
  window.__touches = 0;
  const f = window.fetch;
  window.fetch = (...a) => {
    if (String(a[0]).endsWith('/auth/touch')) window.__touches++;
    return f(...a);
  };
})();`

// TestWorkingInOneTabKeepsTheLogin: with cookie_idle_timeout = 1m, a user
// who clicks in one tab for longer than the timeout is still logged in
// when the tab reconnects (a network blip), with a touch per 6 seconds at
// most; a user who does nothing for as long is logged out at the same
// reconnect, told why, even though the page sends reruns by itself (script
// clicks, as a component on a timer would): only the user's own clicks and
// keys count. The two run side by side, in browsers of their own; the test
// lasts over a minute, the least cookie_idle_timeout allows.
func TestWorkingInOneTabKeepsTheLogin(t *testing.T) {
	t.Parallel()
	url := serveIdle(t)
	open := func(t *testing.T, email string) *browsertest.Page {
		p := browsertest.New(t)
		p.SetTimeout(30 * time.Second)
		p.BeforeScripts(blips)
		p.Open(url)
		p.Click("Log in with Microsoft")
		logIn(p, "Ada Lovelace", email)
		p.WaitText("Welcome, Ada Lovelace!")
		return p
	}
	// The reconnect comes when both logins are past the timeout.
	const past = 66 * time.Second
	blip := func(p *browsertest.Page) {
		p.Exec(`window.__sockets.at(-1).close()`)
		p.WaitFor("the reconnect's page", `__bt.recv.filter((m) => m.t === "session").length >= 2 && __bt.idle()`)
	}
	t.Run("active", func(t *testing.T) {
		t.Parallel()
		p := open(t, "ada@example.com")
		start := time.Now()
		clicks := 0
		for time.Since(start) < past {
			p.Click("Work")
			clicks++
			p.WaitText(fmt.Sprintf("Clicks: %d", clicks))
			time.Sleep(2 * time.Second)
		}
		touches := browsertest.Eval[int](p, `window.__touches`)
		if most := int(time.Since(start)/(6*time.Second)) + 1; touches < 5 || touches > most {
			t.Errorf("%d clicks over %v made %d touches; want at least 5 and at most one per 6 s (%d)", clicks, time.Since(start).Round(time.Second), touches, most)
		}
		blip(p)
		if !p.HasText("Welcome, Ada Lovelace!") || p.HasText("This app is private.") || p.HasText("inactivity") {
			t.Fatalf("a user working in one tab was logged out at the reconnect after %v (cookie_idle_timeout = 1m)", time.Since(start).Round(time.Second))
		}
		p.WaitText(fmt.Sprintf("Clicks: %d", clicks)) // the same session, resumed
	})
	t.Run("idle", func(t *testing.T) {
		t.Parallel()
		p := open(t, "grace@example.com")
		start := time.Now()
		clicks := 0
		for time.Since(start) < past {
			p.Exec(`__bt.button("Work").click()`) // no user activation
			clicks++
			p.WaitText(fmt.Sprintf("Clicks: %d", clicks))
			time.Sleep(3 * time.Second)
		}
		if n := browsertest.Eval[int](p, `window.__touches`); n != 0 {
			t.Errorf("a tab nobody used (but whose script clicked %d times) made %d touches", clicks, n)
		}
		blip(p)
		p.WaitText("This app is private.")
		p.WaitText("You were logged out after a period of inactivity.")
	})
}
