package runtime

import (
	"errors"
	"fmt"
)

// Bounds on what one browser can make the server hold (issue 14). A real
// page sends tens of widget values; a hostile tab sending a hundred
// thousand in one message cost half a second of CPU and held 6.6 MiB per
// session until the session expired (BENCHMARKS.md). Past these bounds the
// connection is closed with a warning in the log; the session itself, and
// what it already holds, stay.
const (
	// maxWidgetValues bounds the widget values of one message, and the
	// values waiting in a session for its next run (they pile up while a
	// run goes on, and merge by id).
	maxWidgetValues = 10_000
	// maxPendingBytes bounds the size of the values waiting in a session,
	// as valueSize counts them: each message is at most maxMessageSize,
	// but many messages with distinct ids add up while a run goes on.
	maxPendingBytes = 8 << 20
)

// errOverLimit is a message over one of the bounds above.
var errOverLimit = errors.New("runtime: over the limits of a session")

// checkMessage checks one message's widget values against maxWidgetValues.
func checkMessage(msg BackMsg) error {
	if n := len(msg.Widgets); n > maxWidgetValues {
		return fmt.Errorf("%w: %d widget values in one message, at most %d", errOverLimit, n, maxWidgetValues)
	}
	return nil
}

// admit reports whether widgets may join the values waiting for the
// session's next run without those going over the bounds. It counts the
// pending ones that widgets would replace once, and does not change them.
func (s *Session) admit(widgets map[string]any) error {
	if len(widgets) == 0 {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	n, size := 0, 0
	if s.pending != nil {
		for id, v := range s.pending.widgets {
			if _, replaced := widgets[id]; !replaced {
				n++
				size += len(id) + valueSize(v)
			}
		}
	}
	for id, v := range widgets {
		n++
		size += len(id) + valueSize(v)
	}
	switch {
	case n > maxWidgetValues:
		return fmt.Errorf("%w: %d widget values waiting for a run, at most %d", errOverLimit, n, maxWidgetValues)
	case size > maxPendingBytes:
		return fmt.Errorf("%w: %d bytes of widget values waiting for a run, at most %d", errOverLimit, size, maxPendingBytes)
	}
	return nil
}

// valueSize estimates the memory a decoded JSON value holds, in bytes:
// its strings' lengths plus a word or two per value. It is for bounds,
// not for accounting.
func valueSize(v any) int {
	const word = 16 // an interface value
	switch v := v.(type) {
	case string:
		return word + len(v)
	case []any:
		n := word
		for _, e := range v {
			n += valueSize(e)
		}
		return n
	case map[string]any:
		n := word
		for k, e := range v {
			n += len(k) + valueSize(e)
		}
		return n
	}
	return word
}
