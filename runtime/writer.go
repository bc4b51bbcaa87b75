package runtime

import (
	"bytes"
	"encoding/binary"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/gorilla/websocket"
	"github.com/gost-dev/gost/internal/script"
	"github.com/gost-dev/gost/runtime/auth"
)

// conn is one browser's websocket. gorilla reads it and made the
// handshake; this file writes every frame the browser gets (RFC 6455 5.2:
// a server's frames are unmasked, so a frame is a header and the message
// as it is), since a write that must never wait is not something gorilla
// offers.
//
// Send never blocks. When nothing is waiting for the socket it writes the
// message on the calling goroutine, the run that made it, with one
// non-blocking write: a fast rerun's done goes out with no goroutine woken
// for it (issue 15: each hand-off cost a wake-up, about 10 µs of a click's
// latency and of the server's CPU). Whatever that write could not take,
// and every message sent meanwhile, waits in a queue that a goroutine
// (flush) writes, and which exists only while there is something to write;
// a timer pings the browser. An idle tab holds one goroutine, its reader
// (readLoop). Writes happen on one goroutine at a time: the one that set
// writing.
type conn struct {
	ws        *websocket.Conn
	sock      net.Conn        // ws's socket, which this file writes
	raw       syscall.RawConn // sock's, for the write that never waits; nil over TLS: then the writer writes everything
	log       *slog.Logger    // the server's; logger adds remote
	remote    string          // the browser's address (or the client's, as a trusted proxy says)
	maxQueued int

	sent *atomic.Uint64 // counts the bytes written (metrics.go); nil: not counted

	user         *script.User       // who the handshake's cookies say the browser is; nil: nobody (userRef)
	browser      string             // the browser's id for its jobs (jobs.go); "" if none
	loginFailure *auth.LoginFailure // its last login attempt's failure, if any

	// The reader's (readLoop's) own.
	local bool     // the connection came from this machine, not through a proxy
	sess  *Session // the session its hello attached it to; nil before
	idle  idler    // waits for the browser's next message
	srv   *Server  // whose readLoop a new reader runs (handOff); nil: none

	mu      sync.Mutex
	rest    net.Buffers // what the non-blocking write left of its frame: the writer writes it first
	control [][]byte    // control frames (ping, pong) to write before the queue's next message
	queue   [][]byte
	queued  int  // bytes sent and waiting, queued or in the writer's hand, but for the message it writes
	writing bool // a goroutine writes: a Send's non-blocking write, or flush, which takes what Send queues
	closed  bool
	bye     []byte      // the close frame to write once the frame being written is done (close)
	ping    *time.Timer // nil until start
	every   time.Duration

	// The loops readers run (runHere), numbered: the one going (0:
	// none), and the last whose run went on long enough that another
	// goroutine took over the reading (handOff).
	loops, inline, handed uint64
}

func newConn(ws *websocket.Conn, log *slog.Logger, maxQueued int) *conn {
	c := &conn{ws: ws, sock: ws.NetConn(), log: log, maxQueued: maxQueued}
	if tc, ok := tcpConn(c.sock); ok {
		c.raw, _ = tc.SyscallConn()
	}
	// The browser's pings and close go through this file's writes, never
	// gorilla's, which would write a frame into the middle of one of ours.
	ws.SetPingHandler(func(data string) error {
		c.sendControl(frame(websocket.PongMessage, []byte(data)))
		return nil
	})
	ws.SetCloseHandler(func(code int, _ string) error {
		if code == websocket.CloseNoStatusReceived {
			c.closeWith(websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""))
		} else {
			c.closeWith(websocket.FormatCloseMessage(code, ""))
		}
		return nil
	})
	return c
}

// logger returns the log for lines about this connection: the server's,
// with the browser's address. It is made when a line is written, not per
// connection, where it would cost every idle tab a copy of the handler.
func (c *conn) logger() *slog.Logger { return c.log.With("remote", c.remote) }

