package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/gorilla/websocket"
)

// readTimeout bounds every wait for the server, so a stuck run fails the
// scenario instead of hanging the harness.
const readTimeout = 15 * time.Second

// helloMsg is what a fresh page sends first (docs/protocol.md).
var helloMsg = []byte(`{"t":"hello","v":1,"session":"","widgets":{},"query":""}`)

// rerunMsg is the frame a browser sends when button trigger is clicked.
func rerunMsg(trigger string) []byte {
	b, _ := json.Marshal(struct {
		T       string         `json:"t"`
		Widgets map[string]any `json:"widgets"`
		Trigger string         `json:"trigger"`
	}{"rerun", map[string]any{}, trigger})
	return b
}

// client is one browser tab speaking the gost protocol over a real
// websocket. It is used by one goroutine at a time.
type client struct {
	ws  *websocket.Conn
	id  string // the session id the server gave
	buf bytes.Buffer
}

// page is what the first run of a session sent.
type page struct {
	bytes    int // payload bytes of session, run and done
	elements int // nodes in the first page, the two root blocks included
}

// dialer is shared by all clients. Small buffers: a harness with 10,000
// clients should not spend its memory (or cache) on them.
var dialer = &websocket.Dialer{
	HandshakeTimeout: readTimeout,
	ReadBufferSize:   4096,
	WriteBufferSize:  512,
}

// dial opens a session on the server at addr (host:port) and waits for its
// first page, as a freshly loaded browser tab does.
func dial(ctx context.Context, addr string) (*client, page, error) {
	var p page
	c, _, err := openTab(ctx, addr, helloMsg, func(m message, _ []byte) { p.bytes += m.size })
	if err != nil {
		return nil, page{}, err
	}
	// The two root blocks, whether or not the page sent them (a root
	// block that gets elements is sent whole). c.buf holds the done.
	p.elements = bytes.Count(c.buf.Bytes(), []byte(`{"k":`)) - bytes.Count(c.buf.Bytes(), []byte(`{"k":"block"`)) + 2
	return c, p, nil
}

// openTab connects to the server at addr, says hello and reads up to the
// first run's done, handing each message read (the done included) to
// each: what a tab does when it loads, or reloads with its session and
// values in hello. It returns the client, whose id is the session the
// server gave, and the handshake's response.
func openTab(ctx context.Context, addr string, hello []byte, each func(m message, raw []byte)) (*client, *http.Response, error) {
	ws, resp, err := dialer.DialContext(ctx, "ws://"+addr+"/_gost/stream", http.Header{"Origin": {"http://" + addr}})
	if err != nil {
		return nil, nil, fmt.Errorf("dial %s: %w", addr, err)
	}
	c := &client{ws: ws}
	if err := c.write(hello); err != nil {
		ws.Close()
		return nil, nil, fmt.Errorf("send hello: %w", err)
	}
	for {
		m, err := c.read()
		if err != nil {
			ws.Close()
			return nil, nil, fmt.Errorf("first page: %w", err)
		}
		each(m, c.buf.Bytes())
		switch m.t {
		case "session":
			c.id = m.id
		case "done":
			if m.s != "ok" {
				ws.Close()
				return nil, nil, fmt.Errorf("first run ended %q", m.s)
			}
			return c, resp, nil
		}
	}
}

// clickResult is what one click cost.
type clickResult struct {
	latency time.Duration // from writing the click to reading the run's done
	bytes   int           // payload bytes the server sent for it: run, deltas, done
	ops     bool          // whether the done carried any ops
}

// click sends a click on button trigger (a prebuilt rerunMsg) and reads
// until the done of the run it caused. Runs of one session are sequential
// and this client clicks only after the previous done, so the first done
// after the click is the click's own.
func (c *client) click(msg []byte) (clickResult, error) {
	start := time.Now()
	if err := c.write(msg); err != nil {
		return clickResult{}, fmt.Errorf("send click: %w", err)
	}
	var r clickResult
	var runN int64 = -1
	for {
		m, err := c.read()
		if err != nil {
			return r, fmt.Errorf("wait for done: %w", err)
		}
		r.bytes += m.size
		switch m.t {
		case "run":
			runN = m.n
		case "done":
			r.latency = time.Since(start)
			if m.n < runN { // a fast run sends no run message (docs/protocol.md)
				return r, fmt.Errorf("done %d does not finish run %d", m.n, runN)
			}
			if m.s != "ok" {
				return r, fmt.Errorf("run %d ended %q", m.n, m.s)
			}
			r.ops = bytes.Contains(c.buf.Bytes(), []byte(`"ops":[{`)) // absent or [] when none
			return r, nil
		}
	}
}

func (c *client) write(msg []byte) error {
	c.ws.SetWriteDeadline(time.Now().Add(readTimeout))
	return c.ws.WriteMessage(websocket.TextMessage, msg)
}

// message is the head of a message from the server: enough to follow runs.
type message struct {
	t    string
	n    int64
	s    string
	id   string
	size int // payload bytes
}

// read reads one message into c.buf, which is reused: reading allocates
// nothing in the steady state, so the client disturbs the measured server
// (which shares the CPUs) as little as it can.
func (c *client) read() (message, error) {
	c.ws.SetReadDeadline(time.Now().Add(readTimeout))
	_, r, err := c.ws.NextReader()
	if err != nil {
		return message{}, err
	}
	c.buf.Reset()
	if _, err := c.buf.ReadFrom(r); err != nil {
		return message{}, err
	}
	return parseHead(c.buf.Bytes())
}

// parseHead reads the type, run number and status of a message. The server
// writes run and done by hand with t, n and s first (runtime/protocol.go),
// so the fast path scans only that head, not the ops, which may be large.
// Anything else goes through encoding/json.
func parseHead(b []byte) (message, error) {
	m := message{size: len(b)}
	if bytes.HasPrefix(b, []byte(`{"t":"+",`)) {
		m.t = "+" // an append message, as often as deltas were: no decoding
		return m, nil
	}
	for _, t := range [...]string{"run", "done", "delta"} {
		prefix := `{"t":"` + t + `","n":`
		if !bytes.HasPrefix(b, []byte(prefix)) {
			continue
		}
		rest := b[len(prefix):]
		i := 0
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			i++
		}
		n, err := strconv.ParseInt(string(rest[:i]), 10, 64)
		if err != nil {
			break
		}
		m.t, m.n = t, n
		if s, ok := bytes.CutPrefix(rest[i:], []byte(`,"s":"`)); ok {
			if j := bytes.IndexByte(s, '"'); j >= 0 {
				m.s = string(s[:j])
			}
		}
		if t == "done" && m.s == "" && !bytes.Contains(rest[i:], []byte(`"s":`)) {
			m.s = "ok" // a done leaves out the usual status
		}
		if t != "done" || m.s != "" {
			return m, nil
		}
		break // a done without a status where expected: decode it properly
	}
	var v struct {
		T  string `json:"t"`
		N  int64  `json:"n"`
		S  string `json:"s"`
		ID string `json:"id"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return m, fmt.Errorf("message is not JSON: %w: %.80s", err, b)
	}
	if v.T == "" {
		return m, errors.New("message without a type: " + string(b[:min(len(b), 80)]))
	}
	if v.T == "done" && v.S == "" {
		v.S = "ok"
	}
	m.t, m.n, m.s, m.id = v.T, v.N, v.S, v.ID
	return m, nil
}

// close says goodbye the way a closing tab does, without waiting for the
// server's answer.
func (c *client) close() {
	c.ws.SetWriteDeadline(time.Now().Add(time.Second))
	c.ws.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseGoingAway, ""))
	c.ws.Close()
}
