package runtime

import (
	"bytes"
	"fmt"
	"strings"
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
		if m.T == "delta" {
			deltas++
			appends += bytes.Count(m.raw, []byte(`"op":"append"`))
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
	// As appends: the raw text, the paragraphs' HTML, the final HTML (each
	// about n, ~1 KB), and a frame's overhead per piece.
	const frameOverhead = 80
	if limit := 4*n + pieces*frameOverhead; total > limit {
		t.Errorf("the stream of %d bytes in %d pieces cost %d bytes on the wire, more than %d: not linear", n, pieces, total, limit)
	}
	if appends < pieces/2 {
		t.Errorf("%d append ops in %d deltas for %d pieces 20 ms apart: the pieces did not reach the browser as they came", appends, deltas, pieces)
	}
	t.Logf("%d bytes of text in %d pieces: %d bytes on the wire in %d deltas (%d appends), %.1f bytes a piece beyond the text",
		n, pieces, total, deltas, appends, float64(total-3*n)/pieces)
}
