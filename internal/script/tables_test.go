package script

import "testing"

// A table keeps its id while runs draw it, and goes once neither of the
// last two runs did, as Media's files do.
func TestTablesLiveAsLongAsTheirPage(t *testing.T) {
	tables := newTables()
	a, b := new(int), new(int)
	tables.startRun()
	idA := tables.Put(a, "A")
	idB := tables.Put(b, "B")
	tables.endRun()
	tables.startRun()
	if again := tables.Put(a, "A2"); again != idA {
		t.Errorf("the same key got id %s, then %s", idA, again)
	}
	tables.endRun()
	if v, ok := tables.Get(idA); !ok || v != "A2" {
		t.Errorf("Get(a) = %v, %v; want the value of the last run", v, ok)
	}
	if _, ok := tables.Get(idB); !ok {
		t.Error("a table the run before drew is gone already")
	}
	tables.startRun()
	tables.Put(a, "A")
	tables.endRun()
	if _, ok := tables.Get(idB); ok || tables.Len() != 1 {
		t.Errorf("a table two runs did not draw is still there (%d tables)", tables.Len())
	}
	if _, ok := tables.Get("nope"); ok {
		t.Error("an unknown id found a table")
	}
}
