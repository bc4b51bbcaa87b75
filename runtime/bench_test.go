package runtime

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gost-dev/gost/st"
)

// These micro-benchmarks time one click's rerun in memory: the run loop, the
// app, the diff and the done message, without a network. They are for
// catching regressions quickly; cmd/gostbench measures the whole server over
// real websockets.
//
//	go test -run '^$' -bench Rerun ./runtime/

// benchClient is an in-memory browser that hands over every done message.
// The benchmarks wait for each run before asking for the next, so one slot
// is enough and Send never blocks.
type benchClient struct{ done chan []byte }

func (c *benchClient) Send(msg []byte) {
	if bytes.HasPrefix(msg, []byte(`{"t":"done"`)) {
		c.done <- msg
	}
}

func (c *benchClient) wait(b *testing.B) []byte {
	select {
	case m := <-c.done:
		return m
	case <-time.After(10 * time.Second):
		b.Fatal("no done within 10s")
		return nil
	}
}

// benchRerun clicks trigger on app over and over and reports the time, the
// allocations and the size of the done message per click.
func benchRerun(b *testing.B, app func(*st.Ctx), trigger string) {
	c := &benchClient{done: make(chan []byte, 1)}
	s := NewSession(app, c)
	s.Start("")
	c.wait(b)
	b.ReportAllocs()
	var n, size int
	for b.Loop() {
		s.Rerun(nil, trigger)
		size += len(c.wait(b))
		n++
	}
	b.ReportMetric(float64(size)/float64(n), "done-B/op")
}

// BenchmarkRerunSmallApp: a title, a button and a counter; the click changes
// the counter.
func BenchmarkRerunSmallApp(b *testing.B) {
	benchRerun(b, func(st *st.Ctx) {
		st.Title("Counter")
		state := st.SessionState()
		if st.Button("Add one") {
			state.Set("n", state.Int("n")+1)
		}
		st.Text("count " + strconv.Itoa(state.Int("n")))
	}, "button:Add one")
}

// BenchmarkRerunShowcaseLikeApp: a page like examples/showcase, with every
// kind of element and widget (about 50 elements); the click runs an OnClick
// callback that changes two of them.
func BenchmarkRerunShowcaseLikeApp(b *testing.B) {
	benchRerun(b, showcaseLikeApp, "button:Click me")
}

// showcaseLikeApp follows examples/showcase/app.go, which is package main and
// cannot be imported.
func showcaseLikeApp(st *st.Ctx) {
	st.Title("gost showcase")
	st.Caption("Every element and widget, rerun on every interaction.")

	side := st.Sidebar()
	side.Header("Settings")
	mood := side.Radio("Mood", []string{"calm", "busy"}, st.Horizontal())
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
	st.Button("Click me", st.Primary(), st.OnClick(func() { count.Set("clicks", count.Int("clicks")+1) }))
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
