package store

import (
	"context"
	"slices"
	"strconv"
	"sync"
	"time"
)

// Memory is a [Store] in this process's memory: what one replica needs,
// and what a server falls back to while its shared store is down. The zero
// value is an empty store ready to use. It never fails.
type Memory struct {
	mu   sync.Mutex
	kv   map[string]entry
	subs map[string][]*sub
	sets int // Sets since the last sweep of expired keys
}

type entry struct {
	value []byte
	exp   time.Time // zero: never
}

type sub struct {
	ctx context.Context
	f   func([]byte)
	mu  sync.Mutex // one message at a time
}

// Get implements [Store].
func (m *Memory) Get(_ context.Context, key string) ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.kv[key]
	if !ok || !e.exp.IsZero() && !time.Now().Before(e.exp) {
		return nil, ErrNotFound
	}
	return slices.Clone(e.value), nil
}

// Set implements [Store].
func (m *Memory) Set(_ context.Context, key string, value []byte, ttl time.Duration) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.set(key, slices.Clone(value), ttl)
	return nil
}

func (m *Memory) set(key string, value []byte, ttl time.Duration) {
	if m.kv == nil {
		m.kv = map[string]entry{}
	}
	e := entry{value: value}
	if ttl > 0 {
		e.exp = time.Now().Add(ttl)
	}
	m.kv[key] = e
	// Expired keys go in a sweep every so many writes, so the map stays
	// as large as what lives in it.
	if m.sets++; m.sets >= 1024 && m.sets >= len(m.kv) {
		m.sets = 0
		now := time.Now()
		for k, e := range m.kv {
			if !e.exp.IsZero() && !now.Before(e.exp) {
				delete(m.kv, k)
			}
		}
	}
}

// Incr implements [Store].
func (m *Memory) Incr(_ context.Context, key string) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var n int64
	if e, ok := m.kv[key]; ok && (e.exp.IsZero() || time.Now().Before(e.exp)) {
		n, _ = strconv.ParseInt(string(e.value), 10, 64)
	}
	n++
	m.set(key, []byte(strconv.FormatInt(n, 10)), 0)
	return n, nil
}

// Publish implements [Store]: the subscribers of this process get msg,
// each on a goroutine of its own, so a publisher never waits for them.
func (m *Memory) Publish(_ context.Context, channel string, msg []byte) error {
	m.mu.Lock()
	live := m.subs[channel][:0:0]
	for _, s := range m.subs[channel] {
		if s.ctx.Err() == nil {
			live = append(live, s)
		}
	}
	m.subs[channel] = live
	m.mu.Unlock()
	msg = slices.Clone(msg)
	for _, s := range live {
		go func() {
			s.mu.Lock()
			defer s.mu.Unlock()
			if s.ctx.Err() == nil {
				s.f(msg)
			}
		}()
	}
	return nil
}

// Subscribe implements [Store].
func (m *Memory) Subscribe(ctx context.Context, channel string, f func([]byte)) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.subs == nil {
		m.subs = map[string][]*sub{}
	}
	m.subs[channel] = append(m.subs[channel], &sub{ctx: ctx, f: f})
	return nil
}

// Close implements [Store].
func (m *Memory) Close() error { return nil }
