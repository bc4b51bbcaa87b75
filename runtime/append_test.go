package runtime

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gost-dev/gost/internal/script"
)

func textAppendMsg(path []int, text string) []byte {
	return appendMsg(script.Appended{Path: path, Piece: script.Piece{Text: text}})
}

// Two append messages of text only, to the same element, merge into one
// that brings both texts; any other pair does not.
func TestMergeAppends(t *testing.T) {
	t.Parallel()
	html := "<p>x</p>"
	withHTML := appendMsg(script.Appended{Path: []int{0, 1}, Piece: script.Piece{HTML: &html, Text: "y"}})
	tests := []struct {
		name string
		a, b []byte
		want string // the merged text; "" for no merge
	}{
		{"plain", textAppendMsg([]int{0, 1}, "one "), textAppendMsg([]int{0, 1}, "two"), "one two"},
		{"escapes", textAppendMsg([]int{0, 1}, "a \"quote\"\n"), textAppendMsg([]int{0, 1}, "é <b> \\ \t"), "a \"quote\"\né <b> \\ \t"},
		{"empty", textAppendMsg([]int{0, 1}, ""), textAppendMsg([]int{0, 1}, "x"), "x"},
		{"another element", textAppendMsg([]int{0, 1}, "one"), textAppendMsg([]int{0, 2}, "two"), ""},
		{"a path's prefix", textAppendMsg([]int{0, 1}, "one"), textAppendMsg([]int{0, 1, 0}, "two"), ""},
		{"html after", textAppendMsg([]int{0, 1}, "one"), withHTML, ""},
		{"html before", withHTML, textAppendMsg([]int{0, 1}, "one"), ""},
		{"a delta", textAppendMsg([]int{0, 1}, "one"), deltaMsg(1, 0, nil), ""},
	}
	for _, test := range tests {
		merged, used := mergeAppends([][]byte{test.a, test.b})
		if ok := used == 2; ok != (test.want != "") {
			t.Errorf("%s: merged %v, want %v", test.name, ok, test.want != "")
			continue
		}
		if used != 2 {
			if !bytes.Equal(merged, test.a) {
				t.Errorf("%s: not merged, but %s stands for %s", test.name, merged, test.a)
			}
			continue
		}
		var m struct {
			T    string
			P    []int
			Text string
		}
		if err := json.Unmarshal(merged, &m); err != nil || m.T != "+" || m.Text != test.want {
			t.Errorf("%s: merged %s (%v), want the text %q", test.name, merged, err, test.want)
		}
	}
}

// Merging many appends costs their bytes once, not once per append.
func TestMergeAppendsIsLinear(t *testing.T) {
	t.Parallel()
	var msgs [][]byte
	var want strings.Builder
	for i := range 100000 {
		text := fmt.Sprintf("piece %d ", i)
		msgs = append(msgs, textAppendMsg([]int{0, 3, 1}, text))
		want.WriteString(text)
	}
	start := time.Now()
	merged, used := mergeAppends(msgs)
	took := time.Since(start)
	var m struct{ Text string }
	if err := json.Unmarshal(merged, &m); err != nil || used != len(msgs) || m.Text != want.String() {
		t.Fatalf("merged %d of %d appends (%v): the text differs", used, len(msgs), err)
	}
	if took > 5*time.Second { // merged one by one: ~65 GB copied
		t.Errorf("merging %d appends of %d bytes took %v", len(msgs), want.Len(), took)
	}
}

// Streamed text that waited for the connection's writer goes as one
// message: the writer of a busy server writes fewer messages, at no delay.
func TestAppendsWaitingForTheWriterGoAsOne(t *testing.T) {
	t.Parallel()
	c, ws := connPair(t)
	html := "<p>x</p>"
	// A writer busy with an earlier message: what Send queues waits for it.
	c.mu.Lock()
	c.writing = true
	c.mu.Unlock()
	for _, m := range [][]byte{
		textAppendMsg([]int{0, 1}, "one "),
		textAppendMsg([]int{0, 1}, "two "),
		textAppendMsg([]int{0, 1}, "three"),
		appendMsg(script.Appended{Path: []int{0, 1}, Piece: script.Piece{HTML: &html}}),
		textAppendMsg([]int{0, 1}, "four"),
		textAppendMsg([]int{0, 2}, "other"),
	} {
		c.Send(m) // before the writer runs: one batch
	}
	go c.flush()
	want := []string{
		`{"t":"+","p":[0,1],"text":"one two three"}`,
		`{"t":"+","p":[0,1],"html":"<p>x</p>","text":""}`,
		`{"t":"+","p":[0,1],"text":"four"}`,
		`{"t":"+","p":[0,2],"text":"other"}`,
	}
	for i, w := range want {
		_, got, err := ws.ReadMessage()
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != w {
			t.Errorf("message %d: %s, want %s", i+1, got, w)
		}
	}
	// The writer counts a message out once written, which may be just
	// after the client read it.
	queued := func() int {
		c.mu.Lock()
		defer c.mu.Unlock()
		return c.queued
	}
	for deadline := time.Now().Add(5 * time.Second); queued() != 0; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d bytes still counted as queued after all was written", queued())
		}
	}
}
