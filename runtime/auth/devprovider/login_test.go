package devprovider_test

// These are runtime's tests of a login over the websocket, against this
// provider. They lived in runtime/login_test.go; they are here because this
// package is a module of its own (see its go.mod), so that its OpenID library
// stays out of the module graph of every app that imports gost, and a test
// in the gost module cannot import it.

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/gost-dev/gost/runtime"
	"github.com/gost-dev/gost/runtime/auth"
	"github.com/gost-dev/gost/runtime/auth/devprovider"
	"github.com/gost-dev/gost/runtime/auth/internal/logintest"
	"github.com/gost-dev/gost/st"
)

// tutorialApp is examples/auth: the app of Streamlit's Entra tutorial.
func tutorialApp(st *st.Ctx) {
	if !st.User().IsLoggedIn {
		st.Header("This app is private.")
		st.Subheader("Please log in.")
		st.Button("Log in with Microsoft", st.OnClick(st.Login))
	} else {
		st.Header(fmt.Sprintf("Welcome, %s!", st.User().Name))
		st.Button("Log out", st.OnClick(st.Logout))
	}
}

// loginWorld is an app with login configured against the development
// provider, and a browser (an HTTP client with a cookie jar) to use it.
type loginWorld struct {
	t      *testing.T
	ts     *httptest.Server
	srv    *runtime.Server
	client *http.Client
	// secrets are the ones srv was given, to give them again.
	secrets *auth.Secrets
}

func newLoginWorld(t *testing.T, app func(*st.Ctx)) *loginWorld {
	t.Helper()
	w, _ := startLoginWorld(t, app, devprovider.Options{}, nil)
	return w
}

// startLoginWorld is newLoginWorld with a provider started with opts, and
// the app's [auth] changed by edit, if not nil, before the app gets it.
func startLoginWorld(t *testing.T, app func(*st.Ctx), opts devprovider.Options, edit func(auth map[string]any)) (*loginWorld, *devprovider.Provider) {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	opts.Logger = log
	dev, err := devprovider.Start(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { dev.Close() })
	srv := runtime.NewServer(app, runtime.Options{}, log)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	secrets := dev.SecretsFor(ts.URL + "/oauth2callback")
	if edit != nil {
		a := secrets.Raw["auth"].(map[string]any)
		edit(a)
		secrets = auth.NewSecrets(map[string]any{"auth": a}, "test")
	}
	srv.SetSecrets(secrets, nil, 0)
	jar, _ := cookiejar.New(nil)
	return &loginWorld{t: t, ts: ts, srv: srv, client: &http.Client{Jar: jar}, secrets: secrets}, dev
}

// tab opens a websocket the way a tab of the browser would: with its cookies.
func (w *loginWorld) tab(session string) (*browser, string) {
	w.t.Helper()
	return logintest.OpenTab(w.t, w.ts.URL, w.client.Jar, session)
}

var formID = regexp.MustCompile(`name="id" value="([^"]+)"`)

