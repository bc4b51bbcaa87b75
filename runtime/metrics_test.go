package runtime

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/gost-dev/gost/runtime/auth"
	"github.com/gost-dev/gost/runtime/auth/authtest"
)

// sample is one line of the text exposition format: a name, optional
// labels, a value.
var sample = regexp.MustCompile(`^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[a-zA-Z_][a-zA-Z0-9_]*="[^"]*"(?:,[a-zA-Z_][a-zA-Z0-9_]*="[^"]*")*\})? (\S+)$`)

// parseMetrics reads the text format strictly: every sample belongs to a
// family announced by # HELP and # TYPE before it, each family once. It
// returns the values by name and labels as written.
func parseMetrics(t *testing.T, text string) map[string]float64 {
	t.Helper()
	values := map[string]float64{}
	types := map[string]string{}
	helps := map[string]bool{}
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		line := sc.Text()
		if f, ok := strings.CutPrefix(line, "# HELP "); ok {
			name, help, _ := strings.Cut(f, " ")
			if helps[name] || help == "" {
				t.Errorf("HELP of %s twice or empty: %q", name, line)
			}
			helps[name] = true
			continue
		}
		if f, ok := strings.CutPrefix(line, "# TYPE "); ok {
			name, typ, _ := strings.Cut(f, " ")
			if _, dup := types[name]; dup || !helps[name] {
				t.Errorf("TYPE of %s twice or before its HELP", name)
			}
			switch typ {
			case "counter", "gauge", "histogram":
			default:
				t.Errorf("TYPE of %s: %q", name, typ)
			}
			types[name] = typ
			continue
		}
		m := sample.FindStringSubmatch(line)
		if m == nil {
			t.Errorf("not a sample line: %q", line)
			continue
		}
		family := m[1]
		if types[family] == "" {
			family = regexp.MustCompile(`_(bucket|sum|count)$`).ReplaceAllString(family, "")
			if types[family] != "histogram" {
				t.Errorf("sample %s before its family's TYPE", m[1])
			}
		}
		if types[family] == "counter" && !strings.HasSuffix(family, "_total") {
			t.Errorf("counter %s does not end in _total", family)
		}
		v, err := strconv.ParseFloat(m[3], 64)
		if err != nil {
			t.Errorf("value of %q: %v", line, err)
		}
		key := m[1] + m[2]
		if _, dup := values[key]; dup {
			t.Errorf("sample %s twice", key)
		}
		values[key] = v
	}
	return values
}

