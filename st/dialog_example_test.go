package st_test

import (
	"fmt"
	"testing/fstest"

	"github.com/gost-dev/gost/st"
	"github.com/gost-dev/gost/sttest"
)

// voteDialog is a dialog's body: a func like App.
func voteDialog(st *st.Ctx) {
	why := st.TextInput("Because")
	if st.Button("Submit") {
		st.SessionState().Set("vote", why)
		st.Rerun() // closes the dialog
	}
}

// A dialog opens from a button, stays open while its widgets rerun the
// app, and closes when its body calls st.Rerun.
func ExampleCtx_Dialog() {
	app := sttest.Run(nil, func(st *st.Ctx) {
		vote := st.Dialog("Cast your vote", voteDialog)
		if st.Button("Vote") {
			vote.Open()
		}
		st.Write("Vote: " + st.SessionState().String("vote"))
	})
	app.Click("Vote")
	app.Set("text_input", "Because", "tabs")
	fmt.Println(app.Texts())
	app.Click("Submit")
	fmt.Println(app.Texts())
	// Output:
	// [Because Submit Vote Vote:]
	// [Vote Vote: tabs]
}

// hearts is a component: its module, and the check of the values the page
// sends.
var hearts = st.NewComponent("hearts", fstest.MapFS{"hearts.js": {Data: []byte(
	`export default (el, { props, value, setValue }) => { /* draw props.max hearts; setValue(n) on a click */ }`)}},
	"hearts.js", func(n int) error {
		if n < 0 || n > 3 {
			return fmt.Errorf("%d hearts: want 0 to 3", n)
		}
		return nil
	})

// A component's value comes back like a widget's, once its check accepts
// it.
func ExampleNewComponent() {
	app := sttest.Run(nil, func(st *st.Ctx) {
		n := hearts.Call(st, map[string]int{"max": 3})
		st.Write(fmt.Sprintf("%d hearts", n))
	})
	id := app.All("component")[0].ID
	app.Rerun(map[string]any{id: 2}, "") // what the module's setValue(2) sends
	fmt.Println(app.Texts())
	app.Rerun(map[string]any{id: 7}, "") // a value the check refuses
	fmt.Println(app.Texts())
	// Output:
	// [2 hearts]
	// [0 hearts]
}