// start arms the pings that keep the connection alive through proxies and
// tell a browser gone without a word (its read deadline passes).
func (c *conn) start(every time.Duration) {
	c.mu.Lock()
	c.every = every
	if !c.closed {
		c.ping = time.AfterFunc(every, c.sendPing)
	}
	c.mu.Unlock()
}

// header appends the header of a final, unmasked frame of op with n bytes
// of payload to b.
func header(b []byte, op int, n int) []byte {
	b = append(b, 0x80|byte(op))
	switch {
	case n < 126:
		return append(b, byte(n))
	case n <= 0xffff:
		return binary.BigEndian.AppendUint16(append(b, 126), uint16(n))
	}
	return binary.BigEndian.AppendUint64(append(b, 127), uint64(n))
}

// frame is a whole frame of op with payload, for control frames.
func frame(op int, payload []byte) []byte {
	return append(header(make([]byte, 0, 2+len(payload)), op, len(payload)), payload...)
}

// Send queues msg for the browser. It never blocks: when nothing waits
// for the socket it writes msg at once, as far as the socket takes it
// without waiting, and leaves the rest to the writer goroutine it starts.
func (c *conn) Send(msg []byte) {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return
	}
	if !c.writing && c.raw != nil {
		// Nothing is queued (the writer empties the queue before it stops
		// writing): msg goes first.
		c.writing = true
		c.mu.Unlock()
		c.count(msg)
		var h [10]byte
		hdr := header(h[:0], websocket.TextMessage, len(msg))
		n, err := writeNow(c.raw, hdr, msg)
		if err != nil {
			c.drop()
			return
		}
		c.mu.Lock()
		if n < len(hdr)+len(msg) {
			if n < len(hdr) {
				c.rest = net.Buffers{append([]byte(nil), hdr[n:]...), msg}
			} else {
				c.rest = net.Buffers{msg[n-len(hdr):]}
			}
		} else if len(c.queue) == 0 && len(c.control) == 0 && c.bye == nil {
			c.writing = false
			c.mu.Unlock()
			return
		}
		// Messages were sent while this one was written, or the socket
		// is full: the writer takes over.
		c.mu.Unlock()
		go c.flush()
		return
	}
	// The bound is on the backlog before msg: a browser that has read
	// everything is not slow, however large the page it is sent.
	over := c.queued > c.maxQueued
	c.queue = append(c.queue, msg)
	c.queued += len(msg)
	start := !over && !c.writing
	c.writing = c.writing || start
	c.mu.Unlock()
	if over {
		c.logger().Warn("runtime: browser too slow, dropping its connection", "limit", c.maxQueued)
		// The writer may be stuck in a write the browser does not read;
		// closing the socket (allowed concurrently) frees it now.
		c.drop()
		return
	}
	if start {
		go c.flush()
	}
}

// sendControl queues a control frame, which goes before the next message.
func (c *conn) sendControl(f []byte) {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return
	}
	c.control = append(c.control, f)
	start := !c.writing
	c.writing = true
	c.mu.Unlock()
	if start {
		go c.flush()
	}
}

// count counts msg as written: counted as it goes out, the count includes
// every message a browser has read (and one whose write failed).
func (c *conn) count(msg []byte) {
	if c.sent != nil {
		c.sent.Add(uint64(len(msg)))
	}
}

