package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/gost-dev/gost/runtime/store"
	"github.com/gost-dev/gost/runtime/store/storetest"
)

func TestMemory(t *testing.T) {
	t.Parallel()
	storetest.Run(t, new(store.Memory))
}

func TestOpen(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		url, want, notWant string
	}{
		{"memory://", "", ""},
		{"redis://:hunter2@localhost:6379/0", `this binary has no Redis client`, "hunter2"},
		{"localhost:6379", `unknown scheme "localhost"`, ""},
		{"nosuch://x", `unknown scheme "nosuch" (known: memory://)`, ""},
		{"://:pw@x", "is not a URL", "pw"},
	} {
		s, err := store.Open(context.Background(), tc.url)
		if tc.want == "" {
			if err != nil {
				t.Errorf("Open(%q): %v", tc.url, err)
			} else {
				s.Close()
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Open(%q) = %v, want an error saying %q", tc.url, err, tc.want)
		}
		if err != nil && tc.notWant != "" && strings.Contains(err.Error(), tc.notWant) {
			t.Errorf("Open(%q)'s error shows the password: %v", tc.url, err)
		}
	}
}

func TestRedact(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"redis://:hunter2@redis:6379/0":    "redis://:xxxxx@redis:6379/0",
		"redis://user:hunter2@redis:6379/": "redis://user:xxxxx@redis:6379/",
		"redis://redis:6379/1":             "redis://redis:6379/1",
		"redis://%zz:pw@x":                 "(unreadable URL)",
	} {
		if got := store.Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRedactKeepsWhatHasNoPassword(t *testing.T) {
	t.Parallel()
	if got := store.Redact("127.0.0.1:6379"); got != "127.0.0.1:6379" {
		t.Errorf("Redact of a host:port = %q", got)
	}
}
