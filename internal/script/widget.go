package script

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
)

// A Widget describes one widget call for [Run.Widget]: who it is, how its
// value is read and checked, and what to call when it changes. The engine
// does not keep the pointer.
type Widget struct {
	Kind, Label string
	// Key gives the widget its identity, instead of its kind and label, and
	// keeps its value in the session state under Key.
	Key string
	// Form is the key of the form the widget is drawn in ("" for none).
	// The browser sends a form's values only with its submit button.
	Form string
	// ClearOnSubmit: the widget's form goes back to its defaults once
	// the run its submit button started ends.
	ClearOnSubmit bool
	// Button: the widget is clicked, not set. Its value is true for the one
	// run that follows a click, and it takes no value from the browser.
	Button bool
	// Submit: a Button that sends Form.
	Submit bool
	// Once: the widget's value is an event, as a chat input's submitted
	// text: it holds for the one run that follows, like a Button's click,
	// then goes back to Default.
	Once bool
	// Default is the value the widget has until it is set, in any form
	// Decode accepts.
	Default any
	// Decode turns a value into the widget's value, or reports that the
	// widget cannot hold it: a value from the browser (JSON's types: a
	// choice's index), a value of the widget's own type from the session
	// state (a choice's option), and Default. It checks the type and keeps
	// the value within the widget's bounds (an option among the choices, a
	// number within min and max), so a value the server did not offer never
	// reaches the app. Not used for a Button.
	Decode func(any) (any, bool)
	// DecodeWithin is Decode without a closure, for the commonest
	// widgets, choices and numbers: a plain func, given the engine's copy
	// of the Domain drawn with the widget ([Run.WidgetWithin]), which the
	// engine keeps from run to run while it stays the same. A widget
	// drawn again then costs no closure, nor a copy of its choices: the
	// app's slice of them stays in its frame. When DecodeWithin is set,
	// Decode is not used.
	DecodeWithin func(d *Domain, v any) (any, bool)
	// OnChange and OnClick are called, before the next run, when the
	// browser changes the value or clicks the button.
	OnChange, OnClick *Callback
	// Override, when Overridden, is the value the widget takes in this run
	// in place of what it stored, checked by Decode like any other (a
	// widget bound to a query parameter, in the run after the browser
	// arrived at an address). A value Decode refuses gives the default.
	Override   any
	Overridden bool
}

// A Domain is what a widget's value is checked against
// (Widget.DecodeWithin): the options of a choice, the bounds of a number.
// It is an argument of its own, not a field of Widget, whose other fields
// the engine keeps: the compiler tells no field from another, and the
// app's slice of choices would be moved to the heap with them.
type Domain struct {
	Choices  []string
	Min, Max float64
}

// ident is a widget's identity: its key, or its kind and label (and a
// submit button's form, and the page it is drawn on: see Run.Scope). Its
// id, what the browser names it by, is one string per identity, so the
// session finds a widget by its id alone.
type ident struct{ scope, kind, form, label, key string }

// widget is what the session keeps of one widget between runs. Every idle
// session holds one per widget on its page, so it keeps only what apply
// and the next run read.
//
// It is 144 bytes, a size class of the allocator's: a field more is 160.
type widget struct {
	id     string // "=" and its key for a widget with a key (key)
	kind   string
	gen    uint64 // the run that last drew it
	frag   string // the innermost fragment it was drawn in (fragment.go)
	form   string
	def    any
	decode func(any) (any, bool)
	// within is the engine's copy of the widget's Domain and its
	// DecodeWithin; nil for a widget decoded by decode.
	within *withinCopy
	cb     *Callback
	value  any  // the value of a widget without a key; a keyed one's is in State.values
	keyed  bool // flags last, packed together; keyed: its value is in State.values
	button bool
	submit bool
	has    bool // value is set
	appSet bool // the app set the key in the session state since the widget last drew
	gone   bool // forgotten: no longer in State.byID, though State.order may hold it
}

// key returns the key of a widget that has one: its id is keyPrefix and
// the key.
func (w *widget) key() string { return w.id[len(keyPrefix):] }

// keyPrefix marks the ids of widgets that have a key: their value lives in
// the session state under that key.
const keyPrefix = "="

