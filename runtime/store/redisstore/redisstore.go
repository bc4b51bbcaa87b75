// Package redisstore is the Redis (or Valkey) implementation of gost's
// shared store (package github.com/gost-dev/gost/runtime/store), through
// github.com/redis/go-redis/v9. Importing it registers the redis://,
// rediss:// (TLS) and unix:// URL schemes:
//
//	import _ "github.com/gost-dev/gost/runtime/store/redisstore"
//
// and config.toml names the store:
//
//	[server]
//	store = "redis://:password@redis:6379/0"
//
// It is a module of its own so that apps of one replica do not inherit the
// Redis client's modules.
package redisstore

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/gost-dev/gost/runtime/store"
)

func init() {
	for _, scheme := range []string{"redis", "rediss", "unix"} {
		store.Register(scheme, Open)
	}
	// go-redis logs each failed dial itself, to stderr: while the store
	// is down that is a line per attempt. The server says it once a
	// minute (runtime/store.go); go-redis' lines go to slog at debug.
	redis.SetLogger(debugLog{})
}

// debugLog is go-redis' logger on slog's default logger, at debug level.
type debugLog struct{}

func (debugLog) Printf(ctx context.Context, format string, v ...any) {
	slog.DebugContext(ctx, "redisstore: "+fmt.Sprintf(format, v...))
}

// Timeouts: a store that does not answer must not hold up a page. The
// server serves from memory meanwhile.
const (
	dialTimeout = 2 * time.Second
	ioTimeout   = time.Second
)

// Store is a [store.Store] on a Redis server.
type Store struct {
	c *redis.Client
}

// Open connects to the Redis server u names (redis://[:password@]host:port/db,
// go-redis' URL syntax) and checks that it answers within ctx.
func Open(ctx context.Context, u *url.URL) (store.Store, error) {
	opt, err := redis.ParseURL(u.String())
	if err != nil {
		return nil, fmt.Errorf("redisstore: %w", err)
	}
	opt.DialTimeout = dialTimeout
	opt.ReadTimeout = ioTimeout
	opt.WriteTimeout = ioTimeout
	opt.MaxRetries = 1
	c := redis.NewClient(opt)
	if err := c.Ping(ctx).Err(); err != nil {
		c.Close()
		return nil, fmt.Errorf("redisstore: %s does not answer: %w", opt.Addr, err)
	}
	return &Store{c: c}, nil
}

// Get implements [store.Store].
func (s *Store) Get(ctx context.Context, key string) ([]byte, error) {
	b, err := s.c.Get(ctx, key).Bytes()
	if errors.Is(err, redis.Nil) {
		return nil, store.ErrNotFound
	}
	return b, err
}

// Set implements [store.Store].
func (s *Store) Set(ctx context.Context, key string, value []byte, ttl time.Duration) error {
	return s.c.Set(ctx, key, value, ttl).Err()
}

// Incr implements [store.Store].
func (s *Store) Incr(ctx context.Context, key string) (int64, error) {
	return s.c.Incr(ctx, key).Result()
}

// Publish implements [store.Store].
func (s *Store) Publish(ctx context.Context, channel string, msg []byte) error {
	return s.c.Publish(ctx, channel, msg).Err()
}

// Subscribe implements [store.Store]. go-redis reconnects the subscription
// when the server comes back, and pings it meanwhile.
func (s *Store) Subscribe(ctx context.Context, channel string, f func([]byte)) error {
	ps := s.c.Subscribe(ctx, channel)
	if _, err := ps.Receive(ctx); err != nil { // the subscription's confirmation
		ps.Close()
		return err
	}
	go func() {
		defer ps.Close()
		ch := ps.Channel()
		for {
			select {
			case <-ctx.Done():
				return
			case m, ok := <-ch:
				if !ok {
					return
				}
				f([]byte(m.Payload))
			}
		}
	}()
	return nil
}

// Close implements [store.Store].
func (s *Store) Close() error { return s.c.Close() }
