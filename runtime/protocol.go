package runtime

// The wire protocol of docs/protocol.md (version 1): every message between
// the browser and the server, by its "t", in one place. frontend/protocol.js
// mirrors this file name for name (TestProtocolMirror holds the two
// together): change both, and docs/protocol.md, together.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

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
	msgLogin    = "login" // how the tab keeps its login alive (login.go)
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

// Text streamed into an element (st.WriteStream) goes in a message of its
// own, the smallest on the wire: one goes for each frame of a stream.
const msgAppend = "+"

// The ops inside delta and done are internal/tree's: tree.OpSet,
// tree.OpProps, tree.OpTrim, and in a delta only tree.OpFresh.

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
	m, ok := parseBackMsgFast(data) // backmsg.go
	if !ok {
		m = BackMsg{}
		if err := json.Unmarshal(data, &m); err != nil {
			return m, fmt.Errorf("%w: %v", ErrMalformed, err)
		}
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

// doneMsg ends run n with the changes from old, what the browser shows,
// to new. What is usual is left out, so that an unchanged page costs one
// frame of about twenty bytes: the status when it is "ok", the ops when
// there are none. keys: the fragments the run reran, when it reran nothing
// else. The ops are written straight from the diff (tree.AppendDiff) into
// a pooled buffer, and the message copied out of it: one allocation of
// its size.
func doneMsg(n, seq int64, status string, keys []string, old, new *tree.Node) []byte {
	buf := doneBufs.Get().(*[]byte)
	b := append((*buf)[:0], `{"t":"`+msgDone+`","n":`...)
	b = strconv.AppendInt(b, n, 10)
	b = appendSeq(b, seq)
	if status != statusOK {
		b = append(b, `,"s":"`...)
		b = append(b, status...)
		b = append(b, '"')
	}
	b = appendKeys(b, keys)
	head := len(b)
	b, ops := tree.AppendDiff(append(b, `,"ops":`...), old, new)
	if ops == 0 {
		b = b[:head]
	}
	b = append(b, '}')
	msg := bytes.Clone(b)
	if cap(b) <= maxDoneBuf { // a page's first done may be large: not kept
		*buf = b
		doneBufs.Put(buf)
	}
	return msg
}

// doneBufs holds the buffers doneMsg writes into.
var doneBufs = sync.Pool{New: func() any { return new([]byte) }}

// maxDoneBuf is the largest buffer doneBufs keeps.
const maxDoneBuf = 64 << 10

// statusOK is a done's status when it has none.
const statusOK = "ok"

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

// appendMsg brings text streamed into the element at a.Path:
// {"t":"+","p":[0,1],"text":"…"}, with "html" and "open" when set. It has
// no run number: it belongs to the run going on, whose delta drew the
// element.
func appendMsg(a script.Appended) []byte {
	b := make([]byte, 0, 32+len(a.Text))
	b = append(b, `{"t":"`+msgAppend+`","p":`...)
	b = tree.AppendPath(b, a.Path)
	if a.HTML != nil {
		b = append(b, `,"html":`...)
		b = appendText(b, *a.HTML)
	}
	if a.Open != nil {
		b = append(b, `,"open":`...)
		b = appendText(b, *a.Open)
	}
	b = append(b, `,"text":`...)
	b = appendText(b, a.Text)
	return append(b, '}')
}

// mergeAppends returns the first message of msgs, or, when it and the ones
// after it bring text only (no html, no open) to the same element, the one
// append message that brings all their texts; and how many of msgs it
// stands for. Building it costs the bytes merged once, however many.
func mergeAppends(msgs [][]byte) (msg []byte, used int) {
	msg, used = msgs[0], 1
	path, _, ok := textAppend(msg)
	if !ok {
		return msg, used
	}
	var merged []byte
	for _, next := range msgs[1:] {
		p, text, ok := textAppend(next)
		if !ok || !bytes.Equal(p, path) {
			break
		}
		if merged == nil {
			merged = append(make([]byte, 0, 2*len(msg)+len(text)), msg[:len(msg)-2]...) // up to the text's closing quote
		}
		merged = append(merged, text...) // JSON string contents join as they are
		used++
	}
	if merged == nil {
		return msg, used
	}
	return append(merged, `"}`...), used
}

// textAppend splits an append message with text only, as appendMsg builds
// it ({"t":"+","p":[…],"text":"…"}), into its path and the contents of its
// text string.
func textAppend(m []byte) (path, text []byte, ok bool) {
	rest, ok := bytes.CutPrefix(m, []byte(`{"t":"`+msgAppend+`","p":[`))
	if !ok {
		return nil, nil, false
	}
	end := bytes.IndexByte(rest, ']')
	if end < 0 {
		return nil, nil, false
	}
	path, rest = rest[:end], rest[end+1:]
	text, ok = bytes.CutPrefix(rest, []byte(`,"text":"`))
	if !ok || !bytes.HasSuffix(text, []byte(`"}`)) {
		return nil, nil, false
	}
	return path, text[:len(text)-2], true
}

// appendText appends s as a JSON string without encoding/json's escapes of
// <, > and &, which only matter inside an HTML page: an append's HTML is
// most of its bytes, and \u003c is six of them for one. Plain ASCII, most
// streamed text, is copied as it is; the rest goes through encoding/json,
// which also knows what to do with invalid UTF-8.
func appendText(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' || c >= 0x80 {
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			enc.Encode(s) // a string cannot fail to encode
			return append(b, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
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

// loginMsg tells a logged-in tab to post to the touch route (a path) when
// its user interacts and every has passed since its login was last
// renewed; loginMsg("", 0) tells it to stop.
func loginMsg(touch string, every time.Duration) []byte {
	if touch == "" || every <= 0 {
		return []byte(`{"t":"` + msgLogin + `"}`)
	}
	b, _ := json.Marshal(struct {
		T     string `json:"t"`
		Touch string `json:"touch"`
		Every int64  `json:"every"`
	}{msgLogin, touch, every.Milliseconds()})
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