func (w *Widget) ident(scope string) ident {
	if w.Key != "" {
		return ident{key: w.Key}
	}
	if w.Submit {
		return ident{scope: scope, kind: w.Kind, form: w.Form, label: w.Label}
	}
	return ident{scope: scope, kind: w.Kind, label: w.Label}
}

// id returns the identity of a widget on the wire: "=" and its key if it
// has one, else its kind and label (docs/protocol.md).
func (k ident) id() string { return string(k.appendID(nil)) }

// appendID appends k's id to b: a lookup by an id built on the stack
// costs no allocation.
func (k ident) appendID(b []byte) []byte {
	if k.key != "" {
		return append(append(b, keyPrefix...), k.key...)
	}
	if k.scope != "" {
		b = append(append(b, k.scope...), '|')
	}
	b = append(append(b, k.kind...), ':')
	if k.form != "" {
		b = append(append(b, k.form...), '/')
	}
	return append(b, k.label...)
}

// keyed returns the widget with key, if the session has one.
func (s *State) keyed(key string) *widget {
	var buf [64]byte
	return s.byID[string(ident{key: key}.appendID(buf[:0]))]
}

// Widget draws a widget in the run: it returns the widget's id, its value
// for the app (decoded from what was stored, else the default), and the
// value to show, which differs only once a form that clears on submit was
// sent: the run gets the values sent, the page shows the defaults. The err
// is for the page: a second widget with the same identity.
func (r *Run) Widget(spec *Widget) (id string, value, shown any, err error) {
	return r.WidgetWithin(spec, nil)
}

// WidgetWithin is [Run.Widget] for a widget whose spec.DecodeWithin
// checks its values against within, which the engine copies when it
// changed, and does not keep.
func (r *Run) WidgetWithin(spec *Widget, within *Domain) (id string, value, shown any, err error) {
	r.Check()
	if r.done {
		return r.notDrawn(spec, within)
	}
	s := r.state
	x := r.some()
	k := spec.ident(x.pageScope)
	var buf [128]byte
	b := k.appendID(buf[:0])
	w := r.drawnBefore(b)
	if w == nil {
		w = s.byID[string(b)]
	}
	if w == nil {
		w = &widget{id: string(b), keyed: k.key != ""}
		s.byID[w.id] = w
	} else if w.gen == r.gen {
		return duplicate(w.id, spec, within)
	}
	r.drawn(w)
	w.gen, w.kind, w.frag = r.gen, spec.Kind, x.frag
	w.form, w.button, w.submit = spec.Form, spec.Button, spec.Submit
	w.take(spec, within)
	w.cb = spec.OnChange
	if spec.OnClick != nil {
		w.cb = spec.OnClick
	}
	w.appSet = false

	if spec.Button {
		clicked := s.trigger == w.id
		s.store(w, clicked) // a button keeps no value, only its click
		return w.id, clicked, clicked, nil
	}
	value, ok := s.stored(w)
	if spec.Overridden {
		value, ok = spec.Override, true
	}
	if ok {
		value, ok = w.decodeValue(value)
	}
	if !ok {
		value = w.defaultValue()
	}
	s.store(w, value)
	shown = value
	if spec.Once {
		s.cleared = append(s.cleared, w) // forgotten with the click
	}
	if spec.ClearOnSubmit && s.submitted != "" && s.submitted == spec.Form {
		// This run still reads what was sent; the page, and the runs after
		// it, have the default.
		shown = w.defaultValue()
		s.cleared = append(s.cleared, w)
	}
	return w.id, value, shown, nil
}

// The widgets WidgetWithin does not draw. They are frames of their own,
// not inlined: WidgetWithin's is on the stack of every widget an app
// draws, among a rerun's deepest, which decide how far its goroutine's
// stack grows.

// notDrawn answers for a widget drawn by a goroutine of the app's that
// outlived its run: the page it drew for is gone.
//
//go:noinline
func (r *Run) notDrawn(spec *Widget, within *Domain) (id string, value, shown any, err error) {
	def := decodeDefault(spec, within)
	return spec.ident(r.some().pageScope).id(), def, def, errors.New("a widget drawn after its run ended is not shown")
}

