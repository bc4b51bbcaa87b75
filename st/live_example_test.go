package st_test

import (
	"fmt"
	"slices"
	"strings"

	"github.com/gost-dev/gost/st"
	"github.com/gost-dev/gost/sttest"
)

// A chat: the input's text is there for the one run that follows, and
// the answer streams into an assistant's message.
func ExampleCtx_ChatInput() {
	app := sttest.Run(nil, func(st *st.Ctx) {
		if prompt := st.ChatInput("Say something"); prompt != "" {
			st.ChatMessage("user").Markdown(prompt)
			words := slices.Values(strings.SplitAfter("Hello, *you*.", " "))
			answer := st.ChatMessage("assistant").WriteStream(words)
			st.Caption(fmt.Sprintf("%d characters", len(answer)))
		}
	})
	fmt.Println(app.Texts())
	app.Chat("Hi")
	fmt.Println(app.Texts())
	fmt.Println(app.All("stream")[0].Props["html"])
	// Output:
	// []
	// [Hi Hello, you. 13 characters]
	// <p>Hello, <em>you</em>.</p>
}

// A placeholder shows the last thing drawn into it; a progress bar moves
// in place.
func ExampleCtx_Empty() {
	app := sttest.Run(nil, func(st *st.Ctx) {
		bar := st.Progress(0, "Counting")
		slot := st.Empty()
		for i := 1; i <= 3; i++ {
			slot.Text(fmt.Sprint("step ", i))
			bar.Set(i*100/3, "Counting")
		}
	})
	fmt.Println(app.Texts(), app.All("progress")[0].Props["value"])
	// Output: [Counting step 3] 1
}
