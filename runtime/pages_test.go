package runtime

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/gost-dev/gost/internal/devloop"
	"github.com/gost-dev/gost/st"
)

func shellHome(st *st.Ctx) {
	st.Text("at home")
	if st.Button("Go") {
		st.SwitchPage("reports")
	}
}

func shellReports(st *st.Ctx) { st.Text("at reports") }

func shellApp(st *st.Ctx) {
	page := st.Navigation(
		st.Page(shellHome, st.PageTitle("Home")),
		st.Page(shellReports, st.PageTitle("Reports"), st.URLPath("reports"), st.PageIcon("📈")),
	)
	page.Run()
}

// readShell reads until the run's done and returns the shell's messages
// before it, by type, and the done.
func readShell(b *browser) (map[string]json.RawMessage, msg) {
	b.t.Helper()
	got := map[string]json.RawMessage{}
	for {
		m := b.read()
		switch m.T {
		case "done":
			return got, m
		case "query", "page_config", "theme":
			got[m.T] = m.raw
		}
	}
}

// A hello at a page's address runs that page; navigate moves; the app's
// switch comes back as a query message that pushes; the page config
// follows the page, and is sent again after every hello, since a new
// document has none.
func TestPagesOverTheWebsocket(t *testing.T) {
	_, ts := testServer(t, shellApp)
	b := dial(t, ts)
	b.send(map[string]any{"t": "hello", "v": 1, "session": "", "widgets": map[string]any{}, "query": "", "path": "reports"})
	id := b.until("session").ID
	shell, done := readShell(b)
	if !bytes.Contains(done.raw, []byte("at reports")) {
		t.Fatalf("a hello at /reports ran %s", done.raw)
	}
	if got := string(shell["page_config"]); !strings.Contains(got, `"title":"Reports"`) || !strings.Contains(got, `"icon":"📈"`) {
		t.Errorf("page_config %s, want the page's title and icon", got)
	}
	if shell["query"] != nil {
		t.Errorf("the address did not change, yet the server sent %s", shell["query"])
	}

	b.send(map[string]any{"t": "navigate", "path": "", "query": "a=1"})
	shell, done = readShell(b)
	if !bytes.Contains(done.raw, []byte("at home")) || !strings.Contains(string(shell["page_config"]), `"title":"Home"`) {
		t.Fatalf("navigate to the default page: %s, %s", shell["page_config"], done.raw)
	}
	b.send(map[string]any{"t": "rerun", "trigger": "shell_home|button:Go"}) // drawn by the page: its id says which (docs/protocol.md)
	shell, done = readShell(b)
	if got := string(shell["query"]); got != `{"t":"query","path":"reports","query":"","push":true}` {
		t.Errorf("st.SwitchPage sent %s, want the new address, pushed, without the query", got)
	}
	if !bytes.Contains(done.raw, []byte("at reports")) {
		t.Errorf("after the switch: %s", done.raw)
	}

	// A new document of the same tab (a reload) gets the config again.
	b.ws.Close()
	b = dial(t, ts)
	b.send(map[string]any{"t": "hello", "v": 1, "session": id, "widgets": map[string]any{}, "query": "", "path": "reports"})
	b.until("session")
	if shell, _ = readShell(b); shell["page_config"] == nil {
		t.Error("a hello of a known session at the same page got no page_config")
	}
}

func TestThemeAndClearCachesOverTheWebsocket(t *testing.T) {
	srv, ts := testServer(t, counterApp)
	var cleared atomic.Int32
	srv.SetCacheClearer(CacheClearerFunc(func() { cleared.Add(1) }))
	if err := srv.SetTheme(Theme{Base: "dark", PrimaryColor: "#ff8800"}); err != nil {
		t.Fatal(err)
	}
	b := dial(t, ts)
	b.hello("", nil)
	shell, _ := readShell(b)
	if got := string(shell["theme"]); got != `{"t":"theme","base":"dark","primaryColor":"#ff8800"}` {
		t.Errorf("theme message %s", got)
	}
	b.send(map[string]any{"t": "clear_caches"})
	b.send(map[string]any{"t": "rerun", "trigger": "button:Add"})
	b.until("done")
	if cleared.Load() != 1 {
		t.Errorf("clear_caches cleared %d times, want 1", cleared.Load())
	}
	// Through a proxy, the browser is another machine's: refused.
	h := http.Header{"Origin": {ts.URL}, "X-Forwarded-For": {"203.0.113.7"}}
	ws, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(ts.URL, "http")+"/_gost/stream", h)
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	far := &browser{t, ws}
	far.hello("", nil)
	// The first run first: a rerun sent before it starts joins it, and
	// only one run would be done.
	far.until("done")
	far.send(map[string]any{"t": "clear_caches"})
	far.send(map[string]any{"t": "rerun", "trigger": "button:Add"})
	far.until("done")
	if cleared.Load() != 1 {
		t.Errorf("a clear_caches from behind a proxy cleared the caches")
	}
	if err := srv.SetTheme(Theme{TextColor: "blackish"}); err == nil {
		t.Error("SetTheme took a colour name it does not know")
	}
}

