// Package script is gost's run engine: it owns one session's life between
// runs and the life of each run of App, the way Streamlit's ScriptRunner and
// its widget manager do together.
//
// Who calls it. Package runtime owns the transport and the order of work: it
// makes one [State] per browser session and, for each interaction, asks it
// for a run ([State.Begin]), runs it ([Run.Execute]) and sends the tree the
// run built. Package st is the API an app draws with: every element goes into
// the run with [Run.Add], and every widget asks for its value in one call,
// [Run.Widget]. Package st cannot be imported here (it imports this
// package), so it hands the engine a way to call App at init ([SetBinder]).
//
// What it owns. Everything a session keeps between runs: the session state,
// the widgets the last run drew with how to read and check their values, the
// button clicked, the callbacks, the files its page offers ([Media]), who is
// logged in. Nothing outside the package writes these; st and runtime use
// the small API of [State] and [Run].
//
// The life of one run:
//
//  1. Begin takes what the browser sent ([Input]). A value is accepted only
//     for a widget the session's last run drew, when the widget's own
//     Decode accepts it (its type and bounds), and for a widget in a form
//     only when that form's submit button sent it; a click only for a
//     button drawn. Everything else is dropped and logged, never stored. A
//     hello that starts a new session brings the page's values before
//     anything is drawn: they wait for their widgets and are checked then.
//  2. Begin calls the callbacks of what changed (OnChange, then OnClick).
//     They run before App, with the same panic handling as App; what they
//     draw, and what they panic with, goes at the top of this run's page.
//  3. Execute runs App. Every st call checks that no newer interaction
//     superseded the run; a stale run panics with [Abort] at its next call.
//     One function recovers every panic, of App and of callbacks alike: the
//     sentinels of st.Stop, st.Rerun and stale runs, and the app's own,
//     which are drawn with the app's stack frames.
//  4. Execute finishes the run according to how it ended ([Outcome]): a
//     run that finished (or asked for a rerun) forgets the click it
//     answered and the widgets it did not draw, keyed ones with their key
//     unless the app set it; a stopped or panicked run keeps its page's
//     widgets; a stale run ends Aborted, even when it returned without
//     another st call, and nothing of it is shown or kept.
//
// Live elements (live.go). A run has a context, cancelled when it ends or
// is superseded, for what it waits on (st.WriteStream's source). What it
// changes in place while it goes on (a placeholder refilled, a progress
// bar set, text streamed) wakes the runtime, which sends a frame within
// 16 ms; streamed text waits for it as appends ([Run.Append]), sent
// instead of the element again. A widget with Once (st.ChatInput) holds
// its value for one run, like a button's click.
//
// A State is used by one goroutine at a time, the session's run loop, so it
// has no lock; only the run number ([State.Supersede]) and the tree a run is
// building ([Run.Peek]) are read from other goroutines.
package script
