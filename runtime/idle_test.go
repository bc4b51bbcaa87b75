package runtime

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	goruntime "runtime"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/gost-dev/gost/internal/benchapp"
	"github.com/gost-dev/gost/st"
)

// childPing is how often the idle child pings its tabs: every second, not
// every 54 s, so that a measure taken two seconds after the tabs connect
// sees them as they are after some minutes, with pings answered; rarely
// enough that few pings are being sent when memory is measured.
const childPing = time.Second

// BenchmarkIdleSession measures what a server holds for a tab that sits
// there: heap plus goroutine stacks per session, over 1,000 real loopback
// websocket sessions of the representative app, each after its first page
// and a few pings it answered, as a browser does. The server runs in a
// child process (this test binary again, as TestIdleServerChild), so the
// clients' memory is not counted; it is measured after a forced GC, as
// cmd/gostbench's idle scenario does. Memory figures hardly depend on the
// machine's load:
//
//	go test -run '^$' -bench IdleSession -benchtime 1x ./runtime/
func BenchmarkIdleSession(b *testing.B) {
	const sessions = 1000
	addr := startIdleChild(b)
	before := childMem(b, addr)
	tabs := dialIdle(b, addr, sessions)
	tabs.waitPings(b, 2)
	after := childMem(b, addr)
	if after.Sessions != sessions {
		b.Fatalf("the server holds %d sessions, want %d", after.Sessions, sessions)
	}
	per := func(a, b uint64) float64 { return (float64(a) - float64(b)) / sessions }
	b.ReportMetric(per(after.HeapInuse+after.StackInuse, before.HeapInuse+before.StackInuse), "B/session")
	b.ReportMetric(per(after.HeapInuse, before.HeapInuse), "heap-B/session")
	b.ReportMetric(per(after.StackInuse, before.StackInuse), "stack-B/session")
	b.ReportMetric(float64(after.Goroutines-before.Goroutines)/sessions, "goroutines/session")
}

// BenchmarkIdleSessionDistinct is BenchmarkIdleSession for a page of 40
// texts that differ from every other tab's, where the tabs share none of
// their elements (tree.Pool): what sharing costs where it cannot help.
//
//	go test -run '^$' -bench IdleSessionDistinct -benchtime 1x ./runtime/
func BenchmarkIdleSessionDistinct(b *testing.B) {
	b.Setenv("GOST_TEST_IDLE_APP", "distinct")
	BenchmarkIdleSession(b)
}

// distinctApp draws 40 texts of the tab's own.
func distinctApp(st *st.Ctx) {
	state := st.SessionState()
	if state.Int("n") == 0 {
		state.Set("n", int(tabCount.Add(1)))
	}
	for i := range 40 {
		st.Text(fmt.Sprintf("Line %d of tab %d", i, state.Int("n")))
	}
}

var tabCount atomic.Int64 // distinctApp's tabs, in the child

// TestIdleTabHoldsOneGoroutine: a tab that sits there holds one goroutine
// of the server, the one that reads its websocket: nothing writes to it,
// so no writer waits, and its run loop has ended.
func TestIdleTabHoldsOneGoroutine(t *testing.T) {
	t.Parallel()
	const tabs = 50
	addr := startIdleChild(t)
	before := childMem(t, addr)
	dialIdle(t, addr, tabs)
	var after idleMem
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		after = childMem(t, addr)
		if after.Goroutines-before.Goroutines <= tabs || time.Now().After(deadline) {
			break
		}
	}
	if n := after.Goroutines - before.Goroutines; n != tabs {
		t.Errorf("%d idle tabs hold %d goroutines, want one each", tabs, n)
	}
}

// TestIdleReadersWaitOutsideGorilla: the readers of idle tabs that answer
// pings wait for their sockets a few frames deep (idle.go), not inside
// gorilla's read, where a pong would leave them until the next message,
// with an 8 KiB stack.
func TestIdleReadersWaitOutsideGorilla(t *testing.T) {
	t.Parallel()
	const n = 20
	addr := startIdleChild(t)
	tabs := dialIdle(t, addr, n)
	tabs.waitPings(t, 2)
	if m := childMem(t, addr); m.DeepReaders != 0 {
		t.Errorf("%d of %d idle tabs that answered pings are read inside gorilla", m.DeepReaders, n)
	}
	// The tabs are served as before.
	for i, ws := range tabs.ws[:3] {
		if err := ws.WriteMessage(websocket.TextMessage, []byte(`{"t":"rerun","widgets":{},"trigger":"`+benchapp.ClickTrigger+`"}`)); err != nil {
			t.Fatal(err)
		}
		select {
		case data := <-tabs.done[i]:
			// A done without "s" ended ok (docs/protocol.md); the click
			// changed the page.
			if bytes.Contains(data, []byte(`"s":`)) || !bytes.Contains(data, []byte(`Clicked 1 times`)) {
				t.Errorf("tab %d: a click after the pings: %s", i, data)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("tab %d: no done after a click", i)
		}
	}
}

// idleMem is what the child reports of itself.
type idleMem struct {
	HeapInuse, StackInuse uint64
	Goroutines, Sessions  int
	DeepReaders           int // goroutines waiting in gorilla's NextReader
}

func childMem(tb testing.TB, addr string) idleMem {
	tb.Helper()
	r, err := http.Get("http://" + addr + "/_mem")
	if err != nil {
		tb.Fatal(err)
	}
	defer r.Body.Close()
	var m idleMem
	if err := json.NewDecoder(r.Body).Decode(&m); err != nil {
		tb.Fatal(err)
	}
	return m
}

// startIdleChild starts the server of TestIdleServerChild and returns its
// address; it ends with the test.
func startIdleChild(tb testing.TB) string {
	tb.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestIdleServerChild$")
	cmd.Env = append(os.Environ(), "GOST_TEST_IDLE_CHILD=1")
	stdin, err := cmd.StdinPipe() // the child ends when it closes
	if err != nil {
		tb.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		stdin.Close()
		cmd.Wait()
	})
	addr, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		tb.Fatalf("the child gave no address: %v", err)
	}
	return strings.TrimSpace(addr)
}

