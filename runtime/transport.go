package runtime

import (
	"bytes"
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// Timing of the websocket, as in gorilla's chat example: the browser must
// answer a ping within pongWait, and a write may take at most writeWait.
const (
	writeWait  = 10 * time.Second
	pongWait   = 60 * time.Second
	pingPeriod = pongWait * 9 / 10

	// defaultMaxQueued bounds what waits for a slow browser. Past it the
	// connection is dropped; the page reconnects and gets a fresh copy,
	// which is smaller than the backlog it would have had to read. One
	// message larger than the bound is still sent (st limits an element to
	// st.MaxElementSize).
	defaultMaxQueued = 4 << 20
)

// upgrader leaves CheckOrigin nil: gorilla then refuses a handshake whose
// Origin is not the host it was sent to, so no other site can open a
// session with the user's cookies.
//
// The read buffer is the hijacker's (idle.go): ReadBufferSize 0 makes
// gorilla take the one the hijack hands it.
var upgrader = websocket.Upgrader{
	// gorilla writes no frame after the handshake (writer.go); the pool
	// keeps its write buffer off idle sessions.
	WriteBufferSize: 1024,
	WriteBufferPool: &sync.Pool{},
}

// serveStream upgrades the request to a websocket and starts the
// goroutine that reads it (readLoop) and its pings, then returns:
// net/http's connection, with its 4 KiB read and write buffers, and the
// request would otherwise stay on the heap for as long as the tab is open,
// 9 KiB of every idle session that nothing reads again.
func (s *Server) serveStream(w http.ResponseWriter, r *http.Request) {
	if s.refuseStopping(w) { // shutdown.go
		return
	}
	answer := http.Header{}
	user, fail := s.identify(answer, r)
	h := &hijacker{ResponseWriter: w}
	ws, err := upgrader.Upgrade(h, r, answer)
	if err != nil {
		// Upgrade has answered with an error status already.
		s.log.Warn("runtime: websocket handshake refused", "remote", r.RemoteAddr, "origin", r.Header.Get("Origin"), "err", err)
		return
	}
	ws.SetReadLimit(s.msgLimit.Load())
	ws.SetReadDeadline(time.Now().Add(pongWait))
	ws.SetPongHandler(func(string) error { return ws.SetReadDeadline(time.Now().Add(pongWait)) })
	c := newConn(ws, s.log, s.maxQueued)
	// The browser's address, or the client's as a trusted proxy says
	// (guard.go), in every line about this connection.
	c.remote = r.RemoteAddr
	c.user, c.loginFailure = userRef(user), fail
	c.sent = &s.metrics.sent
	c.browser = browserID(r)
	c.local = fromThisMachine(r)
	c.idle = h.idler()
	c.srv = s
	// A replaced process ends when its last tab has gone (reload_switch.go).
	s.connOpened()
	c.start(s.pingEvery)
	go s.readLoop(c)
}

// readLoop runs the protocol on a websocket: a hello, then reruns, until
// the browser goes away. Between messages, which is most of a tab's life,
// it waits in c.idle, a few small frames deep, not in gorilla's read with
// the protocol's frames above it: at the garbage collector's next cycle
// the stack of an idle tab's one goroutine shrinks to 4 KiB, not 8.
//
// The run a message asks for runs here, on the reader (runHere), unless
// the session's loop is running already: a click is then read, run and
// answered by one goroutine, with no other woken for it. A run that goes
// on longer than a moment hands the reading to a new goroutine (handOff),
// and this one ends when the loop does.
func (s *Server) readLoop(c *conn) {
	var tag string // this goroutine's runner tag, once it has run a loop
	for {
		c.idle.wait(c.ws)
		run, ok := s.readMessage(c)
		if run != nil && !c.runHere(run, &s.runners, &tag) {
			return // another goroutine reads now
		}
		if !ok {
			break
		}
	}
	if c.sess != nil {
		c.sess.Detach(c)
	}
	s.connClosed(true)
	c.close()
}

// readMessage reads and handles the browser's next message. It reports
// whether the connection goes on, and the session whose loop the caller
// must run, if the message asked for a run and none is running.
func (s *Server) readMessage(c *conn) (run *Session, ok bool) {
	ws := c.ws
	buf := readBufs.Get().(*bytes.Buffer)
	defer putReadBuf(buf) // the message is parsed into copies
	data, err := readNext(ws, buf)
	if err != nil {
		if !websocket.IsCloseError(err, websocket.CloseGoingAway, websocket.CloseNormalClosure, websocket.CloseNoStatusReceived) && !errors.Is(err, websocket.ErrReadLimit) {
			s.log.Debug("runtime: websocket closed", "err", err)
		}
		if errors.Is(err, websocket.ErrReadLimit) {
			c.logger().Warn("runtime: message from browser too large; closing its connection", "limit", s.msgLimit.Load())
		}
		return nil, false
	}
	ws.SetReadDeadline(time.Now().Add(pongWait))
	s.metrics.received.Add(uint64(len(data)))
	sess := c.sess
	msg, err := ParseBackMsg(data)
	if err == nil && (sess == nil) != (msg.T == msgHello) {
		err = errors.New("runtime: the first message must be hello, and only the first")
	}
	if err == nil {
		err = checkMessage(msg) // limits.go
	}
	if err == nil && msg.T == "rerun" {
		err = sess.admit(msg.Widgets)
	}
	if err != nil {
		code := websocket.ClosePolicyViolation
		switch {
		case errors.Is(err, ErrMalformed):
			code = websocket.CloseInvalidFramePayloadData
		case errors.Is(err, errOverLimit):
			code = websocket.CloseMessageTooBig
		}
		c.logger().Warn("runtime: bad message from browser; closing its connection", "err", err)
		c.closeWith(websocket.FormatCloseMessage(code, "bad message"))
		return nil, false
	}
	start := false
	switch msg.T {
	case msgHello:
		c.sess, start = s.hello(msg, c)
		sess = c.sess
	case msgSwitch:
		s.switchTab(sess) // the tab wants the new version (reload_switch.go)
	case msgRerun:
		_, start = sess.ask(msg.Widgets, msg.Trigger, nil, msg.Seq, c)
	case msgNavigate:
		_, start = sess.ask(nil, "", &location{msg.Path, msg.Query}, 0, c)
	case msgClearCaches:
		s.clearCaches(c.local, c.remote)
	}
	if start {
		return sess, true
	}
	return nil, true
}

// readNext reads the browser's next message into buf. gorilla's
// ReadMessage would allocate 512 bytes or more for each, a rerun's tens of
// bytes included; buf comes from a pool.
func readNext(ws *websocket.Conn, buf *bytes.Buffer) ([]byte, error) {
	_, r, err := ws.NextReader()
	if err != nil {
		return nil, err
	}
	buf.Reset()
	_, err = buf.ReadFrom(r)
	return buf.Bytes(), err
}

var readBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// putReadBuf returns buf to the pool, unless a large message grew it: the
// pool keeps buffers of the usual size, not the largest ever read.
func putReadBuf(buf *bytes.Buffer) {
	if buf.Cap() <= 64<<10 {
		readBufs.Put(buf)
	}
}
