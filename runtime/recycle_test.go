package runtime_test

import (
	"encoding/json"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gost-dev/gost/st"
	"github.com/gost-dev/gost/sttest"
)

// TestRecycledPagesLeaveThePageWhole: each run draws into the memory of
// the page before the last (script.State.Recycle); had it taken a page
// still read, by the diff or as what the browser shows, changes would go
// missing or come wrong. After every rerun of an app whose containers
// change shape from run to run, some slow enough to send deltas, the page the browser has built from the
// dones is the page a new tab is sent in the same state.
func TestRecycledPagesLeaveThePageWhole(t *testing.T) {
	t.Parallel()
	var shape atomic.Int64
	app := func(st *st.Ctx) {
		k := int(shape.Load())
		st.Title(fmt.Sprintf("shape %d", k))
		cols := st.Columns(float64(1 + k%3))
		for i, c := range cols {
			c.Text(fmt.Sprintf("column %d of shape %d", i, k))
			if i == k%2 {
				c.Button(fmt.Sprintf("in column %d", i))
			}
		}
		if k%5 == 0 {
			// A run longer than a moment: the browser is sent what it has
			// drawn so far (a delta), and the page kept is then a merge.
			time.Sleep(250 * time.Millisecond)
		}
		more := st.Expander("More")
		for i := range k % 4 {
			more.Markdown(fmt.Sprintf("line **%d**", i))
		}
		st.Sidebar().Text(fmt.Sprintf("side %d", k%2))
		st.Button("Next")
	}
	var empty func(*sttest.Node)
	empty = func(n *sttest.Node) { // a container emptied by a trim has no children, as a new one
		if len(n.Children) == 0 {
			n.Children = nil
		}
		for _, c := range n.Children {
			empty(c)
		}
	}
	page := func(a *sttest.App) string {
		empty(a.Page)
		b, err := json.Marshal(a.Page)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	tab := sttest.Run(t, app)
	for k := 1; k <= 12; k++ {
		shape.Store(int64(k))
		tab.Click("Next")
		if got, want := page(tab), page(sttest.Run(t, app)); got != want {
			t.Fatalf("after run %d the tab shows\n%s\nwant\n%s", k, got, want)
		}
	}
}
