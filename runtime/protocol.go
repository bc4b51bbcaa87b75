package runtime

// The wire protocol of docs/protocol.md (version 1): every message between
// the browser and the server, by its "t", in one place. frontend/protocol.js
// mirrors this file name for name (TestProtocolMirror holds the two
// together): change both, and docs/protocol.md, together.

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/gost-dev/gost/internal/script"
	"github.com/gost-dev/gost/internal/tree"
)

// ProtocolVersion is the version of docs/protocol.md this server speaks.
const ProtocolVersion = 1

// streamPath is where the websocket is served, relative to the app's base
// path: the page opens it relative to itself.
const streamPath = "_gost/stream"

// Browser → server.
const (
	msgHello  = "hello"
	msgRerun  = "rerun"
	msgSwitch = "switch" // to the new version of the app (reload_switch.go)
	// The app shell (pages.go).
	msgNavigate    = "navigate"     // the browser went to another page of the app, or back or forward
	msgClearCaches = "clear_caches" // the app menu's "Clear caches", or the C key
)

// Server → browser.
const (
	msgSession  = "session"
	msgRun      = "run" // only for a run longer than a moment (runtimer.go)
	msgDelta    = "delta"
	msgDone     = "done" // a fast run's only message
	msgRedirect = "redirect"
	msgNotice   = "notice"
	msgQuery    = "query" // the address: path and query string
	// The app shell (pages.go).
	msgPageConfig = "page_config"
	msgTheme      = "theme"
	// Rebuilding on save (reload.go).
	msgSourceChanged = "source_changed"
	msgBuildError    = "build_error"
	msgBuildOK       = "build_ok"
	msgNewVersion    = "new_version"
	msgReconnect     = "reconnect"
)

// The ops inside delta and done are internal/tree's: tree.OpSet,
// tree.OpProps, tree.OpTrim, and in a delta only tree.OpFresh and
// tree.OpAppend (text streamed into an element, frame.go).

// maxMessageSize bounds a message from the browser unless [server]
// maxMessageSize says otherwise (settings.go). A page's widget values fit
// many times over; anything larger is an attack or a bug.
const maxMessageSize = 1 << 20

// BackMsg is a message from the browser. See docs/protocol.md.
type BackMsg struct {
	T       string         `json:"t"`
	V       int            `json:"v"`
	Session string         `json:"session"`
	Widgets map[string]any `json:"widgets"`
	Trigger string         `json:"trigger"`
	Query   string         `json:"query"`
	Path    string         `json:"path"` // the page's path under the app's base path
	// Seq numbers a rerun among the connection's reruns (1, 2, ...; 0:
	// a page that does not number them). run, delta and done echo the
	// highest one applied, so the page tells its own edits still on
	// their way from those the run has seen.
	Seq int64 `json:"seq"`
}

// Errors of a malformed message from the browser. Each closes that one
// connection; the session stays.
var (
	ErrMalformed   = errors.New("runtime: malformed message")
	ErrUnknownType = errors.New("runtime: unknown message type")
	ErrBadVersion  = errors.New("runtime: unsupported protocol version")
)