// duplicate answers for a second widget with the identity of one the run
// drew, id.
//
//go:noinline
func duplicate(id string, spec *Widget, within *Domain) (string, any, any, error) {
	def := decodeDefault(spec, within)
	if spec.Key != "" {
		return id, def, def, fmt.Errorf("there are two widgets with the key %q; keys must be unique", spec.Key)
	}
	return id, def, def, fmt.Errorf("there are two %s widgets with the label %q; give them distinct labels or a Key", spec.Kind, spec.Label)
}

// A rerun mostly draws the widgets the last run drew, in the same order.
// State.order holds them in that order, and the run looks there first for
// the widget with the id it has built, at the place it has reached: a
// string compare, where a lookup in State.byID hashes the id and, with
// many sessions, reaches memory no longer in the caches. A run of the app
// writes the widgets it draws over the order as it goes (Run.drawn); a
// run of fragments draws others, and neither reads nor writes it.

// drawnBefore returns the widget with id if the last run of the app drew
// it where this run has reached; nil if not, or not known.
func (r *Run) drawnBefore(id []byte) *widget {
	if s := r.state; r.run == nil && int(r.nth) < len(s.order) {
		if w := s.order[r.nth]; !w.gone && w.id == string(id) {
			return w
		}
	}
	return nil
}

// drawn notes that the run drew w, at the place it has reached.
func (r *Run) drawn(w *widget) {
	s := r.state
	if r.run != nil {
		return
	}
	if int(r.nth) < len(s.order) {
		s.order[r.nth] = w
	} else {
		s.order = append(s.order, w)
	}
	r.nth++
}

// endOrder keeps, once a run of the app has drawn its page, the widgets
// it drew as the order the next run looks in first.
func (s *State) endOrder(r *Run) {
	if r.run == nil {
		clear(s.order[r.nth:]) // the widgets not drawn may go
		s.order = s.order[:r.nth]
	}
}

// take keeps what spec says of how w's value is read: its default and
// its decoder, and the domain of a DecodeWithin, copied when it changed
// only: within is never kept, so the app's slice of choices stays in its
// frame.
func (w *widget) take(spec *Widget, within *Domain) {
	w.def, w.decode = spec.Default, spec.Decode
	if spec.DecodeWithin == nil {
		w.within = nil
		return
	}
	if w.within == nil {
		w.within = new(withinCopy)
	}
	x := w.within
	x.decode = spec.DecodeWithin
	if within == nil {
		within = new(Domain)
	}
	x.Min, x.Max = within.Min, within.Max
	if !slices.Equal(x.Choices, within.Choices) {
		x.Choices = slices.Clone(within.Choices)
	}
}

// withinCopy is the engine's copy of a widget's Domain, and the
// DecodeWithin that reads it: one allocation, 48 bytes, which an idle
// session keeps for each such widget.
type withinCopy struct {
	Domain
	decode func(*Domain, any) (any, bool)
}

// decodeValue returns v as w's value, or reports that w cannot hold it.
func (w *widget) decodeValue(v any) (any, bool) {
	if x := w.within; x != nil {
		return x.decode(&x.Domain, v)
	}
	if w.decode == nil {
		return nil, false
	}
	return w.decode(v)
}

// defaultValue returns w's default as its value, or as it is when the
// decoder has no use for it (it is st's to give a default the widget can
// hold).
func (w *widget) defaultValue() any {
	if v, ok := w.decodeValue(w.def); ok {
		return v
	}
	return w.def
}

// decodeDefault returns the default of a widget the run does not keep as
// its value.
func decodeDefault(spec *Widget, within *Domain) any {
	var w widget
	w.take(spec, within)
	return w.defaultValue()
}

// stored returns what the session holds for w: the value a hello brought
// for it, else its value in the session state or its own.
func (s *State) stored(w *widget) (any, bool) {
	if v, ok := s.seeds[w.id]; ok {
		delete(s.seeds, w.id)
		return v, true
	}
	if w.keyed {
		v, ok := s.values[w.key()]
		return v, ok
	}
	return w.value, w.has
}

func (s *State) store(w *widget, v any) {
	if w.keyed {
		s.values[w.key()] = v
		return
	}
	w.value, w.has = v, true
}

// Input is what the browser sent for one run (docs/protocol.md).
type Input struct {
	Widgets map[string]any // widget id → value
	Trigger string         // the id of the button clicked
	// Hello: Widgets is every value the page holds, sent when it
	// connects. Values for widgets the session has not drawn (it is new)
	// wait for the widget to be drawn, and are checked then.
	Hello bool
}

