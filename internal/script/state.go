// Package script holds what one session of an app keeps between runs (widget
// values, session state, callbacks, the user) and what one run of App builds.
// Package st is the API over it; package runtime drives it.
//
// A State is owned by one session and only touched by that session's run
// loop, one run at a time, so it needs no lock of its own.
package script

import (
	"fmt"

	"github.com/gost-dev/gost/internal/tree"
	"reflect"
	"sort"
	"strings"
)

// State is what a session keeps between runs.
type State struct {
	// Widgets holds the values of widgets without a key, by widget id.
	Widgets map[string]any
	// Values is the session state. Widgets with a key keep their value here,
	// under the key, as in Streamlit.
	Values map[string]any
	// Triggers holds the buttons clicked since the last finished run.
	Triggers map[string]bool
	// Callbacks holds the OnClick/OnChange callbacks of the last run, by id.
	Callbacks map[string]Callback
	// Decoders holds how each widget of the last run reads what the page
	// sends, by id, so values are stored, and compared for OnChange, as the
	// app reads them: a date as a time.Time, a choice as an int.
	Decoders map[string]func(any) (any, bool)
	// Forms maps each form submit button's id to its form's key, so that a
	// form that clears on submit knows, while its widgets are drawn, that
	// this run is the one its button sent.
	Forms map[string]string
	// Cleared holds the defaults the widgets of a form that clears on
	// submit go back to once the run that got its values ends.
	Cleared map[string]any

	User     User
	Host     Host
	Query    string // the page's query string
	Redirect string // where to send the browser once the run is over
	Shell    Shell  // the page's path, config and pages (shell.go)

	// Pending holds what callbacks drew, for the top of the next run.
	Pending []*tree.Node
}

// NewState returns an empty State.
func NewState(h Host) *State {
	return &State{
		Widgets:   make(map[string]any),
		Values:    make(map[string]any),
		Triggers:  make(map[string]bool),
		Callbacks: make(map[string]Callback),
		Decoders:  make(map[string]func(any) (any, bool)),
		Forms:     make(map[string]string),
		Cleared:   make(map[string]any),
		Host:      h,
	}
}

// keyPrefix marks the ids of widgets that have a key: their value lives in
// the session state under that key.
const keyPrefix = "="

// WidgetID returns the identity of a widget: its key if it has one, else its
// kind and label.
func WidgetID(kind, label, key string) string {
	if key != "" {
		return keyPrefix + key
	}
	return kind + ":" + label
}

// Value returns the stored value of widget id.
func (s *State) Value(id string) (any, bool) {
	if k, ok := strings.CutPrefix(id, keyPrefix); ok {
		v, ok := s.Values[k]
		return v, ok
	}
	v, ok := s.Widgets[id]
	return v, ok
}

// SetValue stores the value of widget id.
func (s *State) SetValue(id string, v any) {
	if k, ok := strings.CutPrefix(id, keyPrefix); ok {
		s.Values[k] = v
		return
	}
	s.Widgets[id] = v
}

// Apply stores the widget values and button clicks of one interaction and
// returns the callbacks to run for it, in widget-id order: OnChange for every
// value that changed, then OnClick for the trigger.
func (s *State) Apply(values map[string]any, trigger string) []Callback {
	ids := make([]string, 0, len(values))
	for id := range values {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var calls []Callback
	for _, id := range ids {
		v := values[id]
		if decode, ok := s.Decoders[id]; ok {
			if dv, valid := decode(v); valid {
				v = dv
			}
		}
		old, had := s.Value(id)
		s.SetValue(id, v)
		if had && reflect.DeepEqual(old, v) {
			continue
		}
		if cb, ok := s.Callbacks[id]; ok {
			calls = append(calls, cb)
		}
	}
	if trigger != "" {
		s.Triggers[trigger] = true
		if cb, ok := s.Callbacks[trigger]; ok {
			calls = append(calls, cb)
		}
	}
	return calls
}

// Finish forgets what only lasts one run: button clicks, and the values and
// callbacks of widgets without a key that the run did not draw (Streamlit
// does the same, so a widget that comes back starts from its default).
func (s *State) Finish(seen map[string]bool) {
	s.ForgetClicks()
	forgetUnseen(s.Widgets, seen)
	forgetUnseen(s.Callbacks, seen)
	forgetUnseen(s.Decoders, seen)
	forgetUnseen(s.Forms, seen)
}

// forgetUnseen deletes the entries of widgets the run did not draw.
func forgetUnseen[V any](m map[string]V, seen map[string]bool) {
	for id := range m {
		if !seen[id] {
			delete(m, id)
		}
	}
}

// ForgetClicks ends what a click started: the buttons' one true run, and
// the values a cleared form sent.
func (s *State) ForgetClicks() {
	clear(s.Triggers)
	for id, def := range s.Cleared {
		s.SetValue(id, def)
	}
	clear(s.Cleared)
}

// Callback is a function an app hands to OnClick or OnChange, with the
// arguments to call it with.
type Callback struct {
	Fn   reflect.Value
	Args []reflect.Value
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
	return Callback{Fn: f, Args: vals}, nil
}

// Call calls the callback.
func (c Callback) Call() { c.Fn.Call(c.Args) }

// User is the logged-in user of a session, as the auth layer saw it.
type User struct {
	LoggedIn    bool
	Provider    string
	Claims      map[string]any
	IDToken     string
	AccessToken string
	// Key identifies this login of this browser; all its tabs share it.
	Key string
}

// Host is what the runtime offers st beyond the element tree.
type Host interface {
	// LoginURL returns where to send the browser to log in with provider
	// ("" for the default provider). Its error is meant for the page.
	LoginURL(provider string) (string, error)
	// LogoutURL returns where to send the browser to log out.
	LogoutURL() (string, error)
	// Secrets returns the sections of secrets.toml.
	Secrets() (map[string]any, error)
}
