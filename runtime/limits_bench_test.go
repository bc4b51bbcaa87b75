package runtime

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	goruntime "runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// What a hostile tab costs the server (issue 14): one rerun message with
// hostileKeys widget values, as large as the read limit lets it be, over a
// real websocket on loopback. BENCHMARKS.md records the figures.
//
//	go test -run '^$' -bench Hostile -benchtime 20x ./runtime/

const hostileKeys = 100_000

// hostileMsg is a rerun message setting hostileKeys session state keys.
var hostileMsg = func() []byte {
	var b strings.Builder
	b.WriteString(`{"t":"rerun","widgets":{`)
	for i := range hostileKeys {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `"=%x":1`, i)
	}
	b.WriteString(`}}`)
	return []byte(b.String())
}()

// hostileTab opens a session on ts and sends it hostileMsg. It returns the
// open websocket once the server has dealt with the message: answered
// with a done, or closed the connection.
func hostileTab(b *testing.B, ts *httptest.Server) *websocket.Conn {
	url := "ws" + strings.TrimPrefix(ts.URL, "http") + "/_gost/stream"
	ws, _, err := websocket.DefaultDialer.Dial(url, http.Header{"Origin": {ts.URL}})
	if err != nil {
		b.Fatal(err)
	}
	ws.WriteJSON(map[string]any{"t": "hello", "v": 1, "query": ""})
	readUntil(b, ws, `"t":"done"`)
	if err := ws.WriteMessage(websocket.TextMessage, hostileMsg); err != nil {
		b.Fatal(err)
	}
	readUntil(b, ws, `"t":"done"`)
	return ws
}

// readUntil reads until a message containing s, or the end of the
// connection.
func readUntil(b *testing.B, ws *websocket.Conn, s string) {
	ws.SetReadDeadline(time.Now().Add(30 * time.Second))
	for {
		_, data, err := ws.ReadMessage()
		if err != nil {
			if ne, ok := err.(interface{ Timeout() bool }); ok && ne.Timeout() {
				b.Fatal("no answer in 30 s")
			}
			return
		}
		if strings.Contains(string(data), s) {
			return
		}
	}
}

// BenchmarkHostileMessage: the time the server takes over one hostile
// message, from its send to the server's answer.
func BenchmarkHostileMessage(b *testing.B) {
	_, ts := benchServer(b)
	b.SetBytes(int64(len(hostileMsg)))
	start := cpuTime()
	for b.Loop() {
		hostileTab(b, ts).Close()
	}
	// CPU time of the whole process (the client's share is writing bytes
	// it has ready), which a busy machine disturbs less than the wall time.
	b.ReportMetric(float64((cpuTime()-start)/time.Millisecond)/float64(b.N), "cpu-ms/op")
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkHostileSessionsHeap: the Go heap 60 hostile sessions hold, per
// session, while their tabs stay open.
func BenchmarkHostileSessionsHeap(b *testing.B) {
	const tabs = 60
	for b.Loop() {
		srv, ts := benchServer(b)
		before := heapInUse()
		var open []*websocket.Conn
		for range tabs {
			open = append(open, hostileTab(b, ts))
		}
		after := heapInUse()
		b.ReportMetric(float64(after-before)/tabs/(1<<20), "MiB/session")
		b.ReportMetric(float64(srv.Sessions()), "sessions")
		for _, ws := range open {
			ws.Close()
		}
		ts.Close()
	}
}

func benchServer(b *testing.B) (*Server, *httptest.Server) {
	srv := NewServer(counterApp, Options{}, slog.New(slog.DiscardHandler))
	ts := httptest.NewServer(srv)
	b.Cleanup(ts.Close)
	return srv, ts
}

func heapInUse() uint64 {
	goruntime.GC()
	var m goruntime.MemStats
	goruntime.ReadMemStats(&m)
	return m.HeapInuse
}