// apply stores the values and the click of one interaction and returns the
// callbacks to call for it, in widget-id order: OnChange for every value
// that changed, then OnClick for the click.
//
// The browser is not trusted: it gets a value in only for a widget the
// session drew (a form's widget only with its form's submit button), that
// the widget's Decode accepts, and a click only for a button drawn.
// Anything else is dropped and logged; it never reaches the session state.
// (A drawn widget sent a value it cannot hold goes back to its default.)
func (s *State) apply(in Input) []Callback {
	if len(in.Widgets) == 0 && in.Trigger == "" {
		return nil
	}
	var click *widget
	if in.Trigger != "" {
		if w := s.byID[in.Trigger]; w != nil && w.button {
			click = w
			s.trigger, s.submitted = w.id, ""
			if w.submit {
				s.submitted = w.form
			}
		} else {
			s.drop(in.Trigger, "a click for no button drawn", nil)
		}
	}
	ids := make([]string, 0, len(in.Widgets))
	for id := range in.Widgets {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var calls []Callback
	for _, id := range ids {
		v := in.Widgets[id]
		w := s.byID[id]
		switch {
		case w == nil && in.Hello:
			// A new session: the page's values wait for their widgets.
			if s.seeds == nil {
				s.seeds = make(map[string]any)
			}
			s.seeds[id] = v
			continue
		case w == nil:
			s.drop(id, "no such widget drawn", v)
			continue
		case w.button:
			s.drop(id, "a button takes no value", v)
			continue
		case w.form != "" && (click == nil || !click.submit || click.form != w.form):
			if !in.Hello { // a hello holds every value the page shows, forms' too
				s.drop(id, "a form's value without its submit button", v)
			}
			continue
		}
		dv, ok := w.decodeValue(v)
		if !ok {
			// Not the widget's type, or not among its choices: the value
			// is dropped and the widget goes back to its default, as it
			// always has for a value it cannot read.
			s.drop(id, "not a value a "+w.kind+" takes", v)
			dv = w.defaultValue()
		}
		old, had := s.stored(w)
		s.store(w, dv)
		if had && reflect.DeepEqual(old, dv) {
			continue
		}
		if w.cb != nil {
			calls = append(calls, *w.cb)
		}
	}
	if click != nil && click.cb != nil {
		calls = append(calls, *click.cb)
	}
	return calls
}

// finish keeps what the next run needs after run r finished: it forgets
// the click and the widgets r did not draw, keyed ones with their value in
// the session state, as Streamlit does: a widget that comes back starts
// from its default. A key the app set itself since its widget was last
// drawn is the app's, and stays.
func (s *State) finish(r *Run) {
	s.forgetClick()
	// A run of the app counts the widgets it drew (Run.drawn), each once:
	// when they are all the session holds, it has none to forget, and
	// need not go through the map (4% of the instructions of
	// BenchmarkRerunManySessions).
	if r.run != nil || int(r.nth) != len(s.byID) {
		s.forgetUndrawn(r)
	}
	s.seeds = nil
	s.forgetFragments(r)
}

// forgetUndrawn forgets the widgets r did not draw, and the values of
// keyed ones the app did not set (see finish).
func (s *State) forgetUndrawn(r *Run) {
	for id, w := range s.byID {
		if scope := r.some().scope; w.gen == r.gen || scope != nil && !s.under(w.frag, scope) {
			continue // drawn, or outside the fragments a fragment run drew
		}
		delete(s.byID, id)
		w.gone = true
		if w.keyed && !w.appSet {
			delete(s.values, w.key())
		}
	}
}

// forgetClick ends what a click started: the button's one true run, and
// the values a form that clears on submit sent.
func (s *State) forgetClick() {
	s.trigger, s.submitted = "", ""
	for _, w := range s.cleared {
		s.store(w, w.defaultValue())
	}
	clear(s.cleared)
	s.cleared = s.cleared[:0]
}

// SetValue stores v as the value of the widget id, drawn in this run or
// the last, without its Decode or callbacks: for the widgets whose value
// the app itself changes through st, such as whether a dialog is open.
// It reports whether there is such a widget.
func (r *Run) SetValue(id string, v any) bool {
	w := r.state.byID[id]
	if w == nil || w.button {
		return false
	}
	r.state.store(w, v)
	return true
}
