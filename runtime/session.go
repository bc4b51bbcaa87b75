package runtime

import (
	"bytes"
	"log/slog"
	"sync"
	"time"

	"github.com/gost-dev/gost/internal/markdown"
	"github.com/gost-dev/gost/internal/script"
	"github.com/gost-dev/gost/internal/tree"
	"github.com/gost-dev/gost/st"
)

// A Client receives a session's messages. Send must not block: a slow
// browser must never hold up the session's runs.
type Client interface {
	Send(msg []byte)
}

// Session is one browser tab's run of the app. It runs App once per
// interaction, one run at a time; an interaction that arrives while App runs
// makes the stale run stop at its next st call, and its values are merged
// into the next run, so reruns never queue up.
type Session struct {
	ID string

	app script.App
	log *slog.Logger

	who     sessionUser // the identity; the run loop copies it into state on change
	userGen int         // the who.gen the state has

	// state is the run engine's side of the session. It is touched only
	// by the run loop, one goroutine at a time, except for its run
	// number (Supersede) and its media, which have their own locks.
	state *script.State
	shown shown // what the browser shows of the app shell; the run loop's too (pages.go)
	// media holds the latest run's downloads and images, which the HTTP
	// handler serves; it has its own lock.
	media *script.Media
	// uploads holds the files the browser uploaded, which the HTTP
	// handler adds; it has its own lock.
	uploads *script.Uploads

	dog     *watchdog  // reports runaway runs (watchdog.go); nil: not watched
	metrics *metrics   // counts runs (metrics.go); nil: not counted
	nodes   *tree.Pool // shares its page's elements with other sessions'; nil: not shared
	shared  *shared    // the replicas' store (store.go); nil: none
	carried *carried   // what the run loop last queued for the store (store_carry.go)
	timer   runTimer   // over the run going: run message, stream, watchdog (runtimer.go)
	runners *runners   // the server's goroutines for run loops (runners.go); nil: one per loop
	// runner is the tag of the runner the loop is on, for the watchdog;
	// set by the runner before the loop (runners.go).
	runner string

	mu      sync.Mutex
	pending *request // the interaction(s) not yet run, merged
	// applied is the seq of the browser's last rerun a run has taken
	// (its values are in the state) since the browser's hello, which
	// brings every value the page holds and starts the count again.
	applied  int64
	running  bool       // a run loop goroutine is active
	reader   *conn      // the connection whose reader runs the loop (ask); nil: a runner does, or none runs
	client   Client     // nil while no browser is connected
	page     *tree.Node // what the browser shows after the last finished run
	detached time.Time  // when the last browser went away
	// restart: the browser starts from an empty page; a run still going
	// sends its streams whole in its next frame (frame.go).
	restart bool

	handOffFn func()    // s.handOff, made once: the run calls it past handoffAfter (stream)
	live      live      // pushes: fragment timers, goroutines' requests (push.go)
	streaming streaming // the run going's stream (stream)
}

// request is what the browser asked for since the last run started.
type request struct {
	widgets map[string]any
	trigger string
	seq     int64     // the highest seq of the reruns merged (BackMsg.Seq)
	at      *location // the address the browser arrived at (pages.go)
	// Pushes (push.go): full reruns the whole app; frags the fragments
	// asked for. push: a push made the request, and no interaction since.
	full  bool
	frags map[string]bool
	push  bool
}

// NewSession returns a session of app that is not served by a [Server]: its
// messages go to c. Test harnesses such as package sttest use it.
func NewSession(app func(*st.Ctx), c Client) *Session {
	s := newSession(newID(), app, nil, markdown.New(), slog.Default())
	s.Attach(c)
	return s
}

func newSession(id string, app func(*st.Ctx), host script.Host, md *markdown.Renderer, log *slog.Logger) *Session {
	state := script.NewState(md, log)
	state.SetHost(host)
	s := &Session{ID: id, app: script.Bind(app), log: log, state: state, media: state.Media(), uploads: state.Uploads(), page: tree.NewRoot(), live: newLive()}
	state.SetPusher(s)
	s.handOffFn = s.handOff
	return s
}

// setUser changes who the session runs as, from its next run on.
func (s *Session) setUser(u script.User) {
	s.who.mu.Lock()
	s.who.user = userRef(u)
	s.who.gen++
	s.who.mu.Unlock()
}

