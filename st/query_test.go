package st_test

import (
	"strings"
	"testing"

	"github.com/gost-dev/gost/st"
	"github.com/gost-dev/gost/sttest"
)

func TestQueryParamsRead(t *testing.T) {
	var got []string
	sttest.RunAt(t, "tab=sales&id=1&id=2&empty=", func(st *st.Ctx) {
		q := st.QueryParams()
		got = []string{q.Get("tab"), q.Get("id"), strings.Join(q.GetAll("id"), ","), q.Get("none"),
			strings.Join(q.Keys(), ",")}
		if !q.Has("empty") || q.Has("none") {
			t.Errorf("Has(empty)=%v Has(none)=%v, want true false", q.Has("empty"), q.Has("none"))
		}
	})
	// A repeated key reads as its last value, as in Streamlit.
	if want := "sales 2 1,2  empty,id,tab"; strings.Join(got, " ") != want {
		t.Errorf("got %q, want %q", strings.Join(got, " "), want)
	}
}

// TestQueryParamsSet: what the app sets reaches the address (the "query"
// message), is read back by this run and the next, and is sent once.
func TestQueryParamsSet(t *testing.T) {
	var seen []string
	app := sttest.RunAt(t, "tab=sales&x=1", func(st *st.Ctx) {
		q := st.QueryParams()
		if st.Button("Costs") {
			q.Set("tab", "costs")
			q.Del("x")
			q.Add("id", "7")
			q.Add("id", "8")
		}
		if st.Button("Clear") {
			q.Clear()
		}
		seen = append(seen, q.Get("tab"))
	})
	if app.Query != "tab=sales&x=1" {
		t.Fatalf("the address shows %q before any set, want it as opened", app.Query)
	}
	app.Click("Costs")
	if app.Query != "id=7&id=8&tab=costs" {
		t.Errorf("after Set, Del and Add the address shows %q", app.Query)
	}
	app.Rerun(nil, "")
	if strings.Join(seen, " ") != "sales costs costs" {
		t.Errorf("the runs read tab as %q, want sales costs costs", seen)
	}
	app.Click("Clear")
	if app.Query != "" {
		t.Errorf("after Clear the address shows %q", app.Query)
	}
}
