package st_test

import (
	"errors"
	"fmt"
	"io/fs"
	"testing"

	"github.com/gost-dev/gost/st"
	"github.com/gost-dev/gost/sttest"
)

func TestExceptionNamesOnlyTellingTypes(t *testing.T) {
	tests := []struct {
		name string
		app  func(st *st.Ctx)
		want string
	}{
		{"fmt.Errorf", func(st *st.Ctx) { st.Exception(fmt.Errorf("load: %w", errors.New("gone"))) }, "error"},
		{"the app's own type", func(st *st.Ctx) { st.Exception(&fs.PathError{Op: "open", Path: "x", Err: fs.ErrNotExist}) }, "*fs.PathError"},
		{"a misused element", func(st *st.Ctx) { st.Table(42) }, "error"},
		{"a panic with an error", func(st *st.Ctx) { panic(errors.New("boom")) }, "panic"},
		{"a panic with a typed error", func(st *st.Ctx) { panic(&fs.PathError{Op: "open", Path: "x", Err: fs.ErrNotExist}) }, "panic: *fs.PathError"},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			app := sttest.Run(t, test.app)
			ex := app.All("exception")
			if len(ex) != 1 || ex[0].Props["type"] != test.want {
				t.Errorf("page %v, want one exception of type %q", app, test.want)
			}
		})
	}
}
