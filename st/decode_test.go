package st

import (
	"math"
	"slices"
	"testing"

	"github.com/gost-dev/gost/internal/script"
)

// TestBoxFloatKeepsTheNumber: a number widget's default boxed from the
// table of whole numbers is the very number, bit for bit (-0 too).
func TestBoxFloatKeepsTheNumber(t *testing.T) {
	for _, f := range []float64{0, math.Copysign(0, -1), 1, 100, 255, 256, -1, 0.5, 1e300, math.Inf(1)} {
		got, ok := boxFloat(f).(float64)
		if !ok || math.Float64bits(got) != math.Float64bits(f) {
			t.Errorf("boxFloat(%v) = %#v, want the float64 %v", f, boxFloat(f), f)
		}
	}
	if testing.AllocsPerRun(10, func() { _ = boxFloat(100) }) != 0 {
		t.Errorf("boxFloat(100) allocates")
	}
}

// TestMultipleChoiceDefaults: a multiselect's default decodes to the same
// options whether st hands it over as a mask (the first 64 choices) or as
// indices, in the order of the choices, each once.
func TestMultipleChoiceDefaults(t *testing.T) {
	choices := make([]string, 70)
	for i := range choices {
		choices[i] = string(rune('A' + i))
	}
	d := &script.Domain{Choices: choices}
	for _, indices := range [][]int{nil, {0}, {3, 1, 3}, {7, 63}, {2, 65}, {69}} {
		def := defaultsOf(indices)
		_, isMask := def.(defaultMask)
		if want := !slices.ContainsFunc(indices, func(i int) bool { return i >= 64 }); isMask != want {
			t.Errorf("defaultsOf(%v) = %T; want a mask: %v", indices, def, want)
		}
		got, ok := asOptions(d, def)
		want, _ := asOptions(d, defaultIndices(indices))
		if !ok || !slices.Equal(got.([]string), want.([]string)) {
			t.Errorf("defaultsOf(%v) decodes to %v, %v; want %v", indices, got, ok, want)
		}
	}
	if _, ok := asOptions(&script.Domain{Choices: choices[:3]}, defaultsOf([]int{5})); ok {
		t.Errorf("a mask naming a choice past the end decodes; want refused")
	}
}
