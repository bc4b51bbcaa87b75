package runtime

import (
	"encoding/json"
	"strconv"
	"unicode/utf8"
)

// parseBackMsgFast decodes the messages browsers send most, a rerun such
// as {"t":"rerun","widgets":{...},"trigger":"button:Go","seq":7}, without
// encoding/json's reflection: json.Unmarshal of that message was a tenth
// of a busy server's CPU, and grew the stack of the goroutine that reads
// the connection, which is kept small while the tab is idle (another
// twentieth). It takes only a plain subset of JSON: the fields of BackMsg
// under their exact names, once each, strings without escapes, whole
// numbers. It reports false for anything else, which json.Unmarshal then
// decodes, so a message means what encoding/json says it means either way
// (FuzzParseBackMsgFast holds the two together). The widget values go to
// json.Unmarshal: they may be any JSON.
func parseBackMsgFast(data []byte) (m BackMsg, ok bool) {
	p := backParser{data: data}
	if !p.byte('{') {
		return m, false
	}
	var seen uint8
	for !p.byte('}') { // {} is a message too, without a type
		if seen != 0 && !p.byte(',') {
			return m, false
		}
		key, ok := p.str()
		if !ok || !p.byte(':') {
			return m, false
		}
		p.space()
		var bit uint8
		switch key {
		case "t":
			bit = 1
			m.T, ok = p.str()
		case "v":
			bit = 2
			var n int64
			n, ok = p.int(strconv.IntSize)
			m.V = int(n)
		case "session":
			bit = 4
			m.Session, ok = p.str()
		case "widgets":
			bit = 8
			m.Widgets, ok = p.widgets()
		case "trigger":
			bit = 16
			m.Trigger, ok = p.str()
		case "query":
			bit = 32
			m.Query, ok = p.str()
		case "path":
			bit = 64
			m.Path, ok = p.str()
		case "seq":
			bit = 128
			m.Seq, ok = p.int(64)
		default:
			return m, false // encoding/json matches names without regard to case
		}
		if !ok || seen&bit != 0 {
			return m, false // a field twice: encoding/json merges maps
		}
		seen |= bit
	}
	p.space()
	return m, p.i == len(p.data)
}

type backParser struct {
	data []byte
	i    int
}

// space skips JSON's white space.
func (p *backParser) space() {
	for p.i < len(p.data) {
		switch p.data[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *backParser) peek(c byte) bool { return p.i < len(p.data) && p.data[p.i] == c }

// byte skips white space and then c, if c is there.
func (p *backParser) byte(c byte) bool {
	p.space()
	if p.peek(c) {
		p.i++
		return true
	}
	return false
}

// str reads a string without escapes, of valid UTF-8 (encoding/json
// replaces invalid bytes), after white space.
func (p *backParser) str() (string, bool) {
	if !p.byte('"') {
		return "", false
	}
	start := p.i
	ascii := true
	for ; p.i < len(p.data); p.i++ {
		switch c := p.data[p.i]; {
		case c == '"':
			s := p.data[start:p.i]
			p.i++
			if !ascii && !utf8.Valid(s) {
				return "", false
			}
			return string(s), true
		case c == '\\' || c < 0x20:
			return "", false
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	return "", false
}

// int reads a whole number as JSON writes it (no leading zeros, no
// fraction or exponent) that fits in bits.
func (p *backParser) int(bits int) (int64, bool) {
	start := p.i
	if p.peek('-') {
		p.i++
	}
	digits := p.i
	for p.i < len(p.data) && '0' <= p.data[p.i] && p.data[p.i] <= '9' {
		p.i++
	}
	if p.i == digits || p.data[digits] == '0' && p.i-digits > 1 {
		return 0, false
	}
	if p.i < len(p.data) && (p.data[p.i] == '.' || p.data[p.i] == 'e' || p.data[p.i] == 'E') {
		return 0, false
	}
	n, err := strconv.ParseInt(string(p.data[start:p.i]), 10, bits)
	return n, err == nil
}

// widgets reads the widgets object: an empty one here, others by
// json.Unmarshal from where the object starts to where it ends.
func (p *backParser) widgets() (map[string]any, bool) {
	if !p.peek('{') {
		return nil, false
	}
	start := p.i
	p.i++
	if p.byte('}') {
		return map[string]any{}, true
	}
	// Find the object's end: strings skipped (with their escapes), braces
	// and brackets counted. Whatever lies between, json.Unmarshal checks.
	depth := 1
	for p.i < len(p.data) && depth > 0 {
		switch p.data[p.i] {
		case '"':
			for p.i++; p.i < len(p.data) && p.data[p.i] != '"'; p.i++ {
				if p.data[p.i] == '\\' {
					p.i++
				}
			}
		case '{', '[':
			depth++
		case '}', ']':
			depth--
		}
		p.i++
	}
	if depth > 0 {
		return nil, false
	}
	var w map[string]any
	if json.Unmarshal(p.data[start:p.i], &w) != nil || w == nil {
		return nil, false
	}
	return w, true
}
