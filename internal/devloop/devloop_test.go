package devloop

import (
	"errors"
	"io"
	"net"
	"os"
	"strings"
	"testing"
)

func TestInheritedEnv(t *testing.T) {
	for _, test := range []struct {
		name, value string
		unset       bool
		err         string // "" for none
	}{
		{name: "unset", unset: true},
		{name: "not a number", value: "three", err: `GOST_LISTENER_FD="three" is not a file descriptor`},
		{name: "negative", value: "-1", err: `GOST_LISTENER_FD="-1" is not a file descriptor`},
		{name: "empty", value: "", err: `GOST_LISTENER_FD="" is not a file descriptor`},
	} {
		t.Run(test.name, func(t *testing.T) {
			if test.unset {
				t.Setenv(ListenerFDEnv, "") // restored after the test
				unsetenv(t, ListenerFDEnv)
			} else {
				t.Setenv(ListenerFDEnv, test.value)
			}
			ln, err := Listener()
			if ln != nil {
				ln.Close()
				t.Fatal("got a listener")
			}
			if test.err == "" {
				if err != nil {
					t.Errorf("Listener() error = %v, want none", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), test.err) || !strings.HasPrefix(err.Error(), "devloop: ") {
				t.Errorf("Listener() error = %v, want devloop: ...%s", err, test.err)
			}
		})
	}
}

func TestOpenControlUnset(t *testing.T) {
	t.Setenv(ControlFDEnv, "")
	unsetenv(t, ControlFDEnv)
	if c, err := OpenControl(); c != nil || err != nil {
		t.Errorf("OpenControl() without %s = %v, %v; want nil, nil", ControlFDEnv, c, err)
	}
}

// TestControlRoundTrip sends every message both ways over a real pipe, one
// of them as large as a long compiler output.
func TestControlRoundTrip(t *testing.T) {
	a, b := net.Pipe()
	app, sup := NewControl(a), NewControl(b)
	long := strings.Repeat("app.go:3:1: syntax error\n", 100_000)
	sent := []Msg{
		{T: CtlSourceChanged}, {T: CtlBuildError, Text: long}, {T: CtlBuildOK},
		{T: CtlNewVersion}, {T: CtlSecretsChanged},
	}
	go func() {
		for _, m := range sent {
			sup.Send(m)
		}
		sup.Close()
	}()
	var got []Msg
	if err := app.Receive(func(m Msg) { got = append(got, m) }); err != nil && !errors.Is(err, io.EOF) {
		t.Fatal(err)
	}
	if len(got) != len(sent) {
		t.Fatalf("got %d messages, want %d", len(got), len(sent))
	}
	for i := range sent {
		if got[i] != sent[i] {
			t.Errorf("message %d: got %.40v, want %.40v", i, got[i], sent[i])
		}
	}
}

func TestControlMalformedLine(t *testing.T) {
	a, b := net.Pipe()
	go func() {
		b.Write([]byte("{\"t\":\"ready\"}\nnot json\n"))
		b.Close()
	}()
	var got []string
	err := NewControl(a).Receive(func(m Msg) { got = append(got, m.T) })
	if err == nil || !strings.HasPrefix(err.Error(), "devloop: control channel") {
		t.Errorf("Receive error = %v, want a devloop: control channel error", err)
	}
	if len(got) != 1 || got[0] != CtlReady {
		t.Errorf("got %q before the bad line, want [ready]", got)
	}
}

// unsetenv removes key for the rest of the test; a t.Setenv before it
// restores the old value afterwards.
func unsetenv(t *testing.T, key string) {
	t.Helper()
	if err := os.Unsetenv(key); err != nil {
		t.Fatal(err)
	}
}
