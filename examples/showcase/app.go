// Showcase draws every element and widget gost has. The end-to-end tests
// and the benchmark run it, so it doubles as a tour of the API.
package main

import (
	"fmt"
	"strings"

	"github.com/gost-dev/gost/st"
)

func App(st *st.Ctx) {
	st.Title("gost showcase")
	st.Caption("Every element and widget, rerun on every interaction.")

	side := st.Sidebar()
	side.Header("Settings")
	mood := side.Radio("Mood", []string{"calm", "busy"}, st.Horizontal(true))
	side.Write("Mood: " + mood)

	st.Header("Text")
	st.Markdown("Some **bold**, some *italic*, a [link](https://go.dev) and `code`.")
	st.Text("fixed   width")
	st.Code("func App(st *st.Ctx) {\n\tst.Title(\"Hi\")\n}")
	st.Divider()

	st.Header("Widgets")
	name := st.TextInput("Your name", st.Placeholder("Ada"), st.Help("Press Enter to send"))
	if name != "" {
		st.Success(fmt.Sprintf("Hello, %s!", name))
	}
	notes := st.TextArea("Notes")
	st.Write(fmt.Sprintf("Notes have %d characters.", len(notes)))

	count := st.SessionState()
	count.SetDefault("clicks", 0)
	st.Button("Click me", st.Primary(true), st.OnClick(func() { count.Set("clicks", count.Int("clicks")+1) }))
	st.Write(fmt.Sprintf("Clicked %d times.", count.Int("clicks")))

	if st.Checkbox("Show details") {
		st.Info("Details are shown.")
	}
	loud := st.Toggle("Loud")
	n := st.NumberInput("How many", st.Value(3), st.Min(0), st.Max(10))
	level := st.Slider("Level", 0, 100, st.Value(40))
	color := st.Selectbox("Color", []string{"red", "green", "blue"})
	toppings := st.Multiselect("Toppings", []string{"cheese", "ham", "olives"}, st.Value([]string{"cheese"}))
	summary := fmt.Sprintf("%v × %s at level %v with %s", n, color, level, strings.Join(toppings, ", "))
	if loud {
		summary = strings.ToUpper(summary)
	}
	st.Markdown(summary)

	st.Header("Layout")
	cols := st.Columns(1, 2)
	cols[0].Write("Left column.")
	cols[1].Write("The wider right column.")
	tabs := st.Tabs("First", "Second")
	tabs[0].Write("In the first tab.")
	tabs[1].Write("In the second tab.")
	more := st.Expander("More")
	more.Write("Folded away.")
	more.JSON(map[string]any{"name": name, "clicks": count.Int("clicks"), "toppings": toppings})

	form := st.Form("signup")
	email := form.TextInput("Email")
	agree := form.Checkbox("I agree")
	if form.FormSubmitButton("Sign up") {
		st.Success(fmt.Sprintf("Signed up %s (agreed: %v)", email, agree))
	}

	st.Header("Alerts")
	st.Warning("A warning.")
	st.Error("An error.")
}