// SetUser makes the session run as u from its next run on, as a login
// does. Test harnesses such as package sttest use it to run an app as a
// logged-in user without a provider; a [Server] sets its sessions' users
// from their logins.
func (s *Session) SetUser(u script.User) { s.setUser(u) }

// userKey returns the login key of the session's user ("" if logged out).
func (s *Session) userKey() string {
	s.who.mu.Lock()
	defer s.who.mu.Unlock()
	if s.who.user == nil || !s.who.user.LoggedIn {
		return ""
	}
	return s.who.user.Key
}

// Attach makes c the session's browser. The browser starts from an empty
// page, so the next run sends everything.
func (s *Session) Attach(c Client) {
	s.mu.Lock()
	s.client = c
	s.page = tree.NewRoot()
	s.restart = true
	// The new connection numbers its reruns from 1 again, and its hello
	// brings every value the page holds.
	s.applied = 0
	if s.pending != nil {
		s.pending.seq = 0
	}
	s.mu.Unlock()
	c.Send(sessionMsg(s.ID))
}

// Detach forgets c if it is still the session's browser.
func (s *Session) Detach(c Client) {
	s.mu.Lock()
	if s.client == c {
		s.client = nil
		s.detached = time.Now()
	}
	s.mu.Unlock()
}

// idleSince reports since when the session has had no browser (zero if it
// has one).
func (s *Session) idleSince() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.client != nil {
		return time.Time{}
	}
	return s.detached
}

// Rerun asks for a run with the given widget values and clicked button. It
// returns at once with the number of the run asked for; the run happens on
// the session's run loop, and its "done" message carries that number or, if
// another request superseded it, a larger one.
func (s *Session) Rerun(widgets map[string]any, trigger string) int64 {
	return s.request(widgets, trigger, nil, 0)
}

// rerun is Rerun for the browser's rerun number seq (BackMsg.Seq), which
// the messages of the run that applies it echo.
func (s *Session) rerun(widgets map[string]any, trigger string, seq int64) int64 {
	return s.request(widgets, trigger, nil, seq)
}

// Start asks for the first run, for a page with the given query string.
func (s *Session) Start(query string) int64 {
	return s.request(nil, "", &location{query: query}, 0)
}

func (s *Session) request(widgets map[string]any, trigger string, at *location, seq int64) int64 {
	n, start := s.ask(widgets, trigger, at, seq, nil)
	if start {
		s.runners.start(s)
	}
	return n
}

// ask merges an interaction into the pending request and makes the run
// going, if any, stale. It returns the number of the run asked for, and
// whether the caller must start the loop: none was running. A reader that
// runs the loop itself passes its connection (reader), which the loop
// hands its reading to another goroutine if a run goes on (handOff).
func (s *Session) ask(widgets map[string]any, trigger string, at *location, seq int64, reader *conn) (n int64, start bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.pending == nil {
		s.pending = &request{widgets: make(map[string]any, len(widgets))}
	}
	for id, v := range widgets {
		s.pending.widgets[id] = v
	}
	if trigger != "" {
		// Only one click per request: a second click before the run
		// starts would have clicked on a page that is about to change.
		s.pending.trigger = trigger
	}
	if at != nil {
		s.pending.at = at
	}
	s.pending.seq = max(s.pending.seq, seq)
	s.pending.push = false
	n = s.state.Supersede() // a running run is now stale
	start = !s.running
	if start {
		s.running, s.reader = true, reader
	}
	return n, start
}

// handOff has another goroutine read the browser's messages, if the loop
// runs on the reader of its connection: a run has gone on long enough
// that a click which would make it stale must not wait for its end. The
// run timer calls it (runtimer.go).
func (s *Session) handOff() {
	s.mu.Lock()
	c := s.reader
	s.reader = nil
	s.mu.Unlock()
	if c != nil {
		c.handOff()
	}
}

// loop runs App until no request is pending.
func (s *Session) loop() {
	for {
		s.mu.Lock()
		req := s.pending
		s.pending = nil
		if req == nil {
			s.running, s.reader = false, nil
			s.mu.Unlock()
			return
		}
		n := s.state.Newest()
		if req.push {
			// Only pushes asked: they got no number, and no run is
			// going that a new number would make stale.
			n = s.state.Supersede()
		}
		s.applied = max(s.applied, req.seq)
		req.seq = s.applied
		s.mu.Unlock()
		s.handle(req, n)
	}
}

