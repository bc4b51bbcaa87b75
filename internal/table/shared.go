package table

import (
	"reflect"
	"runtime"
	"sync"
	"weak"
)

// identity names the data a Frame reads: the same slice (its array, its
// length and its type) or the same map is the same data, whichever
// session passes it.
type identity struct {
	t   reflect.Type
	ptr uintptr
	len int
}

// shared holds the Frames in use, weakly: a Frame lives as long as a
// session's page shows it, and the data with it. Once none does, the
// collector takes both, and the entry goes with them.
var shared = struct {
	sync.Mutex
	frames map[identity]weak.Pointer[Frame]
}{frames: make(map[identity]weak.Pointer[Frame])}

// Shared returns the Frame over data, the same one for every caller that
// passes the same slice or map while a Frame over it is in use: 100
// sessions showing the table a st.CacheResource loaded hold one Frame, one
// set of sorted orders, and the data once. Data of other shapes (an array
// by value, a Table) gets a Frame of its own.
//
// Because a Frame is found by where the data is, not by what it holds,
// data must not change after it was shown: change a copy and show that.
func Shared(data any) (*Frame, error) {
	if f, ok := data.(*Frame); ok {
		return f, nil
	}
	id, ok := identify(data)
	if !ok {
		return NewFrame(data)
	}
	shared.Lock()
	if w, ok := shared.frames[id]; ok {
		if f := w.Value(); f != nil {
			shared.Unlock()
			return f, nil
		}
	}
	shared.Unlock()
	// Made outside the lock: scanning a million maps for their keys must
	// not stall every other table. Two sessions racing here make two
	// Frames; the second keeps the first's.
	f, err := NewFrame(data)
	if err != nil {
		return nil, err
	}
	shared.Lock()
	defer shared.Unlock()
	if w, ok := shared.frames[id]; ok {
		if g := w.Value(); g != nil {
			return g, nil
		}
	}
	w := weak.Make(f)
	shared.frames[id] = w
	runtime.AddCleanup(f, func(id identity) {
		shared.Lock()
		defer shared.Unlock()
		if shared.frames[id] == w {
			delete(shared.frames, id)
		}
	}, id)
	return f, nil
}

// identify names a slice or map by where it is; other values have no
// identity to share.
func identify(data any) (identity, bool) {
	v := reflect.ValueOf(data)
	for v.Kind() == reflect.Pointer && !v.IsNil() && v.Elem().Kind() != reflect.Struct {
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.Slice, reflect.Map:
		if v.IsNil() || v.Len() == 0 {
			return identity{}, false
		}
		return identity{v.Type(), v.Pointer(), v.Len()}, true
	}
	return identity{}, false
}

// sharedFrames counts the Frames in use, for tests.
func sharedFrames() int {
	shared.Lock()
	defer shared.Unlock()
	return len(shared.frames)
}
