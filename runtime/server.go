package runtime

import (
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gost-dev/gost/frontend"
	"github.com/gost-dev/gost/internal/component"
	"github.com/gost-dev/gost/internal/jobs"
	"github.com/gost-dev/gost/internal/markdown"
	"github.com/gost-dev/gost/internal/tree"
	"github.com/gost-dev/gost/st"
)

// sessionGrace is how long a session outlives its browser, so a page that
// reconnects (a network blip, a laptop waking up) finds its state again.
const sessionGrace = 2 * time.Minute

// Server serves one app: the frontend, the websocket its sessions run on,
// and the health check.
type Server struct {
	app  func(*st.Ctx)
	opts Options
	log  *slog.Logger
	md   *markdown.Renderer
	mux  *http.ServeMux
	root http.Handler // mux under the base path

	mu       sync.Mutex
	sessions map[string]*Session

	loginMu sync.Mutex
	login   *login
	notice  string // a warning every page shows, e.g. for the development login

	maxQueued int           // bytes a slow browser may have waiting before it is dropped
	pingEvery time.Duration // how often an open websocket is pinged (pingPeriod; tests shorten it)
	msgLimit  atomic.Int64  // bytes of one message from the browser ([server] maxMessageSize)

	uploads uploadHost // the size limit and directory of uploads: upload.go

	reload reloader // rebuilds under gost run: reload.go

	shell   shellSettings         // the theme and the caches the app menu clears: pages.go
	guard   atomic.Pointer[guard] // hosts, proxies, headers: guard.go
	hosts   hostLog               // refused hosts already logged
	dog     watchdog              // runaway runs: watchdog.go
	runners runners               // goroutines that run the sessions' run loops (runners.go)
	clock   runClock              // the sessions' run timers (runclock.go)
	jobs    *jobs.Registry        // the users' jobs (st.Job): jobs.go

	stopping atomic.Bool // SIGTERM came: unready, no new sessions (shutdown.go)
	metrics  metrics     // what /metrics shows (metrics.go)
	shared   *shared     // the store the replicas share (store.go); nil: none
	nodes    tree.Pool   // the elements the sessions' pages share

	authNow func() time.Time // the login's clock (login.go); nil: time.Now. Tests set it.
}

// NewServer returns a Server for app. log may be nil for slog.Default.
func NewServer(app func(*st.Ctx), opts Options, log *slog.Logger) *Server {
	if log == nil {
		log = slog.Default()
	}
	s := &Server{
		app:      app,
		opts:     opts,
		log:      log,
		md:       markdown.New(),
		sessions: make(map[string]*Session),
		mux:      http.NewServeMux(),

		maxQueued: defaultMaxQueued,
		pingEvery: pingPeriod,
		jobs:      jobs.New(jobs.Options{Log: log}),
		runners:   newRunners(),
	}
	s.dog.log = log
	s.msgLimit.Store(maxMessageSize)
	s.applyConfig(Config{})
	s.mux.HandleFunc("GET /healthz", s.health)
	s.mux.HandleFunc("GET /_stcore/health", s.health) // Streamlit's spelling, for existing probes
	s.mux.HandleFunc("GET /readyz", s.ready)          // 503 once shutting down (shutdown.go)
	s.mux.HandleFunc("GET /"+streamPath, s.serveStream)
	s.mux.HandleFunc("GET /_gost/download/{id}", s.serveDownload)
	s.mux.HandleFunc("GET /_gost/media/{id}", s.serveMedia)
	s.mux.HandleFunc("POST /"+uploadPath+"{session}/{widget}", s.serveUpload)
	s.mux.HandleFunc("DELETE /"+uploadPath+"{session}/{widget}/{file}", s.deleteUpload)
	s.mux.HandleFunc("GET /"+rowsPath+"{session}/{id}", s.serveRows)
	s.mux.Handle("GET /"+component.Prefix, component.Handler()) // st.NewComponent's modules
	s.mux.Handle("GET /", frontend.App(opts.basePath()))        // the page at every page's path (pages.go)
	s.root = s.mux
	if base := opts.basePath(); base != "/" {
		s.root = http.StripPrefix(strings.TrimSuffix(base, "/"), s.mux)
	}
	return s
}

