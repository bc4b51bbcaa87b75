package benchapp

import (
	"strconv"
	"time"

	"github.com/gost-dev/gost/st"
)

// StreamTrigger starts StreamApp's stream.
const StreamTrigger = "button:Stream"

// Stream's shape: StreamPieces pieces, one every StreamEvery (50 a
// second), each the time it was yielded in Unix nanoseconds and a space,
// so a client can tell how long a piece took to reach it.
const (
	StreamPieces = 250
	StreamEvery  = 20 * time.Millisecond
)

// StreamApp streams a model-like answer when its button is clicked.
func StreamApp(st *st.Ctx) {
	st.Title("Stream")
	if st.Button("Stream") {
		st.WriteStream(func(yield func(string) bool) {
			next := time.Now()
			for range StreamPieces {
				next = next.Add(StreamEvery)
				time.Sleep(time.Until(next))
				if !yield(strconv.FormatInt(time.Now().UnixNano(), 10) + " ") {
					return
				}
			}
		})
	}
}

func init() { Apps["stream"] = StreamApp }
