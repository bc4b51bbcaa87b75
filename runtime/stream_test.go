package runtime

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gost-dev/gost/st"
)

// A streamed answer costs its length on the wire, not its square: each
// piece goes as an append of the new text, one frame per piece when they
// come slower than a frame, and the whole text once more at the end.
func TestStreamedTextGoesAsAppendsWhoseBytesGrowWithTheText(t *testing.T) {
	t.Parallel()
	const pieces = 100
	var text strings.Builder
	for i := range pieces {
		fmt.Fprintf(&text, "word%03d ", i)
		if i%10 == 9 {
			text.WriteString("\n\n") // complete paragraphs go as rendered HTML
		}
	}
	_, ts := testServer(t, func(st *st.Ctx) {
		st.WriteStream(func(yield func(string) bool) {
			for p := range strings.SplitAfterSeq(text.String(), " ") {
				time.Sleep(20 * time.Millisecond) // slower than a frame: no coalescing
				if !yield(p) {
					return
				}
			}
		})
	})
	b := dial(t, ts)
	b.hello("", nil)
	var deltas, appends, total int
	for {
		m := b.read()
		total += len(m.raw)
		switch m.T {
		case "delta":
			deltas++
		case "+":
			appends++
		}
		if m.T == "done" {
			if !bytes.Contains(m.raw, []byte("word099")) {
				t.Errorf("the done message does not hold the whole text: %s", m.raw)
			}
			break
		}
	}
	n := text.Len()
	// Sent whole each time, the text would cost n·pieces/2 ≈ 45 KB.
	// As appends: the raw text, the paragraphs' HTML, the open paragraph's
	// renderings (at most twice the text), the final HTML (each about n,
	// ~1 KB), and a frame's overhead per piece.
	const frameOverhead = 80
	if limit := 6*n + pieces*frameOverhead; total > limit {
		t.Errorf("the stream of %d bytes in %d pieces cost %d bytes on the wire, more than %d: not linear", n, pieces, total, limit)
	}
	if appends < pieces/2 {
		t.Errorf("%d appends (and %d deltas) for %d pieces 20 ms apart: the pieces did not reach the browser as they came", appends, deltas, pieces)
	}
	t.Logf("%d bytes of text in %d pieces: %d bytes on the wire in %d deltas (%d appends), %.1f bytes a piece beyond the text itself",
		n, pieces, total, deltas, appends, float64(total-n)/pieces)
}

// recorder is a Client that keeps what it is sent.
type recorder struct {
	mu   sync.Mutex
	msgs [][]byte
}

func (r *recorder) Send(m []byte) {
	r.mu.Lock()
	r.msgs = append(r.msgs, m)
	r.mu.Unlock()
}

func (r *recorder) all() [][]byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.msgs)
}

// A browser that comes back in the middle of a stream gets the text so far,
// not only what follows.
func TestABrowserThatReconnectsMidStreamGetsTheTextSoFar(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	s := NewSession(func(st *st.Ctx) {
		st.WriteStream(func(yield func(string) bool) {
			for i := range 40 {
				if i == 20 {
					<-release
				}
				time.Sleep(5 * time.Millisecond)
				if !yield(fmt.Sprintf("w%02d ", i)) || i%5 == 4 && !yield("\n\n") {
					return
				}
			}
		})
	}, &recorder{})
	s.Start("")
	time.Sleep(300 * time.Millisecond) // the first 20 pieces went to the first browser
	second := &recorder{}
	s.Attach(second)
	close(release)
	// What the second browser's page shows of the stream, op by op.
	var html, open, text string
	deadline := time.Now().Add(10 * time.Second)
	for done := false; !done; {
		if time.Now().After(deadline) {
			t.Fatal("the run did not finish")
		}
		time.Sleep(20 * time.Millisecond)
		html, open, text = "", "", ""
		for _, m := range second.all() {
			var msg struct {
				T   string
				Ops []struct {
					Op string
					N  json.RawMessage
				}
				// An append ("+").
				HTML *string
				Open *string
				Text string
			}
			json.Unmarshal(m, &msg)
			switch msg.T {
			case "done":
				done = true
			case "+":
				if msg.HTML != nil {
					html, open, text = html+*msg.HTML, "", ""
				}
				if msg.Open != nil {
					open, text = *msg.Open, ""
				}
				text += msg.Text
			}
			if done {
				break
			}
			for _, op := range msg.Ops {
				if op.Op == "set" {
					var n struct{ K string }
					json.Unmarshal(op.N, &n)
					if n.K == "stream" {
						html, open, text = "", "", ""
					}
				}
			}
		}
	}
	if shown := html + open + text; !strings.Contains(shown, "w00") || !strings.Contains(shown, "w30") {
		t.Errorf("before its run ended the second browser showed %q: want the stream from its first word", shown)
	}
}