// ServeHTTP serves the app under its base path.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r = s.guardRequest(w, r); r == nil {
		return
	}
	if base := s.opts.basePath(); base != "/" && r.URL.Path+"/" == base {
		http.Redirect(w, r, base, http.StatusMovedPermanently)
		return
	}
	if s.serveAuth(w, r) {
		return
	}
	if r.Method == http.MethodGet && !strings.Contains(r.URL.Path, "/_gost/") {
		s.ensureBrowserCookie(w, r) // names the browser for its jobs (jobs.go)
	}
	s.root.ServeHTTP(w, r)
}

func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok"))
}

// hello attaches the browser to the session it asks for, or to a new one
// seeded with the widget values the page holds (after a server restart),
// and asks for a run, which the caller starts if start says so (readLoop
// runs it). A session that belonged to another login is not resumed: its
// state was that user's.
func (s *Server) hello(msg BackMsg, c *conn) (sess *Session, start bool) {
	// A tab switching from the previous version of the app brings its
	// session state along (reload.go).
	user := userOf(c.user)
	adopted := s.adopt(msg.Session, user.Key)
	if adopted == nil && s.shared != nil && msg.Session != "" {
		// A tab whose replica died (or shut down) brings its session id:
		// its state may be in the store (store_carry.go). A tab that comes
		// back here from another replica finds what that one wrote.
		if old := s.session(msg.Session); old == nil {
			adopted = s.shared.restore(msg.Session, user.Key)
		} else if adopted = s.shared.newer(msg.Session, user.Key); adopted != nil {
			s.drop(old)
		}
	}
	if msg.Session != "" {
		s.metrics.reconnects.Add(1) // the tab had a session, here or on another replica
	}
	s.mu.Lock()
	sess = s.sessions[msg.Session]
	if sess != nil && sess.userKey() != "" && sess.userKey() != user.Key {
		sess = nil
	}
	if sess == nil {
		id := newID()
		if adopted != nil {
			id = msg.Session
		}
		sess = newSession(id, s.app, nil, s.md, s.log)
		sess.state.SetHost(host{s, sess})
		sess.dog = &s.dog
		sess.runners = &s.runners
		sess.metrics = &s.metrics
		sess.shared = s.shared
		sess.nodes = &s.nodes
		sess.timer.clock = &s.clock
		sess.uploads.SetDir(s.uploadDir)
		sess.uploads.SetLimit(s.uploadLimit())
		if adopted != nil {
			sess.state.Adopt(adopted)
		}
		s.sessions[sess.ID] = sess
	}
	s.mu.Unlock()
	sess.setUser(user)
	sess.SetJobs(s.jobs, jobOwner(user, c.browser, sess.ID))
	sess.Attach(c)
	if s.notice != "" {
		c.Send(noticeMsg("warning", s.notice))
	}
	if c.loginFailure != nil {
		c.Send(noticeMsg("error", c.loginFailure.Message))
	}
	// How the tab's activity keeps its login alive (login.go).
	s.greetLogin(c, user)
	s.greet(c)      // a build error, or a new version to switch to (reload.go)
	s.dog.greet(c)  // under gost run, the runs that never ended (watchdog.go)
	s.greetShell(c) // the [theme] of config.toml (pages.go)
	if err := sess.admit(msg.Widgets); err != nil {
		// A session whose run never ends, reconnected to over and over:
		// it runs from the values it has.
		c.logger().Warn("runtime: the page's widget values are dropped", "session", sess.ID, "err", err)
		msg.Widgets = nil
	}
	_, start = sess.ask(msg.Widgets, "", &location{msg.Path, msg.Query}, 0, c)
	return sess, start
}

// session returns the session id the server holds, or nil.
func (s *Server) session(id string) *Session {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sessions[id]
}

// drop forgets sess, whose state another replica has moved on from.
func (s *Server) drop(sess *Session) {
	s.mu.Lock()
	if s.sessions[sess.ID] == sess {
		delete(s.sessions, sess.ID)
	}
	s.mu.Unlock()
	sess.state.Supersede()
	sess.end()
}

// Sessions returns how many sessions the server holds.
func (s *Server) Sessions() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sessions)
}

// sweep forgets sessions whose browser has been gone longer than grace.
func (s *Server) sweep(now time.Time, grace time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, sess := range s.sessions {
		if t := sess.idleSince(); !t.IsZero() && now.Sub(t) > grace {
			delete(s.sessions, id)
			s.shared.forget(id)
			// A run still going (a stream that never ends) stops, and what
			// it waits on is cancelled: no browser will see it.
			sess.state.Supersede()
			sess.end() // its uploads, its goroutines' context, its timers
		}
	}
}

func newID() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
