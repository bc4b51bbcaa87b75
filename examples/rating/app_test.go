package main

import (
	"os"
	"testing"

	"github.com/gost-dev/gost/internal/browsertest"
	"github.com/gost-dev/gost/st"
	"github.com/gost-dev/gost/sttest"
)

func TestMain(m *testing.M) { os.Exit(browsertest.Main(m)) }

// TestRatingRoundTrip: the module loads from the app's server, draws its
// stars, and a click on one reaches the app as the component's value.
func TestRatingRoundTrip(t *testing.T) {
	t.Parallel()
	srv := browsertest.Serve(t, App)
	p := browsertest.New(t)
	p.Open(srv.URL)
	p.WaitText("No rating yet")
	p.WaitFor("the module to draw five stars", `document.querySelectorAll('.component .stars button').length === 5`)
	p.Click("★") // the first star: Click takes the first visible match
	p.WaitText("You gave it 1 of 5 stars")
	p.Exec(`document.querySelectorAll('.component .stars button')[3].click()`)
	p.WaitText("You gave it 4 of 5 stars")
	p.WaitFor("the stars to follow the value", `document.querySelectorAll('.component .stars button[aria-checked="true"]')[0]?.dataset.stars === '4'`)
	// Clicking the chosen star again clears the rating.
	p.Exec(`document.querySelectorAll('.component .stars button')[3].click()`)
	p.WaitText("No rating yet")
	// Five reruns later the module has been fetched once: the page keeps
	// it by its content-hashed URL.
	if n := browsertest.Eval[int](p, `performance.getEntriesByType('resource').filter((e) => e.name.includes('/_gost/component/stars-')).length`); n != 1 {
		t.Errorf("the module was fetched %d times, want once", n)
	}
}

// TestBrokenModuleShowsAnError: a component whose module fails to load
// shows an error in its place, and the rest of the page works on.
func TestBrokenModuleShowsAnError(t *testing.T) {
	t.Parallel()
	srv := browsertest.Serve(t, func(st *st.Ctx) {
		broken.Call(st, nil)
		if st.Button("Still here") {
			st.Text("clicked")
		}
	})
	p := browsertest.New(t)
	p.Open(srv.URL)
	p.WaitTextIn(".component-error", "Component broken: its module failed to load")
	p.Click("Still here")
	p.WaitText("clicked")
}

// TestRatingValuesAreChecked: a value the stars module never sends, here
// from a hostile page, does not reach the app.
func TestRatingValuesAreChecked(t *testing.T) {
	app := sttest.Run(t, App)
	id := app.All("component")[0].ID
	app.Rerun(map[string]any{id: 11}, "")
	if !app.Contains("No rating yet") {
		t.Errorf("11 of 5 stars reached the app: %s", app)
	}
	app.Rerun(map[string]any{id: 3}, "")
	if !app.Contains("You gave it 3 of 5 stars") {
		t.Errorf("3 stars did not reach the app: %s", app)
	}
}