// handle runs App for one request: the engine applies what the browser
// sent and runs the callbacks and App; the session streams what the run
// draws and sends the page it ends with.
func (s *Session) handle(req *request, n int64) {
	state := s.state
	s.arrive(req.at)
	s.who.mu.Lock()
	if s.who.gen != s.userGen {
		state.SetUser(userOf(s.who.user))
		s.userGen = s.who.gen
	}
	s.who.mu.Unlock()
	in := script.Input{Widgets: req.widgets, Trigger: req.trigger, Hello: req.at != nil}
	keys, full := s.scope(req, in)
	// ran: a run of the request has begun. fragments: every one was of
	// fragments only, which its done says.
	ran, fragments := false, true
	for {
		if !full {
			if keys = state.OnPage(keys); len(keys) == 0 {
				if req.push && !ran && len(in.Widgets) == 0 && in.Trigger == "" {
					return // pushed for fragments no longer on the page
				}
				full = true // they are gone: the whole app answers
			}
		}
		if full {
			keys = nil
			fragments = false
		}
		// The run message goes only if the run lasts longer than a moment,
		// callbacks included (they may take a while), and again when a run
		// of fragments turns into a run of the app (st.Rerun), which fades
		// more of the page; runaway runs are reported (watchdog.go). Begin
		// runs the OnClick and OnChange callbacks the request asks for.
		s.beginRun(n, req.seq, keys, !ran)
		ran = true
		var run *script.Run
		if full {
			run = state.Begin(n, in)
		} else {
			run, _ = state.BeginFragments(n, in, keys) // OnPage found them
		}
		s.stream(run, n, req.seq)
		began := time.Now()
		out := run.Execute(s.app)
		s.metrics.run(out, time.Since(began))
		s.endStream()
		s.endRun()
		if out == script.Aborted {
			s.requeue(full, keys)
			return // a newer request is pending; its run follows
		}
		s.flushRedirect()
		s.flushShell()
		s.syncTimers()
		if out == script.Rerun || out == script.RerunFragment {
			full = out == script.Rerun
			keys = nil
			if !full {
				keys = []string{run.RerunKey()}
			}
			if n = state.Supersede(); s.hasPending() {
				s.requeue(full, keys)
				return
			}
			in = script.Input{}
			continue
		}
		if !fragments {
			keys = nil
		}
		s.finish(n, req.seq, run.Tree(), statusText(out), keys)
		s.shared.carryState(s) // for another replica, should this one die
		return
	}
}

func (s *Session) hasPending() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pending != nil
}

// streamAfter is how long a run goes before the browser sees its elements
// as they come, and how often it sees more. Most runs take well under a
// millisecond and send everything at the end, in one message.
const streamAfter = 100 * time.Millisecond

// stream sends a long run's elements while it goes on, as Streamlit does,
// so a slow step in App does not hide what came before it; and, within a
// frame (frame.go), what the run changes live: a progress bar, a
// placeholder, streamed text. What it keeps of the run is the session's
// (streaming), and its frames are made at the run's first live change:
// most runs have none, and closures and frames made for each run were
// seven allocations of every rerun.
func (s *Session) stream(run *script.Run, n, seq int64) {
	st := &s.streaming
	st.mu.Lock()
	st.run, st.n, st.seq, st.fragments, st.progress, st.frames = run, n, seq, run.Fragments() != nil, nil, nil
	st.mu.Unlock()
	run.SetWake(func() {
		if f := s.framesOf(run); f != nil {
			f.wake()
		}
	})
	run.SetFlush(func() {
		if f := s.framesOf(run); f != nil {
			f.flush()
		}
	})
	run.SetSlow(handoffAfter, s.handOffFn)
	s.streamTo(run) // the session's run timer ticks it every streamAfter
}

// handoffAfter is how long a run on a reader (readLoop) keeps the
// browser's next messages waiting, at most, once it makes st calls: at
// its first st call past it the reading goes to another goroutine
// (Session.handOff). A run that makes none hands it over when the run
// timer first fires, at streamAfter. (A timer of its own at handoffAfter
// was the process's earliest on every run, and Go woke its network poller
// to arm it: 4% of the CPU per rerun at 1,000 sessions.)
const handoffAfter = 5 * time.Millisecond

// streaming is what a session keeps of the run it streams (stream).
type streaming struct {
	mu        sync.Mutex
	run       *script.Run // nil: none
	n, seq    int64
	fragments bool    // a run of fragments: its page is all there from the start
	progress  []byte  // the fresh ops last sent; under the run's lock
	frames    *frames // made at the run's first live change; nil before
}