// idleTabs are the tabs of dialIdle. Each has a goroutine reading it, so
// that it answers pings, as a browser does; the dones it reads go to done.
type idleTabs struct {
	ws    []*websocket.Conn
	done  []chan []byte
	pings []atomic.Int64
}

// dialIdle opens n tabs on the server at addr, each until its first page,
// and leaves them open until the test ends.
func dialIdle(tb testing.TB, addr string, n int) *idleTabs {
	tb.Helper()
	dialer := &websocket.Dialer{HandshakeTimeout: 10 * time.Second, ReadBufferSize: 4096, WriteBufferSize: 512}
	hello := []byte(`{"t":"hello","v":1,"session":"","widgets":{},"query":""}`)
	tabs := &idleTabs{ws: make([]*websocket.Conn, n), done: make([]chan []byte, n), pings: make([]atomic.Int64, n)}
	for i := range n {
		ws, _, err := dialer.Dial("ws://"+addr+"/_gost/stream", http.Header{"Origin": {"http://" + addr}})
		if err != nil {
			tb.Fatalf("tab %d: %v", i, err)
		}
		tb.Cleanup(func() { ws.Close() })
		if err := ws.WriteMessage(websocket.TextMessage, hello); err != nil {
			tb.Fatalf("tab %d: hello: %v", i, err)
		}
		ws.SetReadDeadline(time.Now().Add(10 * time.Second))
		for {
			_, data, err := ws.ReadMessage()
			if err != nil {
				tb.Fatalf("tab %d: first page: %v", i, err)
			}
			if bytes.HasPrefix(data, []byte(`{"t":"done"`)) {
				break
			}
		}
		ws.SetReadDeadline(time.Time{})
		tabs.ws[i], tabs.done[i] = ws, make(chan []byte, 1)
		ws.SetPingHandler(func(data string) error {
			tabs.pings[i].Add(1)
			return ws.WriteControl(websocket.PongMessage, []byte(data), time.Now().Add(time.Second))
		})
		go func() {
			for {
				_, data, err := ws.ReadMessage()
				if err != nil {
					return
				}
				if bytes.HasPrefix(data, []byte(`{"t":"done"`)) {
					select {
					case tabs.done[i] <- data:
					default:
					}
				}
			}
		}()
	}
	time.Sleep(200 * time.Millisecond) // the last run loops end
	return tabs
}

// waitPings waits until every tab has answered n pings.
func (t *idleTabs) waitPings(tb testing.TB, n int64) {
	tb.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for i := range t.pings {
		for t.pings[i].Load() < n {
			if time.Now().After(deadline) {
				tb.Fatalf("tab %d answered %d pings, want %d", i, t.pings[i].Load(), n)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	time.Sleep(50 * time.Millisecond) // the last pongs arrive
}

// TestIdleServerChild is the server of BenchmarkIdleSession and the idle
// tests; run alone it does nothing.
func TestIdleServerChild(t *testing.T) {
	if os.Getenv("GOST_TEST_IDLE_CHILD") != "1" {
		return
	}
	app := benchapp.RepresentativeApp
	if os.Getenv("GOST_TEST_IDLE_APP") == "distinct" {
		app = distinctApp
	}
	srv := NewServer(app, Options{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	srv.pingEvery = childPing
	mux := http.NewServeMux()
	mux.Handle("/", srv)
	mux.HandleFunc("/_mem", func(w http.ResponseWriter, r *http.Request) {
		debug.FreeOSMemory() // a GC: what is counted is live
		var ms goruntime.MemStats
		goruntime.ReadMemStats(&ms)
		var stacks bytes.Buffer
		pprof.Lookup("goroutine").WriteTo(&stacks, 2)
		deep := 0
		for g := range strings.SplitSeq(stacks.String(), "\n\n") {
			if strings.Contains(g, "websocket.(*Conn).NextReader") {
				deep++
			}
		}
		json.NewEncoder(w).Encode(idleMem{ms.HeapInuse, ms.StackInuse, goruntime.NumGoroutine(), srv.Sessions(), deep})
	})
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go http.Serve(l, mux)
	fmt.Println(l.Addr())
	io.Copy(io.Discard, os.Stdin) // until the benchmark closes it
}
