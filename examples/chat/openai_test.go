package main

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"
)

// sse serves the chat completions stream of OpenAI's API: one JSON chunk
// per data line, then [DONE], flushing each, as the real one does.
func sse(t *testing.T, words []string, check func(r *http.Request, body map[string]any)) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body map[string]any
		json.NewDecoder(r.Body).Decode(&body)
		check(r, body)
		w.Header().Set("Content-Type", "text/event-stream")
		fmt.Fprint(w, ": keep-alive comment\n\n")
		for _, word := range words {
			chunk, _ := json.Marshal(map[string]any{"choices": []any{map[string]any{"index": 0, "delta": map[string]any{"content": word}}}})
			fmt.Fprintf(w, "data: %s\n\n", chunk)
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
		fmt.Fprint(w, "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n")
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestOpenAIStreamsTheAnswer(t *testing.T) {
	t.Parallel()
	srv := sse(t, []string{"Hel", "lo", " wörld"}, func(r *http.Request, body map[string]any) {
		if r.URL.Path != "/v1/chat/completions" || r.Header.Get("Authorization") != "Bearer sk-test" {
			t.Errorf("request %s %s with Authorization %q", r.Method, r.URL.Path, r.Header.Get("Authorization"))
		}
		if body["stream"] != true || body["model"] != "small" || len(body["messages"].([]any)) != 2 {
			t.Errorf("body %v", body)
		}
	})
	env := map[string]string{"OPENAI_BASE_URL": srv.URL + "/v1/", "OPENAI_API_KEY": "sk-test", "OPENAI_MODEL": "small"}
	m := fromEnv(func(k string) string { return env[k] })
	got, err := collect(m.Stream(context.Background(), []Message{{"user", "hi"}, {"assistant", "hello"}}))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, "|") != "Hel|lo| wörld" {
		t.Errorf("words %q", got)
	}
}

func TestOpenAIErrorsAreReported(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, `{"error":{"message":"Incorrect API key provided"}}`)
	}))
	defer srv.Close()
	m := fromEnv(func(k string) string { return map[string]string{"OPENAI_BASE_URL": srv.URL}[k] })
	got, err := collect(m.Stream(context.Background(), []Message{{"user", "hi"}}))
	if len(got) != 0 {
		t.Errorf("words %q from a failed request", got)
	}
	if err == nil || !strings.Contains(err.Error(), "401 Unauthorized: Incorrect API key provided") {
		t.Errorf("error %v", err)
	}
}

func TestOpenAIStopsWhenCancelled(t *testing.T) {
	t.Parallel()
	many := slices.Repeat([]string{"word "}, 1000)
	srv := sse(t, many, func(*http.Request, map[string]any) {})
	m := fromEnv(func(k string) string { return map[string]string{"OPENAI_BASE_URL": srv.URL}[k] })
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n := 0
	var err error
	for _, e := range m.Stream(ctx, []Message{{"user", "hi"}}) {
		if e != nil {
			err = e
			break
		}
		if n++; n == 3 {
			cancel()
		}
	}
	if n >= len(many) || err == nil {
		t.Errorf("read %d words after cancelling at 3, error %v", n, err)
	}
}

func TestFromEnvWithoutAnEndpointIsTheFakeModel(t *testing.T) {
	t.Parallel()
	if _, ok := fromEnv(func(string) string { return "" }).(fake); !ok {
		t.Error("no OPENAI_ variables: want the fake model")
	}
}

// collect reads a stream to its end or its error.
func collect(seq iter.Seq2[string, error]) ([]string, error) {
	var out []string
	for s, err := range seq {
		if err != nil {
			return out, err
		}
		out = append(out, s)
	}
	return out, nil
}