// Every page's address serves the page, under the base path too, with a
// <base href> so its assets and stream are found from any address; assets
// and the server's own paths are not pages.
func TestEveryPageAddressServesThePage(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	for _, base := range []string{"", "tools/app"} {
		ts := httptest.NewServer(NewServer(counterApp, Options{BaseURLPath: base}, log))
		defer ts.Close()
		prefix := "/"
		if base != "" {
			prefix = "/" + base + "/"
		}
		for path, want := range map[string]int{
			"":               200,
			"reports":        200,
			"sales_2026":     200,
			"a/b":            200, // the page says it is not found, with the navigation
			"app.js":         200,
			"nope.js":        404,
			"_gost/whatever": 404,
		} {
			resp, err := http.Get(ts.URL + prefix + path)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != want {
				t.Errorf("GET %s%s: %d, want %d", prefix, path, resp.StatusCode, want)
				continue
			}
			if want == 200 && !strings.HasSuffix(path, ".js") && !bytes.Contains(body, []byte(`<base href="`+prefix+`">`)) {
				t.Errorf("GET %s%s: the page has no <base href=%q>", prefix, path, prefix)
			}
		}
	}
}

func TestReadTheme(t *testing.T) {
	for _, tc := range []struct {
		name, toml string
		want       Theme
		err        string
	}{
		{"none", "[server]\nrunOnSave = true\n", Theme{}, ""},
		{"streamlit's", "[theme]\nbase = \"dark\"\nprimaryColor = \"#F63366\"\nbackgroundColor = \"rgb(14, 17, 23)\"\nsecondaryBackgroundColor = \"#262730\"\ntextColor = \"hsl(0, 0%, 98%)\"\nfont = \"serif\"\nbaseRadius = \"0.75rem\"\n",
			Theme{Base: "dark", PrimaryColor: "#F63366", BackgroundColor: "rgb(14, 17, 23)", SecondaryBackgroundColor: "#262730", TextColor: "hsl(0, 0%, 98%)", Font: "serif", BaseRadius: "0.75rem"}, ""},
		{"not a colour", "[theme]\nprimaryColor = \"reddish\"\n", Theme{}, `[theme] primaryColor = "reddish" is not a colour`},
		{"named colour", "[theme]\nbackgroundColor = \"black\"\ntextColor = \"WhiteSmoke\"\n", Theme{BackgroundColor: "black", TextColor: "WhiteSmoke"}, ""},
		{"css injection", "[theme]\ntextColor = \"#fff; background: url(x)\"\n", Theme{}, `[theme] textColor = "#fff; background: url(x)" is not a colour`},
		{"base", "[theme]\nbase = \"blue\"\n", Theme{}, `[theme] base = "blue": want "light" or "dark"`},
		{"font", "[theme]\nfont = \"x; }\"\n", Theme{}, `[theme] font = "x; }"`},
		{"radius", "[theme]\nbaseRadius = \"huge\"\n", Theme{}, `[theme] baseRadius = "huge"`},
		{"bad toml", "[theme\n", Theme{}, "runtime: read "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.MkdirAll(filepath.Join(dir, ".streamlit"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, ".streamlit", "config.toml"), []byte(tc.toml), 0o644); err != nil {
				t.Fatal(err)
			}
			got, err := readTheme(dir, "")
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Errorf("error %v, want one saying %q", err, tc.err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Errorf("readTheme = %+v, %v; want %+v", got, err, tc.want)
			}
		})
	}
	// The app's .gost/config.toml goes over the user's ~/.streamlit one.
	home, app := t.TempDir(), t.TempDir()
	os.MkdirAll(filepath.Join(home, ".streamlit"), 0o755)
	os.MkdirAll(filepath.Join(app, ".gost"), 0o755)
	os.WriteFile(filepath.Join(home, ".streamlit", "config.toml"), []byte("[theme]\nbase = \"dark\"\nprimaryColor = \"#111111\"\n"), 0o644)
	os.WriteFile(filepath.Join(app, ".gost", "config.toml"), []byte("[theme]\nprimaryColor = \"#222222\"\n"), 0o644)
	if got, err := readTheme(app, home); err != nil || got != (Theme{Base: "dark", PrimaryColor: "#222222"}) {
		t.Errorf("layered: %+v, %v", got, err)
	}
}

