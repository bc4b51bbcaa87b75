package runtime

import (
	"bytes"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gost-dev/gost/internal/syncbuf"
	"github.com/gost-dev/gost/st"
)

// passwordGate is Streamlit's documented password gate: the app shows its
// secret once session state says the password was right.
func passwordGate(st *st.Ctx) {
	state := st.SessionState()
	if !state.Bool("password_correct") {
		st.TextInput("Password", st.Password(true), st.Key("password"), st.OnChange(func() {
			state.Set("password_correct", state.String("password") == "hunter2")
			state.Delete("password")
		}))
		if state.Has("password_correct") {
			st.Error("Password incorrect")
		}
		st.Stop()
	}
	st.Text("the secret")
}

// TestSessionStateCannotBeInjected is the attack of issue 14.1: one
// websocket message that names a session state key ("=" and the key) opened
// the gate without the password. Values for widgets not drawn are dropped
// and logged, in a hello as in a rerun.
func TestSessionStateCannotBeInjected(t *testing.T) {
	var log syncbuf.Buffer
	srv := NewServer(passwordGate, Options{}, slog.New(slog.NewTextHandler(&log, nil)))
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)

	// A new session's hello carries the page's values: only drawn widgets
	// take theirs.
	b := dial(t, ts)
	id := b.hello("", map[string]any{"=password_correct": true}).ID
	if done := b.until("done"); bytes.Contains(done.raw, []byte("the secret")) {
		t.Fatalf("a hello opened the gate: %s", done.raw)
	}
	for _, widgets := range []map[string]any{
		{"=password_correct": true},
		{"=password_correct": true, "=password": 1.0},
		{"text_input:Password": "hunter2"}, // keyed: its id is "=password"
	} {
		b.send(map[string]any{"t": "rerun", "widgets": widgets})
		if done := b.until("done"); bytes.Contains(done.raw, []byte("the secret")) {
			t.Fatalf("%v opened the gate: %s", widgets, done.raw)
		}
	}
	b.send(map[string]any{"t": "rerun", "widgets": map[string]any{"=password": "wrong"}})
	if done := b.until("done"); !bytes.Contains(done.raw, []byte("Password incorrect")) {
		t.Fatalf("a wrong password: %s", done.raw)
	}
	// A resumed session is no softer.
	b.ws.Close()
	b = dial(t, ts)
	b.hello(id, map[string]any{"=password_correct": true})
	if done := b.until("done"); bytes.Contains(done.raw, []byte("the secret")) {
		t.Fatalf("a resuming hello opened the gate: %s", done.raw)
	}
	b.send(map[string]any{"t": "rerun", "widgets": map[string]any{"=password": "hunter2"}})
	if done := b.until("done"); !bytes.Contains(done.raw, []byte("the secret")) {
		t.Fatalf("the right password did not open the gate: %s", done.raw)
	}
	if got := log.String(); !strings.Contains(got, "values from the browser dropped") || !strings.Contains(got, `\"=password_correct\": no such widget drawn`) {
		t.Errorf("the dropped values were not logged:\n%s", got)
	}
}

// TestDroppedValuesAreLoggedInSummary: a flood of values for widgets that
// do not exist costs a line per interval, not a line per value.
func TestDroppedValuesAreLoggedInSummary(t *testing.T) {
	var log syncbuf.Buffer
	srv := NewServer(counterApp, Options{}, slog.New(slog.NewTextHandler(&log, nil)))
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	b := dial(t, ts)
	b.hello("", nil)
	b.until("done")
	flood := map[string]any{}
	for i := range 1000 {
		flood["=k"+string(rune('a'+i%26))+strings.Repeat("x", i/26)] = true
	}
	for range 20 {
		b.send(map[string]any{"t": "rerun", "widgets": flood})
		b.until("done")
	}
	if n := strings.Count(log.String(), "values from the browser dropped"); n != 1 {
		t.Errorf("20 messages of 1000 unknown values logged %d lines, want 1:\n%s", n, log.String())
	}
	if !strings.Contains(log.String(), "count=1000") {
		t.Errorf("the line does not count the values dropped:\n%s", log.String())
	}
}
