// Chat is a chat with a language model: the history stays in the session
// state, and the answer streams in word by word. It talks to any
// OpenAI-compatible endpoint when OPENAI_API_KEY or OPENAI_BASE_URL is set
// (OPENAI_MODEL names the model), and to a small built-in fake model
// otherwise. Run it from the repository root with
//
//	go run ./cmd/gost run examples/chat
package main

import (
	"os"

	"github.com/gost-dev/gost/st"
)

// history is the conversation so far, in the session state.
const history st.StateKey[[]Message] = "history"

// model answers; chosen once, from the environment.
var model = fromEnv(os.Getenv)

func App(st *st.Ctx) {
	st.Title("Chat")
	st.Caption("Talking to " + model.Name() + ".")
	msgs := history.Get(st)
	for _, m := range msgs {
		st.ChatMessage(m.Role).Markdown(m.Content)
	}
	if prompt := st.ChatInput("Ask anything", st.MaxChars(4000)); prompt != "" {
		st.ChatMessage("user").Markdown(prompt)
		msgs = append(msgs, Message{Role: "user", Content: prompt})
		history.Set(st, msgs) // kept even if the user moves on mid-answer
		// A model's error shows after what it said, and is not kept.
		answer := st.ChatMessage("assistant").WriteStream(model.Stream(st.Context(), msgs))
		history.Set(st, append(msgs, Message{Role: "assistant", Content: answer}))
	}
}
