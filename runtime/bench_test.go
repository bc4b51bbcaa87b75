package runtime

import (
	"bytes"
	"github.com/gost-dev/gost/internal/benchapp"
	"testing"
	"time"

	"github.com/gost-dev/gost/internal/tree"
	"github.com/gost-dev/gost/st"
)

// These micro-benchmarks time one click's rerun in memory: the run loop, the
// app, the diff and the done message, without a network. They are for
// catching regressions quickly; cmd/gostbench measures the whole server over
// real websockets.
//
//	go test -run '^$' -bench Rerun ./runtime/

// benchClient is an in-memory browser that hands over every done message.
// The benchmarks wait for each run before asking for the next, so one slot
// is enough and Send never blocks.
type benchClient struct{ done chan []byte }

func (c *benchClient) Send(msg []byte) {
	if bytes.HasPrefix(msg, []byte(`{"t":"done"`)) {
		c.done <- msg
	}
}

func (c *benchClient) wait(b *testing.B) []byte {
	select {
	case m := <-c.done:
		return m
	case <-time.After(10 * time.Second):
		b.Fatal("no done within 10s")
		return nil
	}
}

// benchRerun clicks trigger on app over and over and reports the time, the
// allocations and the size of the done message per click.
func benchRerun(b *testing.B, app func(*st.Ctx), trigger string) {
	c := &benchClient{done: make(chan []byte, 1)}
	s := NewSession(app, c)
	s.nodes = new(tree.Pool)
	s.Start("")
	c.wait(b)
	b.ReportAllocs()
	var n, size int
	for b.Loop() {
		s.Rerun(nil, trigger)
		size += len(c.wait(b))
		n++
	}
	b.ReportMetric(float64(size)/float64(n), "done-B/op")
}

// BenchmarkRerunSmallApp: a title, a button and a counter; the click changes
// the counter.
func BenchmarkRerunSmallApp(b *testing.B) {
	benchRerun(b, benchapp.SmallApp, benchapp.ClickTrigger)
}

// BenchmarkRerunRepresentativeApp: the harness's representative page (35
// elements, a dozen widgets, a sidebar and columns); the click changes two
// elements.
func BenchmarkRerunRepresentativeApp(b *testing.B) {
	benchRerun(b, benchapp.RepresentativeApp, benchapp.ClickTrigger)
}
