// Package store is what the replicas of one app share: a small key-value
// store with counters, expiry and publish/subscribe. A server without one
// keeps everything in its memory, as a single process does; with one
// ([server] store in config.toml), a logout reaches the tabs of every
// replica, session state outlives the replica that held it, and replicas
// can tell that they were configured with different cookie secrets.
//
// The package owns the interface, [Memory] (one process's memory, which a
// server falls back to while its store is down) and the registry of URL
// schemes. The Redis implementation lives in a module of its own,
// github.com/gost-dev/gost/runtime/store/redisstore, so that apps that run
// one replica do not inherit a Redis client: an app that runs several
// imports it for its side effect, as a program imports a database/sql
// driver:
//
//	import _ "github.com/gost-dev/gost/runtime/store/redisstore"
package store

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"
)

// ErrNotFound is what [Store.Get] returns for a key that is absent or
// expired.
var ErrNotFound = errors.New("store: not found")

// Store is a key-value store shared by replicas. Implementations must be
// safe for concurrent use. Errors are the store's (a connection refused, a
// timeout); callers keep serving from memory when they come.
type Store interface {
	// Get returns the value of key, or ErrNotFound.
	Get(ctx context.Context, key string) ([]byte, error)
	// Set sets key to value, expiring after ttl (0: never).
	Set(ctx context.Context, key string, value []byte, ttl time.Duration) error
	// Incr adds one to the integer at key (absent: 0) and returns it.
	Incr(ctx context.Context, key string) (int64, error)
	// Publish sends msg to the subscribers of channel on every replica,
	// this one included.
	Publish(ctx context.Context, channel string, msg []byte) error
	// Subscribe calls f with each message published on channel, one at a
	// time, from when it returns until ctx is done. It returns an error if
	// the subscription cannot be made; once made, it survives the store
	// going away and coming back (messages published meanwhile are lost).
	Subscribe(ctx context.Context, channel string, f func(msg []byte)) error
	// Close releases the store's connections.
	Close() error
}

// An Opener opens the store a URL names, checking that it answers.
type Opener func(ctx context.Context, u *url.URL) (Store, error)

var (
	mu      sync.Mutex
	openers = map[string]Opener{"memory": openMemory}
)

// Register makes Open use open for URLs of scheme. It is meant for the
// init function of a store's package, as database/sql's drivers register;
// registering a scheme twice panics.
func Register(scheme string, open Opener) {
	mu.Lock()
	defer mu.Unlock()
	if _, dup := openers[scheme]; dup {
		panic("store: Register called twice for scheme " + scheme)
	}
	openers[scheme] = open
}

// Open opens the store rawURL names and checks that it answers within
// ctx. Its errors name the URL without its password ([Redact]).
func Open(ctx context.Context, rawURL string) (Store, error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Scheme == "" {
		return nil, fmt.Errorf("store: %q is not a URL such as redis://host:6379/0", Redact(rawURL))
	}
	mu.Lock()
	open := openers[u.Scheme]
	var schemes []string
	for s := range openers {
		schemes = append(schemes, s+"://")
	}
	mu.Unlock()
	if open == nil {
		sort.Strings(schemes)
		hint := ""
		if u.Scheme == "redis" || u.Scheme == "rediss" || u.Scheme == "unix" {
			hint = `; this binary has no Redis client: import _ "github.com/gost-dev/gost/runtime/store/redisstore" in the app`
		}
		return nil, fmt.Errorf("store: %s: unknown scheme %q (known: %s)%s", Redact(rawURL), u.Scheme, strings.Join(schemes, ", "), hint)
	}
	s, err := open(ctx, u)
	if err != nil {
		return nil, fmt.Errorf("store: %s: %w", Redact(rawURL), err)
	}
	return s, nil
}

// Redact returns rawURL with its password, if any, replaced by xxxxx, for
// logs and `gost config show`. A string that is not a URL comes back as
// it is if it has no @, else as "(unreadable URL)", since it might hold
// the password anywhere.
func Redact(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		if !strings.Contains(rawURL, "@") {
			return rawURL // no user or password in it to hide
		}
		return "(unreadable URL)"
	}
	return u.Redacted()
}

func openMemory(context.Context, *url.URL) (Store, error) { return new(Memory), nil }
