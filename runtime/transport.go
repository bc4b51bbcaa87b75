package runtime

import (
	"errors"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
	"github.com/gost-dev/gost/internal/script"
	"github.com/gost-dev/gost/runtime/auth"
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
	WriteBufferSize: 1024,
	// Idle sessions hold no write buffer: it comes from the pool per write.
	WriteBufferPool: &sync.Pool{},
}

// conn is one browser's websocket. Send only queues; the queue is written
// by a goroutine that runs only while there is something to write (flush),
// and a timer pings the browser, so an idle tab holds one goroutine, its
// reader (readLoop), not two. Writes happen on one goroutine at a time
// (gorilla allows one writer; its WriteControl and Close may be called
// from any).
type conn struct {
	ws        *websocket.Conn
	log       *slog.Logger // the server's; logger adds remote
	remote    string       // the browser's address (or the client's, as a trusted proxy says)
	maxQueued int

	sent *atomic.Uint64 // counts the bytes written (metrics.go); nil: not counted

	user         *script.User       // who the handshake's cookies say the browser is; nil: nobody (userRef)
	browser      string             // the browser's id for its jobs (jobs.go); "" if none
	loginFailure *auth.LoginFailure // its last login attempt's failure, if any

	// The reader's (readLoop's) own.
	local bool     // the connection came from this machine, not through a proxy
	sess  *Session // the session its hello attached it to; nil before
	idle  idler    // waits for the browser's next message

	mu      sync.Mutex
	queue   [][]byte
	queued  int  // bytes sent and waiting, queued or in the writer's hand, but for the message it writes
	writing bool // a flush goroutine is running; it takes what Send queues
	closed  bool
	ping    *time.Timer // nil until start
	every   time.Duration
}

func newConn(ws *websocket.Conn, log *slog.Logger, maxQueued int) *conn {
	return &conn{ws: ws, log: log, maxQueued: maxQueued}
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

// Send queues msg for the browser. It never blocks: at most it starts the
// goroutine that writes the queue.
func (c *conn) Send(msg []byte) {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
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

// flush writes what is queued until the queue is empty, then ends; the
// next Send starts it again. It ends too when the connection is closed or
// a write fails.
func (c *conn) flush() {
	for {
		c.mu.Lock()
		batch := c.queue
		c.queue = nil
		if len(batch) == 0 || c.closed {
			c.writing = false
			c.mu.Unlock()
			return
		}
		c.mu.Unlock()
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
			// Counted as it goes out, so the count includes every
			// message a browser has read (and one whose write failed).
			if c.sent != nil {
				c.sent.Add(uint64(len(msg)))
			}
			c.ws.SetWriteDeadline(time.Now().Add(writeWait))
			if err := c.ws.WriteMessage(websocket.TextMessage, msg); err != nil {
				c.drop()
				return // writing stays true: nothing more is written
			}
		}
	}
}

// sendPing runs on the ping timer's goroutine.
func (c *conn) sendPing() {
	if err := c.ws.WriteControl(websocket.PingMessage, nil, time.Now().Add(writeWait)); err != nil {
		c.drop()
		return
	}
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
	if c.closed {
		return false
	}
	c.closed = true
	c.queue = nil
	if c.ping != nil {
		c.ping.Stop()
	}
	return true
}

// drop closes the socket at once, without a word to the browser: it does
// not read, or a write failed. It never blocks.
func (c *conn) drop() {
	c.shut()
	c.ws.Close()
}

// close ends a connection the browser is done with (readLoop ends): it
// says goodbye, waiting at most a second for a write in progress, and
// closes the socket.
func (c *conn) close() {
	if c.shut() {
		c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseGoingAway, ""), time.Now().Add(time.Second))
	}
	c.ws.Close()
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
func (s *Server) readLoop(c *conn) {
	for c.idle.wait(c.ws); s.readMessage(c); c.idle.wait(c.ws) {
	}
	if c.sess != nil {
		c.sess.Detach(c)
	}
	s.connClosed(true)
	c.close()
}

// readMessage reads and handles the browser's next message. It reports
// whether the connection goes on.
func (s *Server) readMessage(c *conn) bool {
	ws := c.ws
	_, data, err := ws.ReadMessage()
	if err != nil {
		if !websocket.IsCloseError(err, websocket.CloseGoingAway, websocket.CloseNormalClosure, websocket.CloseNoStatusReceived) && !errors.Is(err, websocket.ErrReadLimit) {
			s.log.Debug("runtime: websocket closed", "err", err)
		}
		if errors.Is(err, websocket.ErrReadLimit) {
			c.logger().Warn("runtime: message from browser too large; closing its connection", "limit", s.msgLimit.Load())
		}
		return false
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
		ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, "bad message"), time.Now().Add(time.Second))
		return false
	}
	switch msg.T {
	case msgHello:
		c.sess = s.hello(msg, c)
	case msgSwitch:
		s.switchTab(sess) // the tab wants the new version (reload_switch.go)
	case msgRerun:
		sess.rerun(msg.Widgets, msg.Trigger, msg.Seq)
	case msgNavigate:
		sess.Navigate(msg.Path, msg.Query)
	case msgClearCaches:
		s.clearCaches(c.local, c.remote)
	}
	return true
}
