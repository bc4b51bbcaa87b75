package script_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gost-dev/gost/internal/script"
	"github.com/gost-dev/gost/internal/tree"
)

// frame takes what a frame would send: the appends, as JSON, and the
// appends that would bring a browser starting afresh to every stream's text.
func frame(t *testing.T, r *script.Run) (appends, whole string) {
	t.Helper()
	ok := r.PeekLive(func(_ *tree.Node, _ bool, got []script.Appended, all func() []script.Appended) {
		appends, whole = appendsJSON(got), appendsJSON(all())
	})
	if !ok {
		t.Fatal("PeekLive on a run going on reported false")
	}
	return appends, whole
}

// appendsJSON writes appends as a JSON array, with the fields of the
// append message.
func appendsJSON(appends []script.Appended) string {
	type wire struct {
		P    []int   `json:"p"`
		HTML *string `json:"html,omitempty"`
		Open *string `json:"open,omitempty"`
		Text string  `json:"text"`
	}
	out := make([]wire, 0, len(appends))
	for _, a := range appends {
		out = append(out, wire{a.Path, a.HTML, a.Open, a.Text})
	}
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(out)
	return strings.TrimSpace(b.String())
}

func TestAppendsWaitForTheFrameMerged(t *testing.T) {
	t.Parallel()
	h := newSession(t, nil)
	r := h.s.Begin(h.s.Supersede(), script.Input{})
	woken := 0
	r.SetWake(func() { woken++ })
	text(r, "title")
	n := r.Add(r.Block(tree.Main), &tree.Node{Kind: "stream", Props: json.RawMessage(`{"html":"","text":""}`)})
	r.Append(n, script.Piece{Text: "one "})
	r.Append(n, script.Piece{Text: "two"})
	if woken != 2 {
		t.Errorf("two appends woke the runtime %d times, want 2 (it coalesces)", woken)
	}
	got, _ := frame(t, r)
	if want := `[{"p":[0,1],"text":"one two"}]`; got != want {
		t.Errorf("first frame\ngot  %s\nwant %s", got, want)
	}
	para, open := "<p>one two</p>", "<p>th</p>"
	r.Append(n, script.Piece{HTML: &para, Text: "th"})
	r.Append(n, script.Piece{Open: &open})
	r.Append(n, script.Piece{Text: "ree"})
	got, whole := frame(t, r)
	if want := `[{"p":[0,1],"html":"<p>one two</p>","open":"<p>th</p>","text":"ree"}]`; got != want {
		t.Errorf("second frame\ngot  %s\nwant %s", got, want)
	}
	if whole != got {
		t.Errorf("the whole stream %s differs from what two frames sent", whole)
	}
	if got, _ := frame(t, r); got != "[]" {
		t.Errorf("a frame with nothing new sends %s", got)
	}
	// Replaced by its final form, the node takes no appends on the wire.
	r.Replace(r.Block(tree.Main), n, &tree.Node{Kind: "stream"})
	r.Append(n, script.Piece{Text: "late"})
	if got, _ := frame(t, r); got != "[]" {
		t.Errorf("an append to a node no longer drawn sends %s", got)
	}
}

func TestARunsContextEndsWithIt(t *testing.T) {
	t.Parallel()
	h := newSession(t, func(r *script.Run) {})
	r := h.s.Begin(h.s.Supersede(), script.Input{})
	ctx := r.Context()
	h.s.Supersede()
	select {
	case <-ctx.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("a superseded run's context was not cancelled")
	}
	r = h.s.Begin(h.s.Newest(), script.Input{})
	if r.Context().Err() != nil {
		t.Fatal("a new run starts with its context cancelled")
	}
	ctx = r.Context()
	r.Execute(func(*script.Run) {})
	if r.Context().Err() == nil {
		t.Error("a finished run's context is not cancelled")
	}
	if ctx.Err() == nil {
		t.Error("the context a run took while it went on is not cancelled when it finishes")
	}
	// A run superseded before it asks for its context gets a cancelled one.
	r = h.s.Begin(h.s.Newest(), script.Input{})
	h.s.Supersede()
	if r.Context().Err() == nil {
		t.Error("a superseded run's context, made after, is not cancelled")
	}
}