// ParseBackMsg decodes and checks one message from the browser: a "hello"
// of this protocol version, a "rerun", a "navigate", a "clear_caches", or a
// "switch" (which only a process that gost run has replaced answers; others
// ignore it).
func ParseBackMsg(data []byte) (BackMsg, error) {
	var m BackMsg
	if err := json.Unmarshal(data, &m); err != nil {
		return m, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if m.Seq < 0 {
		return m, fmt.Errorf("%w: seq %d", ErrMalformed, m.Seq)
	}
	switch m.T {
	case msgHello:
		if m.V != ProtocolVersion {
			return m, fmt.Errorf("%w: %d (this server speaks %d)", ErrBadVersion, m.V, ProtocolVersion)
		}
	case msgRerun, msgSwitch, msgNavigate, msgClearCaches:
	case "":
		return m, fmt.Errorf("%w: no \"t\" field", ErrMalformed)
	default:
		return m, fmt.Errorf("%w: %q", ErrUnknownType, m.T)
	}
	return m, nil
}

// Messages to the browser are built by hand: they are on every rerun's path
// and their shapes are few.

func sessionMsg(id string) []byte {
	b := []byte(`{"t":"` + msgSession + `","v":` + strconv.Itoa(ProtocolVersion) + `,"id":`)
	b = strconv.AppendQuote(b, id) // session ids are hex: quoting is JSON-safe
	return append(b, '}')
}

// runMsg says run n, which has applied the browser's reruns up to seq,
// has gone on longer than a moment (streamAfter): of the whole app, or of
// the fragments with keys (which the browser finds by their nodes' ids,
// "fragment:" and the key). A faster run sends only its done.
func runMsg(n, seq int64, keys []string) []byte {
	b := strconv.AppendInt([]byte(`{"t":"`+msgRun+`","n":`), n, 10)
	b = appendSeq(b, seq)
	b = appendKeys(b, keys)
	return append(b, '}')
}

// doneMsg ends run n with its ops. What is usual is left out, so that an
// unchanged page costs one frame of about twenty bytes: the status when it
// is "ok", the ops when there are none. keys: the fragments the run reran,
// when it reran nothing else.
func doneMsg(n, seq int64, status string, keys []string, ops []tree.Op) []byte {
	b := make([]byte, 0, 32+opsSize(ops))
	b = append(b, `{"t":"`+msgDone+`","n":`...)
	b = strconv.AppendInt(b, n, 10)
	b = appendSeq(b, seq)
	if status != statusOK {
		b = append(b, `,"s":"`...)
		b = append(b, status...)
		b = append(b, '"')
	}
	b = appendKeys(b, keys)
	if len(ops) > 0 {
		b = append(b, `,"ops":`...)
		b = tree.AppendOps(b, ops)
	}
	return append(b, '}')
}

// statusOK is a done's status when it has none.
const statusOK = "ok"

// opsSize guesses the bytes of ops, so that a done is built in one
// allocation: a set op is about its node's props.
func opsSize(ops []tree.Op) int {
	n := 2
	for i := range ops {
		n += 32
		if ops[i].Node != nil {
			n += len(ops[i].Node.Props) + 32
		}
		n += len(ops[i].Props)
	}
	return n
}

func appendKeys(b []byte, keys []string) []byte {
	if len(keys) == 0 {
		return b
	}
	k, _ := json.Marshal(keys)
	return append(append(b, `,"f":`...), k...)
}

func deltaMsg(n, seq int64, ops []tree.Op) []byte {
	b := make([]byte, 0, 64)
	b = append(b, `{"t":"`+msgDelta+`","n":`...)
	b = strconv.AppendInt(b, n, 10)
	b = appendSeq(b, seq)
	b = append(b, `,"ops":`...)
	b = tree.AppendOps(b, ops)
	return append(b, '}')
}

// appendSeq adds the seq of the browser's last rerun a run has applied,
// unless there is none (a page that does not number its reruns, or none
// since its hello): an unchanged page's messages stay a few dozen bytes.
func appendSeq(b []byte, seq int64) []byte {
	if seq == 0 {
		return b
	}
	return strconv.AppendInt(append(b, `,"seq":`...), seq, 10)
}

func redirectMsg(url string) []byte {
	b, _ := json.Marshal(struct {
		T   string `json:"t"`
		URL string `json:"url"`
	}{msgRedirect, url})
	return b
}

// queryMsg tells the browser the address it should show: the page's path
// under the app's base path, and the query string. With push it is a new
// history entry, else it replaces the current one.
func queryMsg(path, query string, push bool) []byte {
	b, _ := json.Marshal(struct {
		T     string `json:"t"`
		Path  string `json:"path"`
		Query string `json:"query"`
		Push  bool   `json:"push,omitempty"`
	}{msgQuery, path, query, push})
	return b
}

// pageConfigMsg tells the browser how to show the app (st.SetPageConfig).
func pageConfigMsg(c script.PageConfig) []byte {
	b, _ := json.Marshal(struct {
		T string `json:"t"`
		script.PageConfig
	}{msgPageConfig, c})
	return b
}

// themeMsg tells the browser the [theme] of config.toml.
func themeMsg(t Theme) []byte {
	b, _ := json.Marshal(struct {
		T string `json:"t"`
		Theme
	}{msgTheme, t})
	return b
}

func noticeMsg(level, text string) []byte {
	b, _ := json.Marshal(struct {
		T     string `json:"t"`
		Level string `json:"level"`
		Text  string `json:"text"`
	}{msgNotice, level, text})
	return b
}

// Rebuilding on save. source_changed and new_version carry the tabs'
// default for "Always rerun".

func sourceChangedMsg(runOnSave bool) []byte { return changeMsg(msgSourceChanged, runOnSave) }

func newVersionMsg(runOnSave bool) []byte { return changeMsg(msgNewVersion, runOnSave) }

func changeMsg(t string, runOnSave bool) []byte {
	b, _ := json.Marshal(struct {
		T         string `json:"t"`
		RunOnSave bool   `json:"run_on_save"`
	}{t, runOnSave})
	return b
}

func buildErrorMsg(text string) []byte {
	b, _ := json.Marshal(struct {
		T    string `json:"t"`
		Text string `json:"text"`
	}{msgBuildError, text})
	return b
}

func buildOKMsg() []byte { return []byte(`{"t":"` + msgBuildOK + `"}`) }

func reconnectMsg() []byte { return []byte(`{"t":"` + msgReconnect + `"}`) }