// framesOf returns run's frames, made at its first live change; nil once
// run has ended.
func (s *Session) framesOf(run *script.Run) *frames {
	st := &s.streaming
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.run != run {
		return nil
	}
	if st.frames == nil {
		st.frames = &frames{send: func() { s.sendFrame(run) }}
	}
	return st.frames
}

// sendFrame sends what run, still going, has drawn and streamed since
// its last frame (partial). It reports whether run is still going.
func (s *Session) sendFrame(run *script.Run) bool {
	st := &s.streaming
	st.mu.Lock()
	if st.run != run {
		st.mu.Unlock()
		return false
	}
	n, seq, fragments := st.n, st.seq, st.fragments
	st.mu.Unlock()
	s.announce() // the run message goes first (runtimer.go)
	return run.PeekLive(func(root *tree.Node, changed bool, appends []script.Appended, whole func() []script.Appended) {
		st.progress = s.partial(n, seq, root, changed, st.progress, fragments, appends, whole)
	})
}

// endStream ends the stream of the run going: its done carries the rest.
func (s *Session) endStream() {
	st := &s.streaming
	st.mu.Lock()
	if st.frames != nil {
		st.frames.stop()
	}
	st.run, st.frames, st.progress = nil, nil, nil
	st.mu.Unlock()
	s.streamTo(nil)
}

// partial sends what a run still going has drawn that the browser lacks
// and how far it has got (the fresh ops, but for a run of fragments: its
// page is all there from the start, so its fragments stay faded until it
// is done), unless that is what it sent last time (progress); then the
// text streamed into its elements (appends, which address elements the
// diff has just sent; or, for a browser that started again from an empty
// page, whole streams). It returns the fresh ops it sent. Unless the tree
// changed since the last frame (or the browser starts again), only the
// appends are new: a frame of streamed text skips the diff.
func (s *Session) partial(n, seq int64, root *tree.Node, changed bool, progress []byte, fragments bool, appends []script.Appended, whole func() []script.Appended) []byte {
	s.mu.Lock()
	if !changed && !s.restart {
		c := s.client
		s.mu.Unlock()
		if c != nil {
			for _, a := range appends {
				c.Send(appendMsg(a))
			}
		}
		return progress
	}
	s.mu.Unlock()
	var fresh []tree.Op
	if !fragments {
		fresh = tree.Fresh(root)
	}
	s.mu.Lock()
	ops := tree.DiffPartial(s.page, root)
	s.page = tree.Merge(s.page, root)
	c := s.client
	if s.restart {
		// The diff drew the streams as they started, empty.
		s.restart = false
		appends = whole()
	}
	s.mu.Unlock()
	if c == nil {
		return progress
	}
	now := tree.AppendOps(nil, fresh)
	if same := bytes.Equal(now, progress); len(ops) > 0 || !same {
		if !same {
			ops = append(ops, fresh...)
		}
		c.Send(deltaMsg(n, seq, ops))
	}
	for _, a := range appends {
		c.Send(appendMsg(a))
	}
	return now
}

// finish sends the changes from what the browser shows to root; the run
// applied the browser's reruns up to seq, and reran only the fragments
// with keys (nil: the app).
func (s *Session) finish(n, seq int64, root *tree.Node, status string, keys []string) {
	s.mu.Lock()
	s.nodes.Share(s.page, root) // the page is kept for as long as the tab is open
	c := s.client
	var msg []byte
	if c != nil {
		msg = doneMsg(n, seq, status, keys, s.page, root)
	}
	old := s.page
	s.page = root
	s.mu.Unlock()
	// Nothing refers to the page the browser showed any more: the done
	// holds its own bytes, the pool only leaves, which a page does not
	// recycle. The next run draws into its memory (script.State.Recycle).
	s.state.Recycle(old)
	if c != nil {
		c.Send(msg)
	}
}

func (s *Session) flushRedirect() {
	if url := s.state.TakeRedirect(); url != "" {
		s.send(redirectMsg(url))
	}
}

func (s *Session) send(msg []byte) {
	s.mu.Lock()
	c := s.client
	s.mu.Unlock()
	if c != nil {
		c.Send(msg)
	}
}

func statusText(out script.Outcome) string {
	switch out {
	case script.Stopped:
		return "stopped"
	case script.Panicked:
		return "error"
	}
	return "ok"
}
