package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"net/http"
	"strings"
)

// openAI streams answers from an OpenAI-compatible chat completions
// endpoint (OpenAI, Ollama, vLLM, llama.cpp's server…) with plain net/http:
// the request has "stream": true, and the answer comes as server-sent
// events, one JSON chunk per `data:` line, until `data: [DONE]`.
type openAI struct {
	base, key, model string
	client           *http.Client
}

func (m *openAI) Name() string { return m.model + " at " + m.base }

func (m *openAI) Stream(ctx context.Context, msgs []Message) iter.Seq2[string, error] {
	return func(yield func(string, error) bool) {
		stopped := false
		err := m.stream(ctx, msgs, func(s string) bool {
			stopped = !yield(s, nil)
			return !stopped
		})
		if err != nil && !stopped {
			yield("", err)
		}
	}
}

// stream posts the chat and yields the content of each chunk.
func (m *openAI) stream(ctx context.Context, msgs []Message, yield func(string) bool) error {
	body, _ := json.Marshal(struct {
		Model    string    `json:"model"`
		Messages []Message `json:"messages"`
		Stream   bool      `json:"stream"`
	}{m.model, msgs, true})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, m.base+"/chat/completions", bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("chat: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "text/event-stream")
	if m.key != "" {
		req.Header.Set("Authorization", "Bearer "+m.key)
	}
	res, err := m.client.Do(req)
	if err != nil {
		return fmt.Errorf("chat: %w", err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(io.LimitReader(res.Body, 2048))
		return fmt.Errorf("chat: %s: %s", res.Status, apiError(msg))
	}
	sc := bufio.NewScanner(res.Body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		data, ok := strings.CutPrefix(sc.Text(), "data:")
		if !ok {
			continue // comments, event names, blank lines between events
		}
		data = strings.TrimSpace(data)
		if data == "[DONE]" {
			return nil
		}
		var chunk struct {
			Choices []struct {
				Delta struct {
					Content string `json:"content"`
				} `json:"delta"`
			} `json:"choices"`
			Error *struct {
				Message string `json:"message"`
			} `json:"error"`
		}
		if err := json.Unmarshal([]byte(data), &chunk); err != nil {
			return fmt.Errorf("chat: a chunk of the stream is not JSON: %w", err)
		}
		if chunk.Error != nil {
			return fmt.Errorf("chat: %s", chunk.Error.Message)
		}
		for _, c := range chunk.Choices {
			if c.Delta.Content != "" && !yield(c.Delta.Content) {
				return nil
			}
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("chat: reading the stream: %w", err)
	}
	return errors.New("chat: the stream ended without [DONE]")
}

// apiError returns the message of an OpenAI error body, or the body.
func apiError(body []byte) string {
	var e struct {
		Error struct {
			Message string `json:"message"`
		} `json:"error"`
	}
	if json.Unmarshal(body, &e) == nil && e.Error.Message != "" {
		return e.Error.Message
	}
	return strings.TrimSpace(string(body))
}
