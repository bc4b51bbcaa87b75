package runtime

import (
	"bytes"
	"encoding/json"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/gost-dev/gost/internal/tree"
)

func TestParseBackMsg(t *testing.T) {
	for _, test := range []struct {
		name  string
		frame string
		want  BackMsg // when err is nil
		err   error
	}{
		// Every message the browser sends (frontend/protocol.js).
		{"hello", `{"t":"hello","v":1,"session":"0123456789abcdef0123456789abcdef","widgets":{"checkbox:On":true},"query":"a=1"}`,
			BackMsg{T: "hello", V: 1, Session: "0123456789abcdef0123456789abcdef", Widgets: map[string]any{"checkbox:On": true}, Query: "a=1"}, nil},
		{"hello of a new page", `{"t":"hello","v":1,"session":"","widgets":{},"query":""}`,
			BackMsg{T: "hello", V: 1, Widgets: map[string]any{}}, nil},
		{"rerun", `{"t":"rerun","widgets":{"slider:N":3}}`,
			BackMsg{T: "rerun", Widgets: map[string]any{"slider:N": 3.0}}, nil},
		{"rerun with trigger", `{"t":"rerun","widgets":{},"trigger":"button:Go"}`,
			BackMsg{T: "rerun", Widgets: map[string]any{}, Trigger: "button:Go"}, nil},
		{"numbered rerun", `{"t":"rerun","widgets":{"slider:N":4},"seq":17}`,
			BackMsg{T: "rerun", Widgets: map[string]any{"slider:N": 4.0}, Seq: 17}, nil},
		{"switch", `{"t":"switch"}`, BackMsg{T: "switch"}, nil},
		{"unknown fields are ignored", `{"t":"rerun","x":[1]}`, BackMsg{T: "rerun"}, nil},

		// Malformed.
		{"not json", `{"t":"hello",`, BackMsg{}, ErrMalformed},
		{"empty", ``, BackMsg{}, ErrMalformed},
		{"not an object", `[1,2]`, BackMsg{}, ErrMalformed},
		{"null", `null`, BackMsg{}, ErrMalformed},
		{"no type", `{"v":1}`, BackMsg{}, ErrMalformed},
		{"type not a string", `{"t":1}`, BackMsg{}, ErrMalformed},
		{"widgets not an object", `{"t":"rerun","widgets":[true]}`, BackMsg{}, ErrMalformed},
		{"trigger not a string", `{"t":"rerun","trigger":{}}`, BackMsg{}, ErrMalformed},
		{"seq negative", `{"t":"rerun","seq":-1}`, BackMsg{}, ErrMalformed},
		{"seq not a whole number", `{"t":"rerun","seq":1.5}`, BackMsg{}, ErrMalformed},
		{"version not a number", `{"t":"hello","v":"1"}`, BackMsg{}, ErrMalformed},
		{"unknown type", `{"t":"format_disk"}`, BackMsg{}, ErrUnknownType},
		{"a server message", `{"t":"session","v":1,"id":"x"}`, BackMsg{}, ErrUnknownType},
		{"type in another case", `{"t":"Hello","v":1}`, BackMsg{}, ErrUnknownType},
		{"hello without version", `{"t":"hello"}`, BackMsg{}, ErrBadVersion},
		{"hello of another version", `{"t":"hello","v":2}`, BackMsg{}, ErrBadVersion},
	} {
		t.Run(test.name, func(t *testing.T) {
			got, err := ParseBackMsg([]byte(test.frame))
			if test.err != nil {
				if !errors.Is(err, test.err) {
					t.Fatalf("ParseBackMsg(%s) error = %v, want %v", test.frame, err, test.err)
				}
				if !strings.HasPrefix(err.Error(), "runtime: ") {
					t.Errorf("error %q lacks the package prefix", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseBackMsg(%s): %v", test.frame, err)
			}
			if !reflect.DeepEqual(got, test.want) {
				t.Errorf("ParseBackMsg(%s) = %+v, want %+v", test.frame, got, test.want)
			}
		})
	}
}

// TestServerMessages decodes each message the server builds, as the page
// does, and checks its type and fields against docs/protocol.md.
func TestServerMessages(t *testing.T) {
	ops := []tree.Op{{Op: tree.OpTrim, Path: []int{0}, Len: 1}}
	wantOps := []any{map[string]any{"op": "trim", "p": []any{0.0}, "n": 1.0}}
	// A done's ops are the diff from the page shown to the run's: here
	// the main block loses its second element, one trim.
	shown, drawn := tree.NewRoot(), tree.NewRoot()
	text := &tree.Node{Kind: "text", Props: []byte(`{"body":"x"}`)}
	shown.Children[0].Children = []*tree.Node{text, text}
	drawn.Children[0].Children = []*tree.Node{text}
	for _, test := range []struct {
		msg  []byte
		want map[string]any
	}{
		{sessionMsg("0123abcd"), map[string]any{"t": "session", "v": 1.0, "id": "0123abcd"}},
		{runMsg(7, 0, nil), map[string]any{"t": "run", "n": 7.0}},
		{runMsg(7, 3, []string{"clock", "a\"b"}), map[string]any{"t": "run", "n": 7.0, "seq": 3.0, "f": []any{"clock", "a\"b"}}},
		{deltaMsg(7, 0, ops), map[string]any{"t": "delta", "n": 7.0, "ops": wantOps}},
		{deltaMsg(7, 12, ops), map[string]any{"t": "delta", "n": 7.0, "seq": 12.0, "ops": wantOps}},
		// A done leaves out the status "ok" and an empty list of ops.
		{doneMsg(7, 0, "ok", nil, shown, drawn), map[string]any{"t": "done", "n": 7.0, "ops": wantOps}},
		{doneMsg(8, 40, "error", nil, drawn, drawn), map[string]any{"t": "done", "n": 8.0, "seq": 40.0, "s": "error"}},
		{doneMsg(9, 0, "ok", nil, drawn, drawn), map[string]any{"t": "done", "n": 9.0}},
		{doneMsg(9, 2, "stopped", []string{"clock"}, shown, drawn), map[string]any{"t": "done", "n": 9.0, "seq": 2.0, "s": "stopped", "f": []any{"clock"}, "ops": wantOps}},
		{redirectMsg(`https://op.example/auth?a=1&b="2"`), map[string]any{"t": "redirect", "url": `https://op.example/auth?a=1&b="2"`}},
		{noticeMsg("warning", "<b>Development</b> login"), map[string]any{"t": "notice", "level": "warning", "text": "<b>Development</b> login"}},
		{sourceChangedMsg(true), map[string]any{"t": "source_changed", "run_on_save": true}},
		{buildErrorMsg("app.go:3:1: syntax error\n"), map[string]any{"t": "build_error", "text": "app.go:3:1: syntax error\n"}},
		{buildOKMsg(), map[string]any{"t": "build_ok"}},
		{newVersionMsg(false), map[string]any{"t": "new_version", "run_on_save": false}},
		{reconnectMsg(), map[string]any{"t": "reconnect"}},
	} {
		var got map[string]any
		if err := json.Unmarshal(test.msg, &got); err != nil {
			t.Errorf("%s is not JSON: %v", test.msg, err)
			continue
		}
		if !reflect.DeepEqual(got, test.want) {
			t.Errorf("got %s, want %v", test.msg, test.want)
		}
	}
}

// TestProtocolMirror holds frontend/protocol.js and this package's
// protocol.go (with internal/tree's op names) to the same names and values:
// a message or op one side adds and the other lacks fails here.
// A JS name SOURCE_CHANGED is msgSourceChanged in Go, OP_SET tree.OpSet,
// VERSION ProtocolVersion, STREAM_PATH streamPath.
func TestProtocolMirror(t *testing.T) {
	js := jsConsts(t, "../frontend/protocol.js")
	goNames := goConsts(t, "protocol.go", func(name string) bool {
		return strings.HasPrefix(name, "msg") || name == "ProtocolVersion" || name == "streamPath"
	})
	for name, v := range goConsts(t, "../internal/tree/diff.go", func(name string) bool { return strings.HasPrefix(name, "Op") }) {
		goNames[name] = v
	}
	goName := func(jsName string) string {
		switch jsName {
		case "VERSION":
			return "ProtocolVersion"
		case "STREAM_PATH":
			return "streamPath"
		}
		if rest, ok := strings.CutPrefix(jsName, "OP_"); ok {
			return "Op" + camel(rest)
		}
		return "msg" + camel(jsName)
	}
	// Go spells words in CamelCase, JS in SNAKE_CASE: compare names
	// without case.
	byFold := map[string]string{}
	for name := range goNames {
		byFold[strings.ToLower(name)] = name
	}
	matched := map[string]bool{}
	for jsName, jsValue := range js {
		name, ok := byFold[strings.ToLower(goName(jsName))]
		if !ok {
			t.Errorf("protocol.js has %s = %s; runtime/protocol.go (or internal/tree) lacks %s", jsName, jsValue, goName(jsName))
			continue
		}
		matched[name] = true
		if goNames[name] != jsValue {
			t.Errorf("protocol.js %s = %s, Go %s = %s", jsName, jsValue, name, goNames[name])
		}
	}
	for name, v := range goNames {
		if !matched[name] {
			t.Errorf("Go has %s = %s; frontend/protocol.js lacks it", name, v)
		}
	}
	if len(matched) < 20 {
		t.Errorf("only %d names matched: the parsing of protocol.js or protocol.go is broken", len(matched))
	}
	// docs/protocol.md has a table row for every message and op.
	doc, err := os.ReadFile("../docs/protocol.md")
	if err != nil {
		t.Fatal(err)
	}
	for jsName, v := range js {
		if jsName == "VERSION" || jsName == "STREAM_PATH" {
			continue
		}
		name, _ := strconv.Unquote(v)
		if !bytes.Contains(doc, []byte("\n| `"+name+"` |")) {
			t.Errorf("docs/protocol.md has no table row for %s (%q)", jsName, name)
		}
	}
}

// camel turns SOURCE_CHANGED into SourceChanged.
func camel(snake string) string {
	var b strings.Builder
	for _, w := range strings.Split(strings.ToLower(snake), "_") {
		if w != "" {
			b.WriteString(strings.ToUpper(w[:1]) + w[1:])
		}
	}
	return b.String()
}

// jsConsts returns the `export const NAME = 'value';` (or a number) of a
// JS module, each value as Go would write it ("hello" quoted, 1 bare).
func jsConsts(t *testing.T, path string) map[string]string {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	re := regexp.MustCompile(`(?m)^export const ([A-Z_]+) = (?:'([^'\\]*)'|([0-9]+));`)
	for _, m := range re.FindAllStringSubmatch(string(src), -1) {
		if m[3] != "" {
			out[m[1]] = m[3]
		} else {
			out[m[1]] = strconv.Quote(m[2])
		}
	}
	if n := len(regexp.MustCompile(`(?m)^export const [A-Z_]+ `).FindAllString(string(src), -1)); n != len(out) {
		t.Fatalf("%s has %d exported NAMES, of which %d are a 'string' or a number: write them so", path, n, len(out))
	}
	return out
}

// goConsts returns the constants of a Go file whose names keep says, with
// their literal values as written.
func goConsts(t *testing.T, path string, keep func(string) bool) map[string]string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, spec := range g.Specs {
			vs := spec.(*ast.ValueSpec)
			for i, id := range vs.Names {
				if !keep(id.Name) {
					continue
				}
				lit, ok := vs.Values[i].(*ast.BasicLit)
				if !ok {
					t.Fatalf("%s: %s is not a literal", path, id.Name)
				}
				out[id.Name] = lit.Value
			}
		}
	}
	return out
}