// TestMetricsAfterRuns uses the app as users do (runs, a reconnect, a
// login that succeeds and one that fails), scrapes /metrics on its own
// listener, and checks each number against what happened.
func TestMetricsAfterRuns(t *testing.T) {
	t.Parallel()
	p := authtest.NewServer(t, authtest.Options{})
	srv, ts := testServer(t, tutorialApp)
	srv.SetSecrets(auth.NewSecrets(map[string]any{"auth": map[string]any{
		"redirect_uri": ts.URL + "/oauth2callback", "cookie_secret": "0123456789abcdef0123456789abcdef",
		"client_id": p.ClientID, "client_secret": p.ClientSecret, "server_metadata_url": p.MetadataURL,
	}}, "test"), nil, 0)
	l, err := srv.serveMetricsOn("127.0.0.1:0", srv.log)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()

	var sentByTest, readByTest int
	send := func(ws *websocket.Conn, v any) {
		data, _ := json.Marshal(v)
		sentByTest += len(data)
		if err := ws.WriteMessage(websocket.TextMessage, data); err != nil {
			t.Fatal(err)
		}
	}
	until := func(ws *websocket.Conn, typ string) msg {
		for {
			ws.SetReadDeadline(time.Now().Add(10 * time.Second))
			_, data, err := ws.ReadMessage()
			if err != nil {
				t.Fatal(err)
			}
			readByTest += len(data)
			var m msg
			json.Unmarshal(data, &m)
			if m.T == typ {
				m.raw = data
				return m
			}
		}
	}
	tab := dial(t, ts)
	send(tab.ws, map[string]any{"t": "hello", "v": 1, "session": "", "query": ""})
	id := until(tab.ws, "session").ID
	until(tab.ws, "done")
	for range 3 {
		send(tab.ws, map[string]any{"t": "rerun", "trigger": "button:Nothing there"})
		until(tab.ws, "done")
	}
	tab.ws.Close()
	again := dial(t, ts) // the tab comes back: a reconnect
	send(again.ws, map[string]any{"t": "hello", "v": 1, "session": id, "query": ""})
	until(again.ws, "done")
	send(again.ws, map[string]any{"t": "rerun", "trigger": "button:Log in with Microsoft"})
	login := until(again.ws, "redirect").URL

	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar}
	resp, err := browser.Get(login) // the provider approves at once, and sends the browser back
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	app, _ := url.Parse(ts.URL)
	if !strings.Contains(cookieNames(jar.Cookies(app)), "gost") {
		t.Fatalf("the login set no identity cookie: %v", jar.Cookies(app))
	}
	resp, err = browser.Get(ts.URL + "/oauth2callback?code=x&state=forged")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()

	resp, err = http.Get("http://" + l.Addr().String() + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain; version=0.0.4") {
		t.Errorf("Content-Type %q, want the text format's", ct)
	}
	m := parseMetrics(t, string(body))
	runs := m[`gost_runs_total{outcome="ok"}`]
	for _, test := range []struct {
		name string
		ok   bool
	}{
		{"gost_sessions 1", m["gost_sessions"] == 1},
		{"gost_websockets 1 (the tab that came back)", m["gost_websockets"] == 1},
		{"gost_ready 1", m["gost_ready"] == 1},
		// hello, 3 reruns, the hello again, the login click
		{"6 runs ok", runs == 6},
		{"histogram count = runs", m["gost_run_duration_seconds_count"] == runs+m[`gost_runs_total{outcome="error"}`]+m[`gost_runs_total{outcome="stopped"}`]+m[`gost_runs_total{outcome="rerun"}`]+m[`gost_runs_total{outcome="superseded"}`]},
		{"+Inf bucket = count", m[`gost_run_duration_seconds_bucket{le="+Inf"}`] == m["gost_run_duration_seconds_count"]},
		{"run time sum > 0", m["gost_run_duration_seconds_sum"] > 0},
		{"bytes received = bytes the test sent", m["gost_websocket_received_bytes_total"] == float64(sentByTest)},
		{"bytes sent ≥ bytes the test read", m["gost_websocket_sent_bytes_total"] >= float64(readByTest) && readByTest > 0},
		{"1 reconnect", m["gost_reconnects_total"] == 1},
		{"1 login success", m[`gost_logins_total{result="success"}`] == 1},
		{"1 login failure", m[`gost_logins_total{result="failure"}`] == 1},
		{"0 store errors", m["gost_store_errors_total"] == 0},
	} {
		if !test.ok {
			t.Errorf("want %s; scraped:\n%s", test.name, body)
		}
	}
	prev := 0.0
	for _, le := range runBuckets {
		v, ok := m[`gost_run_duration_seconds_bucket{le="`+num(le)+`"}`]
		if !ok || v < prev {
			t.Errorf("bucket le=%v: %v (present %v), after %v: want cumulative", le, v, ok, prev)
		}
		prev = v
	}

	// The app's own port does not serve them: users reach it.
	resp, err = http.Get(ts.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if strings.Contains(string(page), "gost_runs_total") {
		t.Errorf("the app's port serves the metrics")
	}
}

func cookieNames(cs []*http.Cookie) string {
	var names []string
	for _, c := range cs {
		names = append(names, c.Name)
	}
	return strings.Join(names, " ")
}
