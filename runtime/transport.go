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
var upgrader = websocket.Upgrader{
	ReadBufferSize:  1024,
	WriteBufferSize: 1024,
	// Idle sessions hold no write buffer: it comes from the pool per write.
	WriteBufferPool: &sync.Pool{},
}

// conn is one browser's websocket. Its writes happen on one goroutine
// (gorilla allows one writer); Send only queues.
type conn struct {
	ws        *websocket.Conn
	log       *slog.Logger
	wake      chan struct{}
	maxQueued int

	sent *atomic.Uint64 // counts the bytes written (metrics.go); nil: not counted

	user         *script.User       // who the handshake's cookies say the browser is; nil: nobody (userRef)
	browser      string             // the browser's id for its jobs (jobs.go); "" if none
	loginFailure *auth.LoginFailure // its last login attempt's failure, if any

	mu     sync.Mutex
	queue  [][]byte
	queued int // bytes sent but not yet written, queued or in the writer's hand
	closed bool
}

func newConn(ws *websocket.Conn, log *slog.Logger, maxQueued int) *conn {
	return &conn{ws: ws, log: log, wake: make(chan struct{}, 1), maxQueued: maxQueued}
}

// Send queues msg for the browser. It never blocks.
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
	if !over {
		// Under the lock: close closes wake under it too, and a send on a
		// closed channel panics, even in a select. It never blocks.
		select {
		case c.wake <- struct{}{}:
		default:
		}
	}
	c.mu.Unlock()
	if over {
		c.log.Warn("runtime: browser too slow, dropping its connection", "limit", c.maxQueued)
		c.close()
		// The writer may be stuck in a write the browser does not read;
		// closing the socket (allowed concurrently) frees it now.
		c.ws.Close()
	}
}

func (c *conn) close() {
	c.mu.Lock()
	if !c.closed {
		c.closed = true
		c.queue = nil
		close(c.wake)
	}
	c.mu.Unlock()
}

// writeLoop sends what is queued, and pings. It ends when the connection
// is closed or a write fails.
func (c *conn) writeLoop() {
	ping := time.NewTicker(pingPeriod)
	defer func() {
		ping.Stop()
		c.ws.Close()
	}()
	for {
		select {
		case _, ok := <-c.wake:
			if !ok {
				c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseGoingAway, ""), time.Now().Add(time.Second))
				return
			}
			c.mu.Lock()
			batch := c.queue
			c.queue = nil
			c.mu.Unlock()
			for i := 0; i < len(batch); i++ {
				// Streamed text that waited for the writer goes as one
				// message: a busy server writes fewer, at no delay.
				msg, used := mergeAppends(batch[i:])
				n := 0
				for _, m := range batch[i : i+used] {
					n += len(m)
				}
				i += used - 1
				c.ws.SetWriteDeadline(time.Now().Add(writeWait))
				if err := c.ws.WriteMessage(websocket.TextMessage, msg); err != nil {
					c.close()
					return
				}
				// Count a message as queued until it is written, so the
				// bound covers the batch in hand too.
				c.mu.Lock()
				c.queued -= n
				c.mu.Unlock()
				if c.sent != nil {
					c.sent.Add(uint64(len(msg)))
				}
			}
		case <-ping.C:
			if err := c.ws.WriteControl(websocket.PingMessage, nil, time.Now().Add(writeWait)); err != nil {
				c.close()
				return
			}
		}
	}
}

// serveStream upgrades the request to a websocket and starts the
// goroutine that reads it (readLoop), then returns: net/http's connection,
// with its 4 KiB read and write buffers, and the request would otherwise
// stay on the heap for as long as the tab is open, 9 KiB of every idle
// session that nothing reads again.
func (s *Server) serveStream(w http.ResponseWriter, r *http.Request) {
	if s.refuseStopping(w) { // shutdown.go
		return
	}
	answer := http.Header{}
	user, fail := s.identify(answer, r)
	// The browser's address, or the client's as a trusted proxy says
	// (guard.go), in every line about this connection.
	log := s.log.With("remote", r.RemoteAddr)
	ws, err := upgrader.Upgrade(w, r, answer)
	if err != nil {
		// Upgrade has answered with an error status already.
		log.Warn("runtime: websocket handshake refused", "origin", r.Header.Get("Origin"), "err", err)
		return
	}
	ws.SetReadLimit(s.msgLimit.Load())
	ws.SetReadDeadline(time.Now().Add(pongWait))
	ws.SetPongHandler(func(string) error { return ws.SetReadDeadline(time.Now().Add(pongWait)) })
	c := newConn(ws, log, s.maxQueued)
	c.user, c.loginFailure = userRef(user), fail
	c.sent = &s.metrics.sent
	c.browser = browserID(r)
	// A replaced process ends when its last tab has gone (reload_switch.go).
	s.connOpened()
	go c.writeLoop()
	go s.readLoop(ws, c, log, fromThisMachine(r), r.RemoteAddr)
}

// readLoop runs the protocol on a websocket: a hello, then reruns, until
// the browser goes away. local: the connection came from this machine,
// not through a proxy (clear_caches is taken only from it); remote is
// its address, for the log.
func (s *Server) readLoop(ws *websocket.Conn, c *conn, log *slog.Logger, local bool, remote string) {
	defer c.close()
	defer s.connClosed(true)

	var sess *Session
	for {
		_, data, err := ws.ReadMessage()
		if err != nil {
			if !websocket.IsCloseError(err, websocket.CloseGoingAway, websocket.CloseNormalClosure, websocket.CloseNoStatusReceived) && !errors.Is(err, websocket.ErrReadLimit) {
				s.log.Debug("runtime: websocket closed", "err", err)
			}
			if errors.Is(err, websocket.ErrReadLimit) {
				log.Warn("runtime: message from browser too large; closing its connection", "limit", s.msgLimit.Load())
			}
			break
		}
		ws.SetReadDeadline(time.Now().Add(pongWait))
		s.metrics.received.Add(uint64(len(data)))
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
			log.Warn("runtime: bad message from browser; closing its connection", "err", err)
			ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, "bad message"), time.Now().Add(time.Second))
			break
		}
		switch msg.T {
		case msgHello:
			sess = s.hello(msg, c)
		case msgSwitch:
			s.switchTab(sess) // the tab wants the new version (reload_switch.go)
		case msgRerun:
			sess.rerun(msg.Widgets, msg.Trigger, msg.Seq)
		case msgNavigate:
			sess.Navigate(msg.Path, msg.Query)
		case msgClearCaches:
			s.clearCaches(local, remote)
		}
	}
	if sess != nil {
		sess.Detach(c)
	}
}
