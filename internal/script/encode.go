package script

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"math"
	"strconv"
	"sync"
	"unicode/utf8"
	"unsafe"
)

// Encode encodes props as JSON, as json.Marshal does but without escaping
// <, > and & as \u003c and the like: props go to the browser in websocket
// frames that it reads with JSON.parse, never as HTML, so the escapes only
// cost bytes (a fifth of a first page of Markdown). HTML props are
// sanitised on the server, and text props are set as text.
//
// Props that are an [Appender] encode themselves: every rerun encodes the
// props of every element on the page again, and encoding/json's
// reflection was an eighth of a busy server's CPU. Others go through
// encoding/json with a pooled buffer, which leaves one allocation: the
// bytes returned.
func Encode(v any) ([]byte, error) {
	b, e, err := EncodeScratch(v)
	defer e.Release()
	if err != nil {
		return nil, err
	}
	return bytes.Clone(b), nil
}

// EncodeScratch is [Encode] into a pooled buffer, for a caller that
// copies only what it keeps ([Run.AddLeaf] keeps nothing when the last
// page has the same element): b is valid until e.Release.
func EncodeScratch(v any) (b []byte, e *Scratch, err error) {
	e = GetScratch()
	if a, ok := v.(Appender); ok {
		if b := a.AppendJSON(e.Start()); b != nil {
			return e.Keep(b), e, nil
		}
	}
	if err := e.enc.Encode(v); err != nil {
		return nil, e, err
	}
	return bytes.TrimSuffix(e.buf.Bytes(), []byte("\n")), e, nil
}

// GetScratch returns a pooled buffer to encode props into: append to
// Start, hand the result to Keep. Release it when the bytes are no longer
// needed.
func GetScratch() *Scratch { return encoders.Get().(*Scratch) }

// Start returns the buffer's room, empty, to append props to.
func (e *Scratch) Start() []byte { return e.buf.AvailableBuffer() }

// Keep returns b, appended to Start, and keeps what it grew for the next
// props.
func (e *Scratch) Keep(b []byte) []byte {
	e.buf.Write(b)
	return e.buf.Bytes()
}

// An Appender appends its JSON encoding to b: exactly the bytes [Encode]
// would give the same value without the method (AppendString and
// AppendFloat help), which a test of each Appender checks. It returns nil
// for a value encoding/json refuses (a float that is not finite), so that
// encoding/json says why.
type Appender interface {
	AppendJSON(b []byte) []byte
}

// A Scratch is a pooled buffer that props are encoded into.
type Scratch struct {
	buf bytes.Buffer
	enc *json.Encoder
}

var encoders = sync.Pool{New: func() any {
	e := new(Scratch)
	e.enc = json.NewEncoder(&e.buf)
	e.enc.SetEscapeHTML(false)
	return e
}}

// Release returns e to the pool, unless a large element grew its buffer:
// the pool would keep that memory for the next small one.
func (e *Scratch) Release() {
	if e.buf.Cap() > 64<<10 {
		return
	}
	e.buf.Reset()
	encoders.Put(e)
}

// AppendString appends s as a JSON string, as [Encode] writes it: quotes,
// backslashes and control characters escaped, invalid UTF-8 as U+FFFD,
// U+2028 and U+2029 escaped, and no HTML escapes.
func AppendString(b []byte, s string) []byte {
	b = append(b, '"')
	// Read eight bytes at a time while none needs a look: props are
	// mostly plain ASCII (Markdown's HTML, labels), and this loop was a
	// twentieth of a rerun's CPU a byte at a time. The bytes of s, only
	// read, as a slice: one load a word.
	words := unsafe.Slice(unsafe.StringData(s), len(s))
	start := 0
	for i := 0; i < len(s); {
		for i+8 <= len(s) && plain8(binary.LittleEndian.Uint64(words[i:])) {
			i += 8
		}
		if i >= len(s) {
			break
		}
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

const hexDigits = "0123456789abcdef"

// plain8 reports whether the eight bytes of x are ASCII that a JSON
// string holds as it is: none is a control character, a quote, a
// backslash or a byte of a multi-byte character. It tests them together,
// in one word: a byte below 0x20 borrows into its top bit when 0x20 is
// taken from it, and a byte equal to c does when c is xored out and 1
// taken; a borrow only carries out of a byte that already flagged.
func plain8(x uint64) bool {
	const ones, tops = 0x0101010101010101, 0x8080808080808080
	q := x ^ (ones * '"')
	bs := x ^ (ones * '\\')
	return (x|(x-ones*0x20)|((q-ones)&^q)|((bs-ones)&^bs))&tops == 0
}

// AppendFloat appends f as encoding/json writes a float64 (as JavaScript
// prints a number). f must be finite: encoding/json refuses the others,
// and so must the caller.
func AppendFloat(b []byte, f float64) []byte {
	// Whole numbers (a slider's bounds and value, mostly) as integers:
	// the shortest float formatting costs several times as much, and
	// writes the same digits. Not -0, which encoding/json writes as -0.
	if i := int64(f); float64(i) == f && i > -1<<53 && i < 1<<53 && (i != 0 || !math.Signbit(f)) {
		return strconv.AppendInt(b, i, 10)
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// e-09 as e-9
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

// AppendStrings appends ss as a JSON array of strings; nil as null, as
// encoding/json writes a nil slice.
func AppendStrings(b []byte, ss []string) []byte {
	if ss == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = AppendString(b, s)
	}
	return append(b, ']')
}
