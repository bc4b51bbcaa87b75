package cache

import (
	"reflect"
	"sync"
)

// Clone returns a deep copy of v, what st.CacheData hands each caller so
// that one session changing its result cannot change another's (Streamlit
// gets the same from pickling). A value with a method Clone() V is copied
// by that method. Otherwise slices, maps, arrays, pointers, interfaces and
// the exported fields of structs are copied all the way down, pointers to
// the same value staying shared within the copy (cycles included).
//
// What reflection cannot write is shared with the original: unexported
// fields (a struct is copied by value, so its unexported slices, maps and
// pointers still point at the original's), channels and functions. That is
// right for time.Time and other immutable values; a type with mutable
// unexported state should have a Clone method.
func Clone[V any](v V) V {
	if c, ok := any(v).(interface{ Clone() V }); ok {
		return c.Clone()
	}
	rv := reflect.ValueOf(&v).Elem()
	if !deep(rv.Type()) {
		return v
	}
	out := reflect.New(rv.Type()).Elem()
	copyValue(out, rv, map[ptrKey]reflect.Value{})
	return out.Interface().(V)
}

type ptrKey struct {
	p uintptr
	t reflect.Type
}

// deepTypes remembers, per type, whether a copy by value would share
// something a caller could write through: its answer never changes.
var deepTypes sync.Map // reflect.Type → bool

// deep reports whether values of t hold slices, maps, pointers or
// interfaces that Clone can reach, that is beyond unexported fields.
func deep(t reflect.Type) bool {
	if d, ok := deepTypes.Load(t); ok {
		return d.(bool)
	}
	d := deepIn(t, map[reflect.Type]bool{})
	deepTypes.Store(t, d)
	return d
}

func deepIn(t reflect.Type, seen map[reflect.Type]bool) bool {
	switch t.Kind() {
	case reflect.Slice, reflect.Map, reflect.Pointer, reflect.Interface:
		return true
	case reflect.Array:
		return deepIn(t.Elem(), seen)
	case reflect.Struct:
		if seen[t] {
			return false // a recursive struct reaches itself through a pointer, counted there
		}
		seen[t] = true
		for i := range t.NumField() {
			if f := t.Field(i); f.IsExported() && deepIn(f.Type, seen) {
				return true
			}
		}
	}
	return false
}

// copyValue sets dst, a settable zero value, to a deep copy of src.
func copyValue(dst, src reflect.Value, ptrs map[ptrKey]reflect.Value) {
	if !deep(src.Type()) {
		dst.Set(src)
		return
	}
	switch src.Kind() {
	case reflect.Slice:
		if src.IsNil() {
			return
		}
		s := reflect.MakeSlice(src.Type(), src.Len(), src.Len())
		if deep(src.Type().Elem()) {
			for i := range src.Len() {
				copyValue(s.Index(i), src.Index(i), ptrs)
			}
		} else {
			reflect.Copy(s, src)
		}
		dst.Set(s)
	case reflect.Map:
		if src.IsNil() {
			return
		}
		m := reflect.MakeMapWithSize(src.Type(), src.Len())
		for it := src.MapRange(); it.Next(); {
			v := reflect.New(src.Type().Elem()).Elem()
			copyValue(v, it.Value(), ptrs)
			m.SetMapIndex(it.Key(), v)
		}
		dst.Set(m)
	case reflect.Pointer:
		if src.IsNil() {
			return
		}
		k := ptrKey{src.Pointer(), src.Type()}
		if p, ok := ptrs[k]; ok {
			dst.Set(p)
			return
		}
		p := reflect.New(src.Type().Elem())
		ptrs[k] = p
		copyValue(p.Elem(), src.Elem(), ptrs)
		dst.Set(p)
	case reflect.Interface:
		if src.IsNil() {
			return
		}
		v := reflect.New(src.Elem().Type()).Elem()
		copyValue(v, src.Elem(), ptrs)
		dst.Set(v)
	case reflect.Array:
		for i := range src.Len() {
			copyValue(dst.Index(i), src.Index(i), ptrs)
		}
	case reflect.Struct:
		dst.Set(src) // the unexported fields, shallowly
		for i := range src.NumField() {
			if src.Type().Field(i).IsExported() {
				f := dst.Field(i)
				f.SetZero()
				copyValue(f, src.Field(i), ptrs)
			}
		}
	default:
		dst.Set(src)
	}
}
