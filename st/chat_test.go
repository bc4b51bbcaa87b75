package st_test

import (
	"strings"
	"testing"

	"github.com/gost-dev/gost/st"
	"github.com/gost-dev/gost/sttest"
)

func TestChatInputReturnsTheTextForOneRun(t *testing.T) {
	t.Parallel()
	var got []string
	var submitted []string
	app := sttest.Run(t, func(st *st.Ctx) {
		got = append(got, st.ChatInput("Say something", st.MaxChars(10),
			st.OnSubmit(func() { submitted = append(submitted, "cb") })))
		st.Button("Other")
	})
	app.Chat("hello")
	app.Click("Other")
	app.Chat("hello") // the same text again is a new message
	app.Chat("this is far too long")
	want := []string{"", "hello", "", "hello", ""}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("ChatInput returned %q over the runs, want %q", got, want)
	}
	if len(submitted) != 2 {
		t.Errorf("OnSubmit was called %d times, want 2", len(submitted))
	}
	in := app.All("chat_input")[0]
	if in.Props["placeholder"] != "Say something" || in.Props["max_chars"] != 10.0 {
		t.Errorf("chat input props %v", in.Props)
	}
}

func TestDisabledChatInputTakesNoText(t *testing.T) {
	t.Parallel()
	var got string
	app := sttest.Run(t, func(st *st.Ctx) { got = st.ChatInput("Wait…", st.Disabled(true)) })
	app.Chat("sneaky")
	if got != "" || app.All("chat_input")[0].Props["disabled"] != true {
		t.Errorf("a disabled chat input returned %q", got)
	}
}

func TestChatInputIsNotForForms(t *testing.T) {
	t.Parallel()
	app := sttest.Run(t, func(st *st.Ctx) {
		st.Form("f").ChatInput("Ask")
		st.ChatInput("Ask", st.Help("no"))
	})
	if !app.Contains(`st.ChatInput "Ask": cannot be used in a form`) || !app.Contains("option Help does not apply") {
		t.Errorf("page %q", app.Texts())
	}
}

func TestChatMessage(t *testing.T) {
	t.Parallel()
	app := sttest.Run(t, func(st *st.Ctx) {
		st.ChatMessage("user").Markdown("hi")
		st.ChatMessage("assistant", st.Avatar("🦜")).Markdown("hello")
		st.ChatMessage("bot", st.Avatar("https://example.com/a.png"))
		st.ChatMessage("bad", st.Avatar("javascript://alert(1)"))
	})
	m := app.All("chat_message")
	if len(m) != 4 || m[0].Props["role"] != "user" || m[0].Texts()[0] != "hi" || m[1].Props["avatar"] != "🦜" || m[2].Props["avatar_url"] != "https://example.com/a.png" {
		t.Fatalf("messages %+v", m)
	}
	if m[3].Props["avatar_url"] != nil || !app.Contains(`st.ChatMessage "bad": Avatar: cannot use the URL`) {
		t.Errorf("a javascript: avatar: %v, page %q", m[3].Props, app.Texts())
	}
}

// As in Streamlit, an OnSubmit callback reads the text under the input's
// key, and the key holds it for the one run.
func TestKeyedChatInputsTextIsInSessionStateForOneRun(t *testing.T) {
	t.Parallel()
	var inCallback string
	var during []string
	app := sttest.Run(t, func(st *st.Ctx) {
		state := st.SessionState()
		st.ChatInput("Ask", st.Key("q"), st.OnSubmit(func() { inCallback = state.String("q") }))
		during = append(during, state.String("q"))
	})
	app.Chat("why?")
	app.Rerun(nil, "")
	if inCallback != "why?" || strings.Join(during, "|") != "|why?|" {
		t.Errorf("the callback read %q; the runs read %q", inCallback, during)
	}
}
