package browsertest_test

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/gost-dev/gost/internal/browsertest"
	"github.com/gost-dev/gost/runtime"
	"github.com/gost-dev/gost/st"
)

// This test belongs to runtime's protocol; it lives here because runtime's
// module must not require chromedp (see the README's "Modules").
//
// TestBrowserBuildsWhatTheServerParses loads the real frontend in Chromium
// and checks, from both ends, that the messages frontend/protocol.js
// builds are the ones ParseBackMsg accepts: each message the page sent and
// each constructor's result parses, and of all the protocol's message
// names, ParseBackMsg accepts exactly those protocol.js has a constructor
// for. TestProtocolMirror checks that the names themselves agree.
func TestBrowserBuildsWhatTheServerParses(t *testing.T) {
	t.Parallel()
	srv := browsertest.Serve(t, func(st *st.Ctx) {
		if st.Button("Go") {
			st.Text("went")
		}
	})
	p := browsertest.New(t)
	p.Open(srv.URL)
	p.Click("Go")
	p.WaitText("went")

	// What the page really sent: a hello, then a rerun.
	sent := p.Sent()
	var types []string
	for _, m := range sent {
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		msg, err := runtime.ParseBackMsg(b)
		if err != nil {
			t.Errorf("the page sent %s: %v", b, err)
		}
		types = append(types, msg.T)
	}
	if len(types) < 2 || types[0] != "hello" || !slices.Contains(types, "rerun") {
		t.Errorf("the page sent %q, want a hello and then a rerun", types)
	}

	// Every constructor of protocol.js, called as the page calls it. A new
	// export that is a function fails here until it is added.
	var got struct {
		Functions []string          `json:"functions"`
		Built     []json.RawMessage `json:"built"`
		Names     []string          `json:"names"` // every message type the module names
		Version   int               `json:"version"`
	}
	js := browsertest.Eval[string](p, `import('./protocol.js').then((P) => JSON.stringify({
		functions: Object.keys(P).filter((k) => typeof P[k] === 'function').sort(),
		built: [
			P.hello('0123456789abcdef0123456789abcdef', { 'checkbox:On': true }, 'a=1', 'reports'),
			P.hello('', {}, '', ''),
			P.rerun({ 'slider:N': 3 }),
			P.rerun({}, 'button:Go'),
			P.switchVersion(),
			P.navigate('reports', 'a=1'),
			P.clearCaches(),
		],
		names: Object.keys(P).filter((k) => /^[A-Z_]+$/.test(k) && !/^(VERSION|STREAM_PATH|OP_.*)$/.test(k)).map((k) => P[k]),
		version: P.VERSION,
	}))`)
	if err := json.Unmarshal([]byte(js), &got); err != nil {
		t.Fatal(err)
	}
	if want := []string{"clearCaches", "hello", "navigate", "rerun", "streamURL", "switchVersion"}; !slices.Equal(got.Functions, want) {
		t.Errorf("protocol.js exports the functions %q, want %q: add a new constructor to this test", got.Functions, want)
	}
	if got.Version != runtime.ProtocolVersion {
		t.Errorf("protocol.js VERSION = %d, the server speaks %d", got.Version, runtime.ProtocolVersion)
	}
	built := map[string]bool{}
	for _, m := range got.Built {
		msg, err := runtime.ParseBackMsg(m)
		if err != nil {
			t.Errorf("protocol.js built %s: %v", m, err)
		}
		built[msg.T] = true
	}
	if len(got.Names) < 10 {
		t.Fatalf("protocol.js names only %q", got.Names)
	}
	for _, name := range got.Names {
		probe, _ := json.Marshal(map[string]any{"t": name, "v": runtime.ProtocolVersion})
		_, err := runtime.ParseBackMsg(probe)
		if accepted := err == nil; accepted != built[name] {
			t.Errorf("%q: ParseBackMsg accepts it: %v; protocol.js builds it: %v", name, accepted, built[name])
		}
	}
}

// TestRunningIndicatorOnlyForSlowRuns: a fast rerun is one frame, its done,
// and the page neither shows "Running…" nor fades anything for it; a run
// that goes on longer than a moment (100 ms) gets its run message, and the
// page shows the indicator and fades the elements until the done.
func TestRunningIndicatorOnlyForSlowRuns(t *testing.T) {
	t.Parallel()
	srv := browsertest.Serve(t, func(st *st.Ctx) {
		if st.Button("Slow") {
			time.Sleep(400 * time.Millisecond)
			st.Text("slow done")
		}
		if st.Button("Fast") {
			st.Text("fast done")
		}
	})
	p := browsertest.New(t)
	p.Open(srv.URL)
	p.WaitIdle()
	p.Exec(`window.__seen = {running: 0, faded: 0};
new MutationObserver(() => { if (document.getElementById('running').textContent) window.__seen.running++; })
  .observe(document.getElementById('running'), {childList: true, characterData: true, subtree: true});
new MutationObserver((recs) => recs.forEach((r) => { if (r.target.classList.contains('stale')) window.__seen.faded++; }))
  .observe(document.querySelector('main'), {attributes: true, attributeFilter: ['class'], subtree: true});`)
	type seen struct{ Running, Faded int }

	p.Click("Fast")
	p.WaitText("fast done")
	p.WaitIdle()
	if got := browsertest.Eval[seen](p, `window.__seen`); got != (seen{}) || p.Received("run") != 0 {
		t.Errorf("a fast rerun: %+v, %d run messages; want no indicator, no fade, no run message", got, p.Received("run"))
	}

	p.Click("Slow")
	p.WaitFor("the running indicator", `document.getElementById('running').textContent !== ''`)
	p.WaitText("slow done")
	p.WaitIdle()
	got := browsertest.Eval[seen](p, `window.__seen`)
	if got.Running == 0 || got.Faded == 0 || p.Received("run") != 1 {
		t.Errorf("a slow rerun: %+v, %d run messages; want the indicator, the fade and one run message", got, p.Received("run"))
	}
	if p.Text("#running") != "" || browsertest.Eval[int](p, `document.querySelectorAll('.stale').length`) != 0 {
		t.Errorf("after the slow run's done: indicator %q, faded elements left", p.Text("#running"))
	}
}
