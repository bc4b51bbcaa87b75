package st_test

import (
	"fmt"
	"strings"

	"github.com/gost-dev/gost/st"
	"github.com/gost-dev/gost/sttest"
)

// A button is true for the one run that follows its click.
func ExampleCtx_Button() {
	app := sttest.Run(nil, func(st *st.Ctx) {
		if st.Button("Say hello") {
			st.Write("Hello!")
		}
	})
	fmt.Println(app.Texts())
	app.Click("Say hello")
	fmt.Println(app.Texts())
	app.Rerun(nil, "")
	fmt.Println(app.Texts())
	// Output:
	// [Say hello]
	// [Say hello Hello!]
	// [Say hello]
}

// Callbacks run before the rerun, with the arguments given to OnClick.
func ExampleCtx_OnClick() {
	app := sttest.Run(nil, func(st *st.Ctx) {
		state := st.SessionState()
		add := func(n int) { state.Set("total", state.Int("total")+n) }
		st.Button("Add 5", st.OnClick(add, 5))
		st.Write(fmt.Sprintf("Total: %d", state.Int("total")))
	})
	app.Click("Add 5")
	app.Click("Add 5")
	fmt.Println(app.Texts())
	// Output: [Add 5 Total: 10]
}

// Widgets keep their values across reruns.
func ExampleCtx_TextInput() {
	app := sttest.Run(nil, func(st *st.Ctx) {
		name := st.TextInput("Name", st.Placeholder("Your name"))
		if name != "" {
			st.Write("Hello, " + name + "!")
		}
	})
	app.Set("text_input", "Name", "Ada")
	fmt.Println(app.Texts())
	// Output: [Name Hello, Ada!]
}

// Session state survives reruns, like st.session_state.
func ExampleCtx_SessionState() {
	app := sttest.Run(nil, func(st *st.Ctx) {
		state := st.SessionState()
		state.SetDefault("visits", 0)
		state.Set("visits", state.Int("visits")+1)
		st.Write(fmt.Sprintf("Run %d", state.Int("visits")))
	})
	app.Rerun(nil, "")
	fmt.Println(app.Texts())
	// Output: [Run 2]
}

// A StateKey gives session state a type the compiler checks.
func ExampleStateKey() {
	const count st.StateKey[int] = "count"
	app := sttest.Run(nil, func(st *st.Ctx) {
		if st.Button("+1") {
			count.Set(st, count.Get(st)+1)
		}
		st.Write(fmt.Sprint("Count: ", count.Get(st)))
	})
	app.Click("+1")
	fmt.Println(app.Texts())
	// Output: [+1 Count: 1]
}

// Containers return a Ctx that draws into them.
func ExampleCtx_Columns() {
	app := sttest.Run(nil, func(st *st.Ctx) {
		left, right := st.Columns(2)[0], st.Columns(2)[1]
		right.Write("right")
		left.Write("left")
	})
	fmt.Println(app.Texts())
	// Output: [left right]
}

// Widgets in a form send their values together, when it is submitted.
func ExampleCtx_Form() {
	app := sttest.Run(nil, func(st *st.Ctx) {
		form := st.Form("signup")
		email := form.TextInput("Email")
		if form.FormSubmitButton("Sign up") {
			st.Success("Signed up " + email)
		}
	})
	app.Rerun(map[string]any{"text_input:Email": "ada@example.com"}, "form_submit_button:signup/Sign up")
	fmt.Println(app.Texts())
	// Output: [Email Sign up Signed up ada@example.com]
}

// Write draws each value the way that suits it.
func ExampleCtx_Write() {
	app := sttest.Run(nil, func(st *st.Ctx) {
		st.Write("**Markdown**", fmt.Errorf("an error"), map[string]int{"a": 1})
	})
	for _, n := range app.All("markdown", "alert", "json") {
		fmt.Println(n.Kind, strings.TrimSpace(n.Text()))
	}
	// Output:
	// markdown Markdown
	// alert an error
	// json
}

// A panic in App shows on the page; the session goes on.
func Example_panic() {
	app := sttest.Run(nil, func(st *st.Ctx) {
		if st.Button("Divide") {
			var zero int
			st.Write(1 / zero)
		}
	})
	app.Click("Divide")
	fmt.Println(app.Status, app.All("exception")[0].Props["message"])
	// Output: error runtime error: integer divide by zero
}

// A line chart draws every numeric column over the row index.
func ExampleCtx_LineChart() {
	app := sttest.Run(nil, func(st *st.Ctx) {
		st.LineChart(map[string][]float64{
			"visitors": {120, 135, 160},
			"signups":  {8, 11, 15},
		})
	})
	for _, s := range app.All("chart")[0].Props["series"].([]any) {
		fmt.Println(s.(map[string]any)["name"], s.(map[string]any)["values"])
	}
	// Output:
	// signups [8 11 15]
	// visitors [120 135 160]
}

// X names the column of the categories; Y the columns to draw.
func ExampleCtx_BarChart() {
	type day struct {
		Day     string
		Sales   int
		Returns int
	}
	app := sttest.Run(nil, func(st *st.Ctx) {
		week := []day{{"Mon", 30, 2}, {"Tue", 45, 5}, {"Wed", 38, 1}}
		st.BarChart(week, st.X("Day"), st.Y("Sales"))
	})
	props := app.All("chart")[0].Props
	fmt.Println(props["x"].(map[string]any)["values"])
	fmt.Println(props["series"])
	// Output:
	// [Mon Tue Wed]
	// [map[name:Sales values:[30 45 38]]]
}
