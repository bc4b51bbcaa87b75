package script

import (
	"fmt"
	"reflect"
)

// Callback is a function an app hands to OnClick or OnChange, with the
// arguments to call it with.
type Callback struct {
	fn   reflect.Value
	args []reflect.Value
}

// NewCallback checks that fn is a function that takes args and returns a
// Callback for it.
func NewCallback(fn any, args ...any) (Callback, error) {
	f := reflect.ValueOf(fn)
	if f.Kind() != reflect.Func || f.IsNil() {
		return Callback{}, fmt.Errorf("callback must be a function, not %T", fn)
	}
	t := f.Type()
	n := t.NumIn()
	if t.IsVariadic() {
		if len(args) < n-1 {
			return Callback{}, fmt.Errorf("callback %s needs at least %d arguments, got %d", t, n-1, len(args))
		}
	} else if len(args) != n {
		return Callback{}, fmt.Errorf("callback %s needs %d arguments, got %d", t, n, len(args))
	}
	vals := make([]reflect.Value, len(args))
	for i, a := range args {
		var want reflect.Type
		if t.IsVariadic() && i >= n-1 {
			want = t.In(n - 1).Elem()
		} else {
			want = t.In(i)
		}
		v := reflect.ValueOf(a)
		if a == nil {
			v = reflect.Zero(want)
		}
		if !v.Type().AssignableTo(want) {
			if !v.Type().ConvertibleTo(want) || v.Kind() == reflect.String != (want.Kind() == reflect.String) {
				return Callback{}, fmt.Errorf("callback %s: argument %d is %s, not %s", t, i+1, v.Type(), want)
			}
			v = v.Convert(want)
		}
		vals[i] = v
	}
	return Callback{fn: f, args: vals}, nil
}

// call calls the callback.
func (c Callback) call() { c.fn.Call(c.args) }
