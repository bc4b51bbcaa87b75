package runtime

import (
	"fmt"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gorilla/websocket"
	"github.com/gost-dev/gost/internal/markdown"
	"github.com/gost-dev/gost/internal/syncbuf"
)

func widgetValues(n int, prefix string, v any) map[string]any {
	m := make(map[string]any, n)
	for i := range n {
		m[fmt.Sprintf("%s%d", prefix, i)] = v
	}
	return m
}

// A message with more widget values than any page has closes its
// connection with 1009 and a warning; one at the bound is served; and the
// session stays, for the tab to reconnect to.
func TestTooManyWidgetValuesCloseTheConnection(t *testing.T) {
	var logs syncbuf.Buffer
	srv := NewServer(counterApp, Options{}, slog.New(slog.NewTextHandler(&logs, nil)))
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	b := dial(t, ts)
	id := b.hello("", nil).ID
	b.until("done")

	b.send(map[string]any{"t": "rerun", "widgets": widgetValues(maxWidgetValues, "x", 1)})
	b.until("done")

	b.send(map[string]any{"t": "rerun", "widgets": widgetValues(maxWidgetValues+1, "x", 1)})
	_, _, err := b.ws.ReadMessage()
	for err == nil {
		_, _, err = b.ws.ReadMessage()
	}
	if !websocket.IsCloseError(err, websocket.CloseMessageTooBig) {
		t.Errorf("over the bound: %v, want close 1009", err)
	}
	if !strings.Contains(logs.String(), "10001 widget values in one message") || !strings.Contains(logs.String(), "remote=127.0.0.1") {
		t.Errorf("the log does not say why, or from where:\n%s", logs.String())
	}
	again := dial(t, ts)
	if got := again.hello(id, nil).ID; got != id {
		t.Errorf("reconnect got session %s, want %s: the session went with the connection", got, id)
	}
}

// Values waiting for a run that does not end pile up across messages;
// admit bounds their number and their size, counting an id sent again
// once.
func TestAdmitBoundsWhatWaitsForARun(t *testing.T) {
	big := strings.Repeat("x", 600<<10)
	for _, test := range []struct {
		name    string
		pending map[string]any
		add     map[string]any
		ok      bool
	}{
		{"nothing waits", nil, widgetValues(maxWidgetValues, "a", true), true},
		{"count adds up", widgetValues(maxWidgetValues/2+1, "a", true), widgetValues(maxWidgetValues/2, "b", true), false},
		{"same ids replace", widgetValues(maxWidgetValues, "a", true), widgetValues(maxWidgetValues, "a", false), true},
		{"size adds up", widgetValues(13, "a", big), widgetValues(1, "b", big), false},
		{"size in lists and maps", widgetValues(13, "a", []any{map[string]any{"k": big}}), widgetValues(1, "b", []any{big}), false},
		{"under the size", widgetValues(12, "a", big), widgetValues(1, "b", big), true},
	} {
		t.Run(test.name, func(t *testing.T) {
			s := newSession("x", counterApp, nil, markdown.New(), slog.New(slog.DiscardHandler))
			if test.pending != nil {
				s.pending = &request{widgets: test.pending}
			}
			if err := s.admit(test.add); (err == nil) != test.ok {
				t.Errorf("admit: %v, want ok %v", err, test.ok)
			}
		})
	}
}
