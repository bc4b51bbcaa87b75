package cache

import (
	"reflect"
	"testing"
	"time"
)

type sale struct {
	Region string
	Units  []int
	Tags   map[string]string
	When   time.Time
	Next   *sale
	Any    any
	hidden []int
}

type cloner struct{ N []int }

func (c cloner) Clone() cloner { return cloner{N: []int{len(c.N)}} }

func TestCloneCopiesWhatACallerCouldChange(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		orig   func() any // a fresh original each time
		mutate func(copy any)
	}{
		{"slice of numbers", func() any { return []float64{1, 2, 3} }, func(c any) { c.([]float64)[0] = 9 }},
		{"map of slices", func() any { return map[string][]int{"a": {1}} }, func(c any) { c.(map[string][]int)["a"][0] = 9 }},
		{"map entries", func() any { return map[string]int{"a": 1} }, func(c any) { c.(map[string]int)["b"] = 2 }},
		{"slice of structs with slices", func() any { return []sale{{Region: "EU", Units: []int{1, 2}}} }, func(c any) { c.([]sale)[0].Units[1] = 9 }},
		{"struct field of a slice element", func() any { return []sale{{Region: "EU"}} }, func(c any) { c.([]sale)[0].Region = "US" }},
		{"pointer to struct", func() any { return &sale{Region: "EU", Tags: map[string]string{"k": "v"}} }, func(c any) { c.(*sale).Tags["k"] = "w" }},
		{"interface holding a slice", func() any { return []any{[]int{1}} }, func(c any) { c.([]any)[0].([]int)[0] = 9 }},
		{"array of slices", func() any { return [2][]int{{1}, {2}} }, func(c any) { a := c.([2][]int); a[1][0] = 9 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			orig := tc.orig()
			c := Clone(orig)
			if !reflect.DeepEqual(c, orig) {
				t.Fatalf("Clone(%#v) = %#v, not equal", orig, c)
			}
			tc.mutate(c)
			if !reflect.DeepEqual(orig, tc.orig()) {
				t.Errorf("changing the copy changed the original: %#v", orig)
			}
		})
	}
}

func TestCloneKeepsSharingAndCycles(t *testing.T) {
	t.Parallel()
	a := &sale{Region: "a"}
	a.Next = a
	s := []*sale{a, a}
	c := Clone(s)
	if c[0] == a || c[0] != c[1] || c[0].Next != c[0] {
		t.Errorf("copy of a cycle: %p %p %p (original %p)", c[0], c[1], c[0].Next, a)
	}
}

func TestCloneUsesCloneMethodAndSharesTheUnreachable(t *testing.T) {
	t.Parallel()
	if got := Clone(cloner{N: []int{1, 2, 3}}); !reflect.DeepEqual(got, cloner{N: []int{3}}) {
		t.Errorf("Clone of a type with a Clone method = %v", got)
	}
	// Unexported fields are documented as shared: reflection cannot write them.
	orig := sale{hidden: []int{1}}
	if c := Clone(orig); &c.hidden[0] != &orig.hidden[0] {
		t.Error("an unexported slice was copied; the doc says it is shared")
	}
	// Plain values come back as they are, without reflection's cost.
	if got := Clone(when()); !got.Equal(when()) {
		t.Errorf("Clone(time) = %v", got)
	}
}

func when() time.Time { return time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC) }

func BenchmarkCloneMillionFloats(b *testing.B) {
	v := make([]float64, 1_000_000)
	for b.Loop() {
		Clone(v)
	}
}
