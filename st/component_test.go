package st_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gost-dev/gost/st"
	"github.com/gost-dev/gost/sttest"
)

var stars = st.NewComponent("test-stars", fstest.MapFS{"stars.js": {Data: []byte("export default () => {}")}}, "stars.js",
	func(n int) error {
		if n < 0 || n > 5 {
			return errors.New("want 0 to 5")
		}
		return nil
	})

type pick struct {
	Color string `json:"color"`
	Size  int    `json:"size"`
}

var picker = st.NewComponent[pick]("test-picker", fstest.MapFS{"p.js": {Data: []byte("export default () => {}")}}, "p.js", nil)

// TestComponentValueIsCheckedLikeAWidgets: a component's value comes from
// its page like a widget's, decoded into its type and vetted by its check;
// anything else leaves it on its default.
func TestComponentValueIsCheckedLikeAWidgets(t *testing.T) {
	var n int
	var p pick
	app := sttest.Run(t, func(st *st.Ctx) {
		n = stars.Call(st, map[string]int{"max": 5}, st.Value(3))
		p = picker.Call(st, nil, st.Key("p"))
	})
	cs := app.All("component")
	if len(cs) != 2 || n != 3 || p != (pick{}) {
		t.Fatalf("page %s, n=%d p=%v: want two components, 3 and the zero pick", app, n, p)
	}
	props := cs[0].Props
	url, _ := props["url"].(string)
	if !strings.HasPrefix(url, "_gost/component/test-stars-") || !strings.HasSuffix(url, "/stars.js") ||
		!reflect.DeepEqual(props["props"], map[string]any{"max": 5.0}) || props["value"] != 3.0 {
		t.Errorf("props %v: want the module's hashed URL, the props and the value", props)
	}
	app.Rerun(map[string]any{cs[0].ID: 5, cs[1].ID: map[string]any{"color": "red", "size": 2}}, "")
	if n != 5 || p != (pick{"red", 2}) {
		t.Errorf("after the page sent values: %d %v", n, p)
	}
	for _, bad := range []any{6, 2.5, "4", nil, []any{1}} {
		app.Rerun(map[string]any{cs[0].ID: bad}, "")
		if n != 3 {
			t.Errorf("the page sent %#v: the app got %d, want the default 3", bad, n)
		}
	}
	app.Rerun(map[string]any{cs[1].ID: map[string]any{"size": "big"}}, "")
	if p != (pick{}) {
		t.Errorf("a pick of the wrong shape reached the app: %v", p)
	}
}

func TestComponentMistakesShowInThePage(t *testing.T) {
	missing := st.NewComponent[int]("test-missing", fstest.MapFS{}, "nope.js", nil)
	badName := st.NewComponent[int]("Bad Name", fstest.MapFS{"a.js": {}}, "a.js", nil)
	tests := []struct {
		name string
		app  func(st *st.Ctx)
		want string
	}{
		{"no module", func(st *st.Ctx) { missing.Call(st, nil) }, `st.Component "test-missing": NewComponent: module "nope.js": `},
		{"a bad name", func(st *st.Ctx) { badName.Call(st, nil) }, `st.Component "Bad Name": NewComponent: name "Bad Name": want lower-case`},
		{"a value check refuses", func(st *st.Ctx) { stars.Call(st, nil, st.Value(9)) }, `st.Component "test-stars": Value: want 0 to 5`},
		{"a value of another type", func(st *st.Ctx) { stars.Call(st, nil, st.Value("3")) }, `st.Component "test-stars": Value("3") is a string; want a int`},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			app := sttest.Run(t, test.app)
			ex := app.All("exception")
			if len(ex) != 1 || !strings.HasPrefix(ex[0].Text(), test.want) || len(app.All("component")) != 0 {
				t.Fatalf("page %s, want only an exception starting %q", app, test.want)
			}
		})
	}
}
