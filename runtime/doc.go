// Package runtime serves a gost app: it owns the browser sessions, the rerun
// loop that runs App for each of them, the websocket transport that streams
// element changes to the frontend, and the HTTP server around them.
//
// What it owns, and where:
//
//   - server.go: the [Server] and its table of sessions, the only map of
//     them; other files ask it (hello, sweep, Sessions).
//   - session.go: a [Session], one tab's run loop; runners.go the
//     goroutines the loops run on (a browser's message runs its loop on
//     the connection's reader); runtimer.go the one timer over a run
//     going (the run message, streaming, the watchdog), a place on the
//     server's one clock (runclock.go); push.go its
//     fragments' timers and the goroutines' pushes; frame.go what a run
//     still going shows; pages.go the app shell (pages, theme, menu).
//   - transport.go: the websocket, one per open tab, and its reader;
//     writer.go its writes, which go out on the goroutine that sends them
//     unless the socket is busy, and a writer that runs only while
//     something is queued; idle.go how its reader waits cheaply;
//     rawio_unix.go why it reads and writes with raw system calls;
//     protocol.go every message on it, mirrored by frontend/protocol.js and
//     docs/protocol.md.
//   - store.go, store_carry.go: what replicas share through package store
//     ([server] store): logouts, session state, the cookieSecret check.
//   - guard.go, limits.go, serverconfig.go: what the server refuses (hosts,
//     origins, sizes) and the defences config.toml turns on; SECURITY.md
//     says what each id and cookie grants.
//   - login.go: the bridge to package auth (who a connection is, logouts);
//     jobs.go: the users' jobs; reload*.go: new versions under gost run;
//     shutdown.go: SIGTERM; metrics.go: /metrics.
//
// The run itself (widgets, callbacks, the element tree it draws, the one
// recover) belongs to internal/script; the session only decides when a run
// starts and sends what it drew.
//
// # The life of a session
//
//  1. A tab opens the websocket (serveStream): the Host and Origin are
//     checked, the login cookie read, and the connection gets its reader
//     (readLoop) and its bounded send queue (conn).
//  2. Its first message is hello. It names the session the tab had, if any:
//     a session still held, of the same user, is resumed; otherwise a new
//     one starts, seeded with the widget values the page holds and, with a
//     store, the session state another replica carried for that login.
//     Every value is admitted only for a widget the server drew.
//  3. Each interaction (rerun, navigate) becomes a request. Requests that
//     arrive while App runs are merged into one pending request and make
//     the running run stale: it stops at its next st call, and one run
//     follows with everything merged. There is at most one loop goroutine
//     per session, and only while there is work. A message that starts the
//     loop runs it on the connection's reader, which writes the done
//     itself: a click is one goroutine's work, with no other woken. A run
//     that goes on (past handoffAfter at an st call, or streamAfter) hands
//     the reading to a new goroutine, so what the browser sends meanwhile
//     is read then.
//  4. A run applies the values and runs the callbacks, then App, in
//     internal/script. A fast run sends one message, done: the diff from
//     the page the browser shows. One that lasts longer than a moment also
//     sends run (the page shows it is running) and its elements as they
//     come, and what it streams (text, progress) within a frame (frame.go).
//     With a store, the state it leaves that can be carried is written
//     for the other replicas, batched.
//  5. A push (a goroutine's request, a fragment's timer) is a request too,
//     for the whole app or some fragments; pushes are coalesced, and their
//     context ends with the session.
//  6. When the tab goes away the session is detached and kept for
//     sessionGrace, so a tab that reconnects (a network blip, a code reload,
//     a laptop waking up) finds its state; then sweep ends it: a run still
//     going is stopped, uploads removed, timers stopped, its context
//     cancelled. Jobs belong to the user, not the session, and live on.
package runtime
