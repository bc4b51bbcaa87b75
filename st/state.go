package st

import "github.com/gost-dev/gost/internal/script"

// SessionState is the state of one browser session: it survives reruns but
// not a reload of the tab. Widgets with a [Ctx.Key] keep their value in it
// under their key. Values are whatever the app stores; the typed getters
// return the zero value when a key is missing or holds another type.
type SessionState struct {
	run *script.Run
}

// SessionState returns this session's state, like st.session_state.
func (c *Ctx) SessionState() *SessionState {
	return &SessionState{run: c.run}
}

// Get returns the value stored under key and whether there is one.
func (s *SessionState) Get(key string) (any, bool) { return s.run.Get(key) }

// Has reports whether key holds a value.
func (s *SessionState) Has(key string) bool {
	_, ok := s.run.Get(key)
	return ok
}

// Set stores v under key.
func (s *SessionState) Set(key string, v any) { s.run.Set(key, v) }

// SetDefault stores v under key unless key holds a value already, the Go
// spelling of `if "k" not in st.session_state: st.session_state.k = v`.
func (s *SessionState) SetDefault(key string, v any) {
	if _, ok := s.run.Get(key); !ok {
		s.run.Set(key, v)
	}
}

// Delete removes key.
func (s *SessionState) Delete(key string) { s.run.Delete(key) }

// Keys returns the keys that hold values, sorted.
func (s *SessionState) Keys() []string { return s.run.Keys() }

// Int returns the int under key.
func (s *SessionState) Int(key string) int { return get[int](s, key) }

// Float returns the float64 under key.
func (s *SessionState) Float(key string) float64 { return get[float64](s, key) }

// String returns the string under key.
func (s *SessionState) String(key string) string { return get[string](s, key) }

// Bool returns the bool under key.
func (s *SessionState) Bool(key string) bool { return get[bool](s, key) }

func get[T any](s *SessionState, key string) T {
	v, _ := s.run.Get(key)
	t, _ := v.(T)
	return t
}

// A StateKey is a typed name in the session state. Declare one at package
// level and read and write it from App with its type checked by the
// compiler:
//
//	const count st.StateKey[int] = "count"
//
//	func App(st *st.Ctx) {
//		if st.Button("+1") {
//			count.Set(st, count.Get(st)+1)
//		}
//	}
//
// (It is not [Ctx.Key], the option that names a widget; a widget with
// st.Key("count") is read through a StateKey "count" of its value's type.)
type StateKey[T any] string

// Get returns the value under k, or T's zero value.
func (k StateKey[T]) Get(c *Ctx) T { return get[T](c.SessionState(), string(k)) }

// Set stores v under k.
func (k StateKey[T]) Set(c *Ctx, v T) { c.run.Set(string(k), v) }
