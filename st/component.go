package st

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"reflect"

	"github.com/gost-dev/gost/internal/component"
	"github.com/gost-dev/gost/internal/script"
)

var componentElement = element{"component", "st.Component", true,
	takes(optKey, optValue, optDisabled, optOnChange, optHeight)}

// A Component is an element a Go package adds to gost: a JavaScript
// module that draws into an element of its own on the page and may send a
// value of type T back, which the app reads as a widget's. Declare one in
// a package variable with [NewComponent] and draw it with [Component.Call].
// See docs/components.md.
type Component[T any] struct {
	name  string
	url   string // of its module, relative to the app's base path
	check func(T) error
	err   error
}

// NewComponent declares the component name whose JavaScript module is the
// file entry of files (an embed.FS, usually), with the files it imports
// beside it. check validates a value the page sends, after it has been
// decoded into a T from JSON: the browser is untrusted, so a value check
// refuses never reaches the app (nil checks the type alone, as in
// st.NewComponent[int](..., nil)). name is lower case: letters, digits,
// - and _.
//
//	//go:embed rating.js
//	var ratingFiles embed.FS
//
//	var Rating = st.NewComponent("rating", ratingFiles, "rating.js", func(stars int) error {
//		if stars < 0 || stars > 5 {
//			return fmt.Errorf("%d stars: want 0 to 5", stars)
//		}
//		return nil
//	})
//
// The module's default export is called with the component's element and
// its arguments, at first and again whenever they change:
//
//	export default function render(el, { props, value, disabled, setValue }) { … }
//
// A mistake here (no such file, a bad name) is shown in the page where the
// component is drawn.
func NewComponent[T any](name string, files fs.FS, entry string, check func(T) error) *Component[T] {
	url, err := component.Register(name, files, entry)
	if err != nil {
		err = fmt.Errorf("NewComponent: %w", err)
	}
	return &Component[T]{name: name, url: url, check: check, err: err}
}

// Call draws the component with props, which the module receives decoded
// from JSON (a struct, a map, a number: anything encoding/json takes), and
// returns its value: the last one its module sent and check accepted, or
// T's zero value, or [Ctx.Value], until it sends one. Options: [Ctx.Key]
// (needed to draw the same component twice), [Ctx.Value], [Ctx.Disabled],
// [Ctx.OnChange], [Ctx.Height] (a fixed height for its element; by
// default it is as high as what the module draws). With a Key, the session
// state holds the T.
func (cp *Component[T]) Call(c *Ctx, props any, opts ...Option) T {
	var zero T
	cfg, ok := c.check(componentElement, cp.name, opts)
	if !ok {
		return zero
	}
	def, _, err := valueOf[T](cfg, fmt.Sprintf("a %T", zero))
	if err == nil {
		err = cp.err
	}
	if err == nil && cfg.set.has(optValue) && cp.check != nil {
		if cerr := cp.check(def); cerr != nil {
			err = fmt.Errorf("Value: %w", cerr)
		}
	}
	if err != nil {
		c.fail(componentElement, cp.name, err)
		return zero
	}
	id, v, shown, ok := c.widget(script.Widget{Kind: componentElement.kind, Label: cp.name, Default: def, Decode: cp.decode}, cfg)
	if !ok {
		return def
	}
	c.draw(componentElement.kind, id, struct {
		Name     string `json:"name"`
		URL      string `json:"url"`
		Props    any    `json:"props"`
		Value    any    `json:"value"`
		Disabled bool   `json:"disabled,omitempty"`
		Height   int    `json:"height,omitempty"`
	}{cp.name, cp.url, props, shown, cfg.disabled, cfg.height})
	return v.(T)
}

// decode reads a value as a T: as it is from the session state and the
// default, through JSON from the page; then check vets it.
func (cp *Component[T]) decode(v any) (any, bool) {
	t, ok := v.(T)
	if !ok {
		if v == nil && reflect.TypeFor[T]().Kind() != reflect.Interface {
			return nil, false // JSON's null would leave a T as it is
		}
		raw, err := json.Marshal(v)
		if err != nil || json.Unmarshal(raw, &t) != nil {
			return nil, false
		}
	}
	if cp.check != nil && cp.check(t) != nil {
		return nil, false
	}
	return t, true
}