// A [theme] value that is not a colour stops the app at start, with the
// file and the value in the message.
func TestServeRefusesABadTheme(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, ".streamlit"), 0o755)
	os.WriteFile(filepath.Join(dir, ".streamlit", "config.toml"), []byte("[theme]\nbackgroundColor = \"midnight\"\n"), 0o644)
	t.Setenv(devloop.AppDirEnv, dir)
	t.Setenv("HOME", t.TempDir())
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	err = Serve(ctx, counterApp, Options{Address: "127.0.0.1", Port: port, Headless: true})
	if err == nil || !strings.Contains(err.Error(), `[theme] backgroundColor = "midnight" is not a colour`) || !strings.Contains(err.Error(), "config.toml") {
		t.Errorf("Serve = %v, want the bad colour and its file", err)
	}
	if errors.Is(err, context.DeadlineExceeded) {
		t.Error("Serve served instead of refusing")
	}
}

// config.toml's [client] showSidebarNavigation = false hides the
// navigation; the pages still work.
func TestShowSidebarNavigationFalseHidesTheNavigation(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, ".gost"), 0o755)
	os.WriteFile(filepath.Join(dir, ".gost", "config.toml"), []byte("[client]\nshowSidebarNavigation = false\n"), 0o644)
	t.Setenv(devloop.AppDirEnv, dir)
	t.Setenv("HOME", t.TempDir())
	srv, ts := testServer(t, shellApp)
	for _, hide := range []bool{false, true} {
		if hide {
			cfg, err := loadSettings(appDir(), home(), nil, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			if err := srv.applyTheme(cfg); err != nil {
				t.Fatal(err)
			}
		}
		b := dial(t, ts)
		b.send(map[string]any{"t": "hello", "v": 1, "session": "", "widgets": map[string]any{}, "query": "", "path": "reports"})
		done := b.until("done")
		if !bytes.Contains(done.raw, []byte("at reports")) {
			t.Fatalf("hide=%v: %s", hide, done.raw)
		}
		if drawn := bytes.Contains(done.raw, []byte(`"k":"nav"`)); drawn == hide {
			t.Errorf("showSidebarNavigation = %v: the navigation is drawn: %v", !hide, drawn)
		}
	}
}

// Without a CacheClearer of its own, the app menu's "Clear caches" clears
// the app's st.CacheData and st.CacheResource caches: the next call runs
// the loader again.
func TestClearCachesClearsTheAppsCaches(t *testing.T) {
	var loads atomic.Int32
	squares := st.CacheData(func(_ context.Context, n int) (int, error) {
		loads.Add(1)
		return n * n, nil
	})
	app := func(st *st.Ctx) {
		v, _ := squares.Get(context.Background(), 7)
		st.Text(fmt.Sprint("square=", v))
		st.Button("Again")
	}
	_, ts := testServer(t, app)
	b := dial(t, ts)
	b.hello("", nil)
	b.until("done")
	b.send(map[string]any{"t": "rerun", "trigger": "button:Again"})
	b.until("done")
	if got := loads.Load(); got != 1 {
		t.Fatalf("the loader ran %d times in two runs, want 1 (cached)", got)
	}
	b.send(map[string]any{"t": "clear_caches"})
	b.send(map[string]any{"t": "rerun", "trigger": "button:Again"})
	b.until("done")
	if got := loads.Load(); got != 2 {
		t.Errorf("after Clear caches the loader ran %d times in all, want 2", got)
	}
}
