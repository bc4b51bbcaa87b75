package devprovider_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gost-dev/gost/runtime/auth/devprovider"
	"github.com/gost-dev/gost/runtime/auth/internal/logintest"
	"github.com/gost-dev/gost/st"
)

// tokenApp shows the access token st.User hands out, and the one
// User.AccessToken returns.
func tokenApp(st *st.Ctx) {
	u := st.User()
	if !u.IsLoggedIn {
		st.Header("This app is private.")
		st.Button("Log in", st.OnClick(st.Login))
		return
	}
	tok, err := u.AccessToken(context.Background())
	st.Text("token=" + u.Tokens.Access + ";")
	st.Text("fresh=" + tok + ";")
	if err != nil {
		st.Text("error=" + err.Error())
	}
	st.Button("Again")
}

var shownToken = regexp.MustCompile(`token=([^;"]*);`)

// newRefreshWorld is newLoginWorld with access tokens that live for
// lifetime, exposed, and the offline_access scope.
func newRefreshWorld(t *testing.T, lifetime time.Duration) (*loginWorld, *devprovider.Provider) {
	t.Helper()
	return startLoginWorld(t, tokenApp, devprovider.Options{AccessTokenLifetime: lifetime}, logintest.Offline)
}

func (w *loginWorld) loggedInTab(t *testing.T) (*browser, string) {
	tab, id := w.tab("")
	tab.Until("done")
	tab.Send(map[string]any{"t": "rerun", "trigger": "button:Log in"})
	w.logIn(tab.Until("redirect").URL, "Ada Lovelace", "ada@example.com")
	tab, _ = w.tab(id)
	done := string(tab.Until("done").Raw)
	m := shownToken.FindStringSubmatch(done)
	if m == nil || m[1] == "" {
		t.Fatalf("no access token on the page after login: %s", done)
	}
	return tab, m[1]
}

// TestUserTokenIsRefreshed: past half its lifetime, the token st.User
// hands out is a new one the provider accepts.
func TestUserTokenIsRefreshed(t *testing.T) {
	w, dev := newRefreshWorld(t, 3*time.Second)
	tab, first := w.loggedInTab(t)
	time.Sleep(1600 * time.Millisecond) // past half of 3 s: due
	tab.Send(map[string]any{"t": "rerun", "trigger": "button:Again"})
	done := string(tab.Until("done").Raw)
	m := shownToken.FindStringSubmatch(done)
	if m == nil || m[1] == "" || m[1] == first {
		t.Fatalf("st.User's token was not renewed: first %q, page %s", first, done)
	}
	if !logintest.Accepts(t, dev.Issuer()+"/userinfo", m[1]) {
		t.Errorf("the renewed token is refused by the provider")
	}
	if !strings.Contains(done, "fresh="+m[1]+";") {
		t.Errorf("User.AccessToken disagrees with Tokens.Access: %s", done)
	}
}

// TestProviderDownEndsLoginWithMessage: with the provider gone, the token
// is used until it expires; then the user is logged out with a message.
func TestProviderDownEndsLoginWithMessage(t *testing.T) {
	// expires_in and our clock have whole seconds: 6 s is an expiry 4 to
	// 5 s away, due 2.5 s before it.
	w, dev := newRefreshWorld(t, 6*time.Second)
	tab, first := w.loggedInTab(t)
	dev.Close()
	time.Sleep(3200 * time.Millisecond) // due, still valid
	tab.Send(map[string]any{"t": "rerun", "trigger": "button:Again"})
	// Only changes travel: an unchanged token means no op for its text.
	if done := string(tab.Until("done").Raw); strings.Contains(done, "private") || strings.Contains(done, "error=") ||
		(strings.Contains(done, "token=") && !strings.Contains(done, "token="+first+";")) {
		t.Fatalf("with the provider down the still-valid token was not kept: %s", done)
	}
	time.Sleep(2500 * time.Millisecond) // expired
	tab.Send(map[string]any{"t": "rerun", "trigger": "button:Again"})
	var notice string
	for {
		m := tab.Read()
		if m.T == "notice" {
			notice = string(m.Raw)
		}
		if m.T == "done" && strings.Contains(string(m.Raw), "This app is private.") {
			break
		}
	}
	if !strings.Contains(notice, "Your login has expired") {
		t.Errorf("no message for the ended login; notice %q", notice)
	}
}