func TestAOnceWidgetHoldsItsValueForOneRun(t *testing.T) {
	t.Parallel()
	var got []any
	chat := script.Widget{Kind: "chat_input", Label: "Ask", Default: "", Decode: asString, Once: true}
	h := newSession(t, func(r *script.Run) { got = append(got, draw(r, chat)) })
	h.send(nil)
	h.send(map[string]any{"chat_input:Ask": "hi"})
	h.send(nil)
	if len(got) != 3 || got[0] != "" || got[1] != "hi" || got[2] != "" {
		t.Errorf("the values over three runs: %q, want \"\", \"hi\", \"\"", got)
	}
}

func TestAddingToASlotReplacesWhatItHeld(t *testing.T) {
	t.Parallel()
	h := newSession(t, nil)
	r := h.s.Begin(h.s.Supersede(), script.Input{})
	woken := 0
	r.SetWake(func() { woken++ })
	slot := r.Add(r.Block(tree.Main), &tree.Node{Kind: script.SlotKind})
	r.Add(slot, &tree.Node{Kind: "text"})
	r.Add(slot, &tree.Node{Kind: "markdown"})
	if len(slot.Children) != 1 || slot.Children[0].Kind != "markdown" || woken != 2 {
		t.Errorf("the slot holds %d elements after two adds (woken %d times)", len(slot.Children), woken)
	}
}

// A frame of streamed text skips the diff only while the tree has not
// changed: every Add and Replace since the last frame makes the next one
// diff it.
func TestPeekLiveTellsWhetherTheTreeChanged(t *testing.T) {
	t.Parallel()
	h := newSession(t, nil)
	r := h.s.Begin(h.s.Supersede(), script.Input{})
	changed := func() bool {
		var got bool
		r.PeekLive(func(_ *tree.Node, c bool, _ []script.Appended, _ func() []script.Appended) { got = c })
		return got
	}
	if !changed() {
		t.Error("the first frame of a run does not diff its tree")
	}
	n := r.Add(r.Block(tree.Main), &tree.Node{Kind: "stream", Props: json.RawMessage(`{"html":"","text":""}`)})
	if !changed() {
		t.Error("a frame after an Add does not diff the tree")
	}
	r.Append(n, script.Piece{Text: "one "})
	if changed() {
		t.Error("a frame with only streamed text diffs the tree")
	}
	if changed() {
		t.Error("a frame with nothing new diffs the tree")
	}
	r.Replace(r.Block(tree.Main), n, &tree.Node{Kind: "stream"})
	if !changed() {
		t.Error("a frame after a Replace does not diff the tree")
	}
}

// Streamed text calls the flush, without the run's lock, instead of the
// wake: the runtime may send the frame on the run's goroutine.
func TestAppendFlushesAfterTheWake(t *testing.T) {
	t.Parallel()
	h := newSession(t, nil)
	r := h.s.Begin(h.s.Supersede(), script.Input{})
	var calls []string
	r.SetWake(func() { calls = append(calls, "wake") })
	r.SetFlush(func() {
		calls = append(calls, "flush")
		appends, _ := frame(t, r) // would deadlock under the run's lock
		calls = append(calls, appends)
	})
	n := r.Add(r.Block(tree.Main), &tree.Node{Kind: "stream", Props: json.RawMessage(`{"html":"","text":""}`)})
	r.Append(n, script.Piece{Text: "one"})
	if want := []string{"flush", `[{"p":[0,0],"text":"one"}]`}; !slices.Equal(calls, want) {
		t.Errorf("an append called %q, want %q", calls, want)
	}
}

// TestSupersedeTakesNoLockOfTheTree: the runtime supersedes a run while it
// holds its session's lock, which it takes inside Peek, under the run's
// lock: Supersede must not wait for that lock, or the two deadlock.
func TestSupersedeTakesNoLockOfTheTree(t *testing.T) {
	t.Parallel()
	h := newSession(t, func(r *script.Run) {})
	r := h.s.Begin(h.s.Supersede(), script.Input{})
	ctx := r.Context()
	done := make(chan struct{})
	go func() {
		defer close(done)
		r.Peek(func(*tree.Node) { h.s.Supersede() })
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Supersede waited for the lock Peek holds")
	}
	if ctx.Err() == nil {
		t.Error("the superseded run's context is not cancelled")
	}
}
