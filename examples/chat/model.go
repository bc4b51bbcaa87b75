package main

import (
	"context"
	"iter"
	"net/http"
	"strings"
	"time"
)

// Message is one message of a chat, as OpenAI's API has it.
type Message struct {
	Role    string `json:"role"` // user, assistant or system
	Content string `json:"content"`
}

// A Model answers a chat. Stream streams the reply to msgs, piece by
// piece; an error ends it. It stops when ctx is cancelled.
type Model interface {
	Name() string
	Stream(ctx context.Context, msgs []Message) iter.Seq2[string, error]
}

// fromEnv returns the OpenAI-compatible endpoint the environment names,
// or the fake model when it names none.
func fromEnv(getenv func(string) string) Model {
	base, key := getenv("OPENAI_BASE_URL"), getenv("OPENAI_API_KEY")
	if base == "" && key == "" {
		return fake{pause: 60 * time.Millisecond}
	}
	if base == "" {
		base = "https://api.openai.com/v1"
	}
	name := getenv("OPENAI_MODEL")
	if name == "" {
		name = "gpt-4o-mini"
	}
	return &openAI{base: strings.TrimSuffix(base, "/"), key: key, model: name, client: http.DefaultClient}
}

// fake is a model for trying the app without one: it answers with the
// question back and a few words, one word per pause.
type fake struct{ pause time.Duration }

func (fake) Name() string { return "a fake model (set OPENAI_API_KEY for a real one)" }

func (f fake) Stream(ctx context.Context, msgs []Message) iter.Seq2[string, error] {
	question := msgs[len(msgs)-1].Content
	reply := "You said: **" + question + "**. I am a fake model, so all I can do is say it back, one word at a time."
	return func(yield func(string, error) bool) {
		for i, w := range strings.SplitAfter(reply, " ") {
			if i > 0 {
				select {
				case <-ctx.Done():
					yield("", ctx.Err())
					return
				case <-time.After(f.pause):
				}
			}
			if !yield(w, nil) {
				return
			}
		}
	}
}
