// Package storetest checks that an implementation of store.Store behaves
// as the interface says, so that the memory store and Redis are
// interchangeable under the server.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/gost-dev/gost/runtime/store"
)

// Run checks s. Keys are prefixed with t's name, so several runs may share
// one store.
func Run(t *testing.T, s store.Store) {
	ctx := context.Background()
	k := func(name string) string { return t.Name() + ":" + name }

	t.Run("get absent", func(t *testing.T) {
		if _, err := s.Get(ctx, k("absent")); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("Get of an absent key: %v, want ErrNotFound", err)
		}
	})
	t.Run("set get", func(t *testing.T) {
		if err := s.Set(ctx, k("a"), []byte("one\x00two"), 0); err != nil {
			t.Fatal(err)
		}
		got, err := s.Get(ctx, k("a"))
		if err != nil || string(got) != "one\x00two" {
			t.Fatalf("Get = %q, %v; want what Set wrote", got, err)
		}
	})
	t.Run("expiry", func(t *testing.T) {
		if err := s.Set(ctx, k("short"), []byte("x"), 100*time.Millisecond); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Get(ctx, k("short")); err != nil {
			t.Fatalf("Get before expiry: %v", err)
		}
		time.Sleep(250 * time.Millisecond)
		if _, err := s.Get(ctx, k("short")); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("Get after expiry: %v, want ErrNotFound", err)
		}
	})
	t.Run("incr", func(t *testing.T) {
		for want := int64(1); want <= 3; want++ {
			n, err := s.Incr(ctx, k("n"))
			if err != nil || n != want {
				t.Fatalf("Incr = %d, %v; want %d", n, err, want)
			}
		}
		b, err := s.Get(ctx, k("n"))
		if err != nil || string(b) != strconv.Itoa(3) {
			t.Fatalf("Get of a counter = %q, %v; want 3", b, err)
		}
	})
	t.Run("publish subscribe", func(t *testing.T) {
		sctx, cancel := context.WithCancel(ctx)
		var mu sync.Mutex
		var got []string
		ch := make(chan struct{}, 10)
		if err := s.Subscribe(sctx, k("chan"), func(msg []byte) {
			mu.Lock()
			got = append(got, string(msg))
			mu.Unlock()
			ch <- struct{}{}
		}); err != nil {
			t.Fatal(err)
		}
		for i := range 2 {
			if err := s.Publish(ctx, k("chan"), fmt.Appendf(nil, "m%d", i)); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.Publish(ctx, k("other"), []byte("not for us")); err != nil {
			t.Fatal(err)
		}
		for range 2 {
			select {
			case <-ch:
			case <-time.After(5 * time.Second):
				t.Fatalf("a published message did not arrive within 5 s; got %q", got)
			}
		}
		cancel()
		time.Sleep(50 * time.Millisecond)
		if err := s.Publish(ctx, k("chan"), []byte("after")); err != nil {
			t.Fatal(err)
		}
		time.Sleep(200 * time.Millisecond)
		mu.Lock()
		defer mu.Unlock()
		if len(got) != 2 || got[0] != "m0" && got[1] != "m0" {
			t.Fatalf("subscriber got %q, want m0 and m1 and nothing after its context ended", got)
		}
	})
}
