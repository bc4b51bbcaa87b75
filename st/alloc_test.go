//go:build !race

// The race detector's instrumentation changes what the compiler inlines
// and so what escapes to the heap: allocation counts are checked in a
// build without it. scripts/test runs these tests (-run Alloc) that way
// after the race run.

package st_test

import (
	"testing"

	"github.com/gost-dev/gost/st"
	"github.com/gost-dev/gost/sttest"
)

// TestOptionsCostNoConfigAllocation: a call's options are collected into
// a config in the caller's frame, not on the heap: an element drawn with
// an option allocates no more than one drawn without (the option itself
// is made once, outside the loop). A config per call was some 750 bytes,
// a third of what a typical rerun allocated. It holds the compiler to
// inlining Ctx.check, so it fails when inlining is off (-gcflags=-l, as a
// debugger builds).
func TestOptionsCostNoConfigAllocation(t *testing.T) {
	var without, with float64
	sttest.Run(t, func(st *st.Ctx) {
		sql := st.Language("sql")
		without = testing.AllocsPerRun(200, func() { st.Code("x") })
		with = testing.AllocsPerRun(200, func() { st.Code("x", sql) })
	})
	if with > without {
		t.Errorf("st.Code with an option: %v allocations a call, without: %v; want no more", with, without)
	}
}

// TestWidgetOptionsCostNoConfigAllocation: the same for widgets, whose
// config goes through more of st (the decoder the run keeps, the query
// binding, the props): drawn with options that change nothing else
// allocated, a widget allocates no more than drawn without. A closure that
// captured the config would move it to the heap.
func TestWidgetOptionsCostNoConfigAllocation(t *testing.T) {
	const runs = 50
	labels := make([]string, 2*(runs+1))
	for i := range labels {
		labels[i] = "w" + itoa(i)
	}
	widgets := []struct {
		name string
		draw func(st *st.Ctx, label string, opts ...st.Option)
	}{
		{"TextInput", func(st *st.Ctx, l string, o ...st.Option) { st.TextInput(l, o...) }},
		{"NumberInput", func(st *st.Ctx, l string, o ...st.Option) { st.NumberInput(l, o...) }},
		{"Selectbox", func(st *st.Ctx, l string, o ...st.Option) { st.Selectbox(l, choices, o...) }},
		{"Checkbox", func(st *st.Ctx, l string, o ...st.Option) { st.Checkbox(l, o...) }},
		{"Button", func(st *st.Ctx, l string, o ...st.Option) { st.Button(l, o...) }},
		{"DateInput", func(st *st.Ctx, l string, o ...st.Option) { st.DateInput(l, o...) }},
	}
	for _, w := range widgets {
		t.Run(w.name, func(t *testing.T) {
			var without, with float64
			sttest.Run(t, func(c *st.Ctx) {
				opts := []st.Option{c.Help("h"), c.Disabled(true)}
				i := 0
				without = testing.AllocsPerRun(runs, func() { w.draw(c, labels[i]); i++ })
				with = testing.AllocsPerRun(runs, func() { w.draw(c, labels[i], opts...); i++ })
			})
			if with > without {
				t.Errorf("st.%s with options: %v allocations a call, without: %v; want no more", w.name, with, without)
			}
		})
	}
}