// logIn follows a login redirect through the development provider's form.
func (w *loginWorld) logIn(loginURL, name, email string) *http.Response {
	w.t.Helper()
	resp, err := w.client.Get(loginURL)
	if err != nil {
		w.t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := formID.FindSubmatch(page)
	if m == nil {
		w.t.Fatalf("no login form at %s: %s", resp.Request.URL, page)
	}
	form := url.Values{"id": {string(m[1])}, "name": {name}, "email": {email}}
	resp, err = w.client.PostForm(resp.Request.URL.Scheme+"://"+resp.Request.URL.Host+"/login", form)
	if err != nil {
		w.t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

func TestLoginLogoutFlowOverWebsocket(t *testing.T) {
	w := newLoginWorld(t, tutorialApp)
	tab, id := w.tab("")
	if done := tab.Until("done"); !strings.Contains(string(done.Raw), "This app is private.") {
		t.Fatalf("first page is not the login screen: %s", done.Raw)
	}
	tab.Send(map[string]any{"t": "rerun", "trigger": "button:Log in with Microsoft"})
	redirect := tab.Until("redirect")
	resp := w.logIn(redirect.URL, "Ada Lovelace", "ada@example.com")
	if resp.Request.URL.Path != "/" || resp.StatusCode != 200 {
		t.Fatalf("the login did not land back on the app: %d %s", resp.StatusCode, resp.Request.URL)
	}

	// The page loads again after the login and resumes its session.
	tab, id2 := w.tab(id)
	if id2 != id {
		t.Errorf("logging in lost the session: %s, then %s", id, id2)
	}
	if done := tab.Until("done"); !strings.Contains(string(done.Raw), "Welcome, Ada Lovelace!") {
		t.Fatalf("after login the page is %s", done.Raw)
	}
	other, _ := w.tab("") // a second tab of the same browser
	if done := other.Until("done"); !strings.Contains(string(done.Raw), "Welcome, Ada Lovelace!") {
		t.Fatalf("the second tab is not logged in: %s", done.Raw)
	}

	tab.Send(map[string]any{"t": "rerun", "trigger": "button:Log out"})
	logout := tab.Until("redirect")
	resp, err := w.client.Get(logout.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Request.URL.Host != strings.TrimPrefix(w.ts.URL, "http://") {
		t.Errorf("logout ended at %s, not back on the app", resp.Request.URL)
	}
	// The other tab shows the login screen without a reload: the server
	// pushes it.
	if done := other.Until("done"); !strings.Contains(string(done.Raw), "This app is private.") {
		t.Errorf("the other tab did not log out: %s", done.Raw)
	}
	again, _ := w.tab(id)
	if done := again.Until("done"); !strings.Contains(string(done.Raw), "This app is private.") {
		t.Errorf("after logout a reload shows %s", done.Raw)
	}
}

func TestLoginFailureIsShownOnThePage(t *testing.T) {
	w := newLoginWorld(t, tutorialApp)
	tab, _ := w.tab("")
	tab.Until("done")
	tab.Send(map[string]any{"t": "rerun", "trigger": "button:Log in with Microsoft"})
	loginURL := tab.Until("redirect").URL
	// Start the login, then come back to the callback with a forged state:
	// as a replayed or stale callback would.
	resp, err := w.client.Get(loginURL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	resp, err = w.client.Get(w.ts.URL + "/oauth2callback?code=x&state=forged")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	tab, _ = w.tab("")
	for {
		m := tab.Read()
		if m.T == "notice" {
			if !strings.Contains(string(m.Raw), "Please log in again") {
				t.Errorf("notice %s", m.Raw)
			}
			break
		}
		if m.T == "done" {
			t.Fatalf("no notice of the failed login before the page")
		}
	}
	if done := tab.Until("done"); !strings.Contains(string(done.Raw), "Log in with Microsoft") {
		t.Errorf("the login button is not offered again: %s", done.Raw)
	}
}

func TestWriteUserShowsEveryClaim(t *testing.T) {
	w := newLoginWorld(t, func(st *st.Ctx) {
		if !st.User().IsLoggedIn {
			st.Button("Log in", st.OnClick(st.Login))
			return
		}
		st.Write(st.User())
	})
	tab, id := w.tab("")
	tab.Until("done")
	tab.Send(map[string]any{"t": "rerun", "trigger": "button:Log in"})
	w.logIn(tab.Until("redirect").URL, "Ada Lovelace", "ada@example.com")
	tab, _ = w.tab(id)
	page := string(tab.Until("done").Raw)
	for _, want := range []string{`"is_logged_in":true`, `"email":"ada@example.com"`, `"name":"Ada Lovelace"`, `"sub":`, `"iss":`} {
		if !strings.Contains(page, want) {
			t.Errorf("st.Write(st.User()) lacks %s: %s", want, page)
		}
	}
}

// downloadURL is what the browser resolves a download button's url
// against: the page. urlIn and get are copies of runtime/download_test.go's.
var downloadURL = regexp.MustCompile(`"url":"(_gost/download/[0-9a-f]+)"`)

// urlIn returns the download url in a run's message, failing without one.
func urlIn(t *testing.T, m msg) string {
	t.Helper()
	u := downloadURL.FindSubmatch(m.Raw)
	if u == nil {
		t.Fatalf("no download url in %s", m.Raw)
	}
	return string(u[1])
}

func get(t *testing.T, client *http.Client, url string) (*http.Response, []byte) {
	t.Helper()
	resp, err := client.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, body
}

func TestDownloadOfALoginIsNotServedToAnotherBrowser(t *testing.T) {
	w := newLoginWorld(t, func(st *st.Ctx) {
		if !st.User().IsLoggedIn {
			st.Button("Log in", st.OnClick(st.Login))
			return
		}
		st.DownloadButton("Payslip", []byte(fmt.Sprint("for ", st.User().Name)), "payslip.txt")
	})
	tab, id := w.tab("")
	tab.Until("done")
	tab.Send(map[string]any{"t": "rerun", "trigger": "button:Log in"})
	w.logIn(tab.Until("redirect").URL, "Ada Lovelace", "ada@example.com")
	tab, _ = w.tab(id)
	url := w.ts.URL + "/" + urlIn(t, tab.Until("done"))

	if resp, body := get(t, w.client, url); resp.StatusCode != 200 || string(body) != "for Ada Lovelace" {
		t.Fatalf("Ada's own browser: %d %q", resp.StatusCode, body)
	}
	// Another browser with the link: no cookies, or another login's.
	if resp, _ := get(t, http.DefaultClient, url); resp.StatusCode != 404 {
		t.Errorf("a browser without Ada's cookies: %d, want 404", resp.StatusCode)
	}
	jar, _ := cookiejar.New(nil)
	bob := *w
	bob.client = &http.Client{Jar: jar}
	bobTab, _ := bob.tab("")
	bobTab.Until("done")
	bobTab.Send(map[string]any{"t": "rerun", "trigger": "button:Log in"})
	bob.logIn(bobTab.Until("redirect").URL, "Bob", "bob@example.com")
	if resp, _ := get(t, bob.client, url); resp.StatusCode != 404 {
		t.Errorf("Bob's browser, logged in: %d, want 404", resp.StatusCode)
	}
}

// An upload to a logged-in session needs that login's cookie: a browser
// that learnt the session's id gets nowhere without it, nor with another
// login's.
func TestUploadToALoginNeedsItsCookie(t *testing.T) {
	w := newLoginWorld(t, func(st *st.Ctx) {
		if !st.User().IsLoggedIn {
			st.Button("Log in", st.OnClick(st.Login))
			return
		}
		st.FileUploader("Payslip")
	})
	tab, id := w.tab("")
	tab.Until("done")
	tab.Send(map[string]any{"t": "rerun", "trigger": "button:Log in"})
	w.logIn(tab.Until("redirect").URL, "Ada Lovelace", "ada@example.com")
	tab, id = w.tab(id)
	tab.Until("done")
	to := w.ts.URL + "/_gost/upload/" + id + "/" + url.PathEscape("file_uploader:Payslip") + "?name=p.txt"
	upload := func(c *http.Client) int {
		req, _ := http.NewRequest("POST", to, strings.NewReader("pay"))
		req.Header.Set("Origin", w.ts.URL)
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := upload(w.client); got != 200 {
		t.Fatalf("Ada's own browser: %d, want 200", got)
	}
	if got := upload(http.DefaultClient); got != 404 {
		t.Errorf("a browser without Ada's cookies: %d, want 404", got)
	}
	jar, _ := cookiejar.New(nil)
	bob := *w
	bob.client = &http.Client{Jar: jar}
	bobTab, _ := bob.tab("")
	bobTab.Until("done")
	bobTab.Send(map[string]any{"t": "rerun", "trigger": "button:Log in"})
	bob.logIn(bobTab.Until("redirect").URL, "Bob", "bob@example.com")
	if got := upload(bob.client); got != 404 {
		t.Errorf("Bob's browser, logged in: %d, want 404", got)
	}
}
