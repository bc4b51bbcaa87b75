package runtime

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/http"
	"syscall"
	"time"

	"github.com/gorilla/websocket"
)

// An idle tab costs the server one goroutine, the reader of its websocket,
// blocked until the browser sends something. Blocked inside gorilla's read,
// its stack holds the protocol's frames and stays at 8 KiB; an idler lets
// it wait for the socket to become readable a few small frames deep, so the
// garbage collector shrinks it to 4 KiB. To know that no message is already
// buffered, the reader needs gorilla's read buffer: the hijacker gives
// gorilla one of its own.

// readBufferSize is the size of a websocket's read buffer, which every
// idle tab holds. Messages from the browser are small (a rerun is tens of
// bytes); the bulk of a larger one is read past the buffer, straight into
// the message. gorilla takes a hijacked buffer only if it holds more than
// 256 bytes; 288 is an allocation size class.
const readBufferSize = 288

// hijacker is the ResponseWriter gorilla upgrades: its Hijack hands gorilla
// a read buffer the idler can see.
type hijacker struct {
	http.ResponseWriter
	conn net.Conn
	br   *bufio.Reader
}

func (h *hijacker) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	hj, ok := h.ResponseWriter.(http.Hijacker)
	if !ok {
		return nil, nil, errors.New("runtime: the connection cannot be taken over for a websocket")
	}
	conn, brw, err := hj.Hijack()
	if err != nil || brw.Reader.Buffered() > 0 {
		// gorilla refuses a browser that sent data before the handshake
		// was answered.
		return conn, brw, err
	}
	// gorilla resets the buffer to read from the connection it is given:
	// that one reads raw (rawio_unix.go).
	conn = readRaw(conn)
	h.conn, h.br = conn, bufio.NewReaderSize(conn, readBufferSize)
	return conn, bufio.NewReadWriter(h.br, brw.Writer), nil
}

// tabConn is a tab's TCP connection read with raw reads (rawio_unix.go).
type tabConn struct {
	*net.TCPConn
	r io.Reader
}

func (c *tabConn) Read(p []byte) (int, error) { return c.r.Read(p) }

// tcpConn returns the TCP connection c is, or reads.
func tcpConn(c net.Conn) (*net.TCPConn, bool) {
	switch c := c.(type) {
	case *net.TCPConn:
		return c, true
	case *tabConn:
		return c.TCPConn, true
	}
	return nil, false
}

// idler returns the idler of the hijacked connection. Over TLS (tls.go)
// it does not wait: a record read whole may hold more than one message,
// buffered where the idler cannot see. Nor does it read pongs, then.
func (h *hijacker) idler() idler {
	tc, ok := tcpConn(h.conn)
	if !ok || h.br == nil {
		return idler{}
	}
	raw, err := tc.SyscallConn()
	if err != nil {
		return idler{}
	}
	return idler{br: h.br, raw: raw}
}

// idler waits until the browser's next message can be read without
// blocking. The zero idler returns at once: the read then waits.
type idler struct {
	br  *bufio.Reader // gorilla's read buffer
	raw syscall.RawConn
}

// wait returns when gorilla's buffer holds data, or the socket is readable,
// has been closed or has failed, or its read deadline has passed; the read
// that follows finds out which. It takes the browser's pongs itself, as
// ws's pong handler would: given one, gorilla's read would handle it and
// then wait for the next message inside, deep, and every idle tab answers
// a ping a minute.
func (i idler) wait(ws *websocket.Conn) {
	if i.raw == nil {
		return
	}
	for {
		if i.br.Buffered() == 0 {
			waitReadable(i.raw)
		}
		if !i.pong() {
			return
		}
		ws.SetReadDeadline(time.Now().Add(pongWait))
	}
}

// pong consumes a pong frame at the head of the buffer (RFC 6455 5.5.3),
// if that is what comes next, whole and as a browser must send it: final,
// no extension bits, masked, at most 125 bytes. Between messages gorilla
// would do no more with it than call the pong handler. Anything else,
// a pong among the frames of a message too, is gorilla's to read.
func (i idler) pong() bool {
	h, err := i.br.Peek(2)
	if err != nil || h[0] != 0x80|websocket.PongMessage || h[1]&0x80 == 0 || h[1]&0x7f > 125 {
		return false
	}
	n := 2 + 4 + int(h[1]&0x7f) // the header, the mask key, the payload
	if _, err := i.br.Peek(n); err != nil {
		return false
	}
	i.br.Discard(n)
	return true
}
