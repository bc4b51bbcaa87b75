package redisstore_test

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gost-dev/gost/runtime/store"
	_ "github.com/gost-dev/gost/runtime/store/redisstore"
	"github.com/gost-dev/gost/runtime/store/redisstore/redistest"
	"github.com/gost-dev/gost/runtime/store/storetest"
)

// TestRedis runs the store's contract against a real redis-server.
func TestRedis(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	s, err := store.Open(context.Background(), srv.URL(0))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	storetest.Run(t, s)
}

// TestOpenRefused: a store that is down, or a URL that is wrong, is a
// clear error naming the URL without its password.
func TestOpenRefused(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	down := srv.Addr
	srv.Stop() // nothing listens there now
	for _, tc := range []struct{ url, want string }{
		{"redis://:hunter2@" + down + "/0", "redis://:xxxxx@" + down + "/0: redisstore: " + down + " does not answer"},
		{"redis://:hunter2@" + down + "/notadb", "redis://:xxxxx@" + down + "/notadb: redisstore: redis: invalid database number"},
		{"redis://:hunter2@no-such-host.invalid:6379/0", "does not answer"},
	} {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		s, err := store.Open(ctx, tc.url)
		cancel()
		if err == nil {
			s.Close()
			t.Errorf("Open(%q) succeeded, want an error", tc.url)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Open(%q) = %q, want it to say %q", tc.url, err, tc.want)
		}
		if strings.Contains(err.Error(), "hunter2") {
			t.Errorf("Open's error shows the password: %v", err)
		}
	}
}

// TestDownAndBack: commands fail while the server is down, and work again
// when it is back, subscriptions included, without reopening the store.
func TestDownAndBack(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	ctx := context.Background()
	s, err := store.Open(ctx, srv.URL(0))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var got atomic.Int64
	if err := s.Subscribe(ctx, "c", func([]byte) { got.Add(1) }); err != nil {
		t.Fatal(err)
	}
	srv.Stop()
	if err := s.Set(ctx, "k", []byte("v"), 0); err == nil {
		t.Fatal("Set succeeded with the server down")
	}
	srv.Restart(t)
	deadline := time.Now().Add(15 * time.Second)
	for {
		if err := s.Set(ctx, "k", []byte("v"), 0); err == nil {
			break
		} else if time.Now().After(deadline) {
			t.Fatalf("Set still fails with the server back: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	// The subscription comes back on its own: publish until it hears.
	for got.Load() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the subscription did not come back with the server")
		}
		if err := s.Publish(ctx, "c", []byte("x")); err != nil {
			t.Fatal(err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