// flush writes what waits until nothing does, then ends; the next Send
// that finds the socket busy starts it again. It ends too when the
// connection is closed (after the goodbye, if close left one) or a write
// fails.
func (c *conn) flush() {
	for {
		c.mu.Lock()
		rest, control, batch, bye := c.rest, c.control, c.queue, c.bye
		c.rest, c.control, c.queue, c.bye = nil, nil, nil, nil
		if c.closed {
			c.mu.Unlock()
			// The frame half written is finished, so that the goodbye
			// is a frame of its own.
			if bye != nil && c.write(rest) == nil && c.write(net.Buffers{bye}) == nil {
				c.sock.Close()
			}
			return // writing stays true: nothing more is written
		}
		if len(rest) == 0 && len(control) == 0 && len(batch) == 0 {
			// No deadline is left to fail the next non-blocking write;
			// cleared under the lock, so never after close has set its
			// own for the goodbye.
			c.sock.SetWriteDeadline(time.Time{})
			c.writing = false
			c.mu.Unlock()
			return
		}
		c.mu.Unlock()
		if c.write(rest) != nil {
			return
		}
		for _, f := range control {
			if c.write(net.Buffers{f}) != nil {
				return
			}
		}
		for len(batch) > 0 {
			// Streamed text that waited for the writer goes as one
			// message: a busy server writes fewer, at no delay.
			msg, used := mergeAppends(batch)
			n := 0
			for _, m := range batch[:used] {
				n += len(m)
			}
			batch = batch[used:]
			// The rest of the batch in hand still counts, the message
			// being written no longer: counted until its write returned,
			// a page the browser had read whole could still count when
			// its next message was sent, if this goroutine had not run
			// again since (under load, for milliseconds), and a browser
			// that reads everything was dropped as slow.
			c.mu.Lock()
			c.queued -= n
			c.mu.Unlock()
			c.count(msg)
			if c.write(net.Buffers{header(nil, websocket.TextMessage, len(msg)), msg}) != nil {
				return
			}
		}
	}
}

// write writes bufs, waiting at most writeWait; a failed write drops the
// connection.
func (c *conn) write(bufs net.Buffers) error {
	if len(bufs) == 0 {
		return nil
	}
	if c.raw == nil && len(bufs) > 1 {
		// Over TLS each write is a record of its own: one per frame, not
		// one for its header and one for its message.
		bufs = net.Buffers{bytes.Join(bufs, nil)}
	}
	c.sock.SetWriteDeadline(time.Now().Add(writeWait))
	_, err := bufs.WriteTo(c.sock)
	if err != nil {
		c.drop()
	}
	return err
}

// sendPing runs on the ping timer's goroutine.
func (c *conn) sendPing() {
	c.sendControl(frame(websocket.PingMessage, nil))
	c.mu.Lock()
	if !c.closed {
		c.ping.Reset(c.every)
	}
	c.mu.Unlock()
}

// shut marks the connection closed: what is queued is dropped, Send does
// nothing more, pings stop. It reports whether it was open.
func (c *conn) shut() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.shutLocked()
}

func (c *conn) shutLocked() bool {
	if c.closed {
		return false
	}
	c.closed = true
	c.queue, c.control = nil, nil
	if c.ping != nil {
		c.ping.Stop()
	}
	return true
}

// drop closes the socket at once, without a word to the browser: it does
// not read, or a write failed. It never blocks.
func (c *conn) drop() {
	c.shut()
	c.sock.Close()
}

// close ends a connection the browser is done with (readLoop ends),
// saying goodbye.
func (c *conn) close() {
	c.closeWith(websocket.FormatCloseMessage(websocket.CloseGoingAway, ""))
}

// closeWith ends the connection with a close frame of payload (a code and
// a reason). A frame being written is finished first, for at most a
// second; then the socket is closed, whatever the browser reads. A
// connection closed already is left as it is: its socket closes, or has.
func (c *conn) closeWith(payload []byte) {
	bye := frame(websocket.CloseMessage, payload)
	c.mu.Lock()
	if !c.shutLocked() {
		c.mu.Unlock()
		return
	}
	busy := c.writing
	if busy {
		c.bye = bye // the writer's, after the frame it is on
	} else {
		c.writing = true
	}
	c.mu.Unlock()
	if busy {
		time.AfterFunc(time.Second, func() { c.sock.Close() })
		return
	}
	c.sock.SetWriteDeadline(time.Now().Add(time.Second))
	c.sock.Write(bye)
	c.sock.Close()
}
