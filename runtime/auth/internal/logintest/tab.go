package logintest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// Tab is a tab of a browser on a gost app: a websocket client speaking
// the protocol (docs/protocol.md), like the frontend, with the browser's
// cookies. It is a copy of the one in runtime/server_test.go.
type Tab struct {
	t  *testing.T
	ws *websocket.Conn
}

// Msg is a message from the server. Raw is all of it, for assertions on
// what the page shows.
type Msg struct {
	T   string            `json:"t"`
	ID  string            `json:"id"`
	N   int64             `json:"n"`
	S   string            `json:"s"`
	URL string            `json:"url"`
	Ops []json.RawMessage `json:"ops"`
	Raw []byte            `json:"-"`
}

// OpenTab opens a websocket to the app at appURL the way a tab of the
// browser whose cookies jar holds would, says hello with session ("" for
// a new one), and returns the tab and the session id the server gave it.
// It closes when the test ends.
func OpenTab(t *testing.T, appURL string, jar http.CookieJar, session string) (*Tab, string) {
	t.Helper()
	u, err := url.Parse(appURL)
	if err != nil {
		t.Fatal(err)
	}
	h := http.Header{"Origin": {appURL}}
	for _, c := range jar.Cookies(u) {
		h.Add("Cookie", c.Name+"="+c.Value)
	}
	ws, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(appURL, "http")+"/_gost/stream", h)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	t.Cleanup(func() { ws.Close() })
	b := &Tab{t, ws}
	id := b.Hello(session, nil).ID
	return b, id
}

// Send sends v as JSON.
func (b *Tab) Send(v any) {
	b.t.Helper()
	if err := b.ws.WriteJSON(v); err != nil {
		b.t.Fatalf("send: %v", err)
	}
}

// Read returns the next message, failing after 10 seconds without one.
func (b *Tab) Read() Msg {
	b.t.Helper()
	b.ws.SetReadDeadline(time.Now().Add(10 * time.Second))
	_, data, err := b.ws.ReadMessage()
	if err != nil {
		b.t.Fatalf("read: %v", err)
	}
	var m Msg
	if err := json.Unmarshal(data, &m); err != nil {
		b.t.Fatalf("message is not JSON: %s", data)
	}
	m.Raw = data
	return m
}

// Until reads messages until one of type typ and returns it.
func (b *Tab) Until(typ string) Msg {
	b.t.Helper()
	for {
		if m := b.Read(); m.T == typ {
			return m
		}
	}
}

// Hello greets the server as a page that has just loaded, with the
// session to resume ("" for a new one) and widget values, and returns the
// server's session message.
func (b *Tab) Hello(session string, widgets map[string]any) Msg {
	b.t.Helper()
	b.Send(map[string]any{"t": "hello", "v": 1, "session": session, "widgets": widgets, "query": ""})
	return b.Until("session")
}
