package devprovider_test

import (
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"testing"

	"github.com/gost-dev/gost/st"
)

func everywhereApp(st *st.Ctx) {
	if !st.User().IsLoggedIn {
		st.Header("This app is private.")
		st.Button("Log in", st.OnClick(st.Login))
		return
	}
	st.Header(fmt.Sprintf("Welcome, %s!", st.User().Name))
	st.Button("Log out everywhere", st.OnClick(st.LogoutEverywhere))
}

// TestLogoutEverywhereOverWebsocket: Ada logs in from two browsers and
// Grace from a third; Ada's "log out everywhere" in the first logs her
// second browser out at once, with a message, and after a reload too,
// while Grace stays logged in.
func TestLogoutEverywhereOverWebsocket(t *testing.T) {
	w := newLoginWorld(t, everywhereApp)
	login := func(name, email string) (*loginWorld, *browser, string) {
		jar, _ := cookiejar.New(nil)
		bw := &loginWorld{t: t, ts: w.ts, srv: w.srv, client: &http.Client{Jar: jar}}
		tab, id := bw.tab("")
		tab.Until("done")
		tab.Send(map[string]any{"t": "rerun", "trigger": "button:Log in"})
		bw.logIn(tab.Until("redirect").URL, name, email)
		tab, id = bw.tab(id)
		if done := tab.Until("done"); !strings.Contains(string(done.Raw), "Welcome, "+name) {
			t.Fatalf("%s is not logged in: %s", name, done.Raw)
		}
		return bw, tab, id
	}
	_, ada1, _ := login("Ada Lovelace", "ada@example.com")
	ada2World, ada2, _ := login("Ada Lovelace", "ada@example.com")
	graceWorld, _, _ := login("Grace Hopper", "grace@example.com")

	ada1.Send(map[string]any{"t": "rerun", "trigger": "button:Log out everywhere"})
	ada1.Until("redirect")

	var notice string
	for {
		m := ada2.Read()
		if m.T == "notice" {
			notice = string(m.Raw)
		}
		if m.T == "done" {
			if !strings.Contains(string(m.Raw), "This app is private.") {
				t.Fatalf("Ada's other browser still shows %s", m.Raw)
			}
			break
		}
	}
	if !strings.Contains(notice, "logged out on all your devices") {
		t.Errorf("Ada's other browser got no message, notice %q", notice)
	}
	again, _ := ada2World.tab("")
	if done := again.Until("done"); !strings.Contains(string(done.Raw), "This app is private.") {
		t.Errorf("Ada's other browser is logged in again after a reload: %s", done.Raw)
	}
	// Editing secrets.toml replaces the login layer, not the revocations.
	w.srv.SetSecrets(w.secrets, nil, 0)
	afterReload, _ := ada2World.tab("")
	if done := afterReload.Until("done"); !strings.Contains(string(done.Raw), "This app is private.") {
		t.Errorf("Ada's other browser is logged in again after secrets were reloaded: %s", done.Raw)
	}
	grace, _ := graceWorld.tab("")
	if done := grace.Until("done"); !strings.Contains(string(done.Raw), "Welcome, Grace Hopper!") {
		t.Errorf("Grace was logged out by Ada's log out everywhere: %s", done.Raw)
	}
}
