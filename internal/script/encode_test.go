package script_test

import (
	"math"
	"testing"

	"github.com/gost-dev/gost/internal/script"
)

// AppendString and AppendFloat write what Encode writes, byte for byte:
// the page parses both, and the hand-written props appenders of package st
// rely on them to encode as encoding/json would.
func FuzzAppendStringMatchesEncode(f *testing.F) {
	for _, s := range []string{"", "plain", `"quoted" \ back`, "<b>&amp;</b>", "tab\tnew\nline\r\b\f\x00\x1f\x7f",
		"é ü 漢字 🎉", "\u2028\u2029", "bad \xff\xfe utf-8 \xc3", "\ufffd"} {
		f.Add(s, 0.0)
	}
	f.Add("", 1e-7)
	f.Add("", 1e21)
	f.Add("", -123.456)
	f.Add("", 5e-324)
	for _, x := range []float64{100, -7, math.Copysign(0, -1), 1 << 53, -(1 << 53), 1<<53 - 1, 1e20, 123456789012, 0.5} {
		f.Add("", x)
	}
	f.Fuzz(func(t *testing.T, s string, x float64) {
		want, err := script.Encode(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := script.AppendString(nil, s); string(got) != string(want) {
			t.Errorf("AppendString(%q) = %s, Encode gives %s", s, got, want)
		}
		if math.IsInf(x, 0) || math.IsNaN(x) {
			return // Encode refuses them, and so must AppendFloat's callers
		}
		want, err = script.Encode(x)
		if err != nil {
			t.Fatal(err)
		}
		if got := script.AppendFloat(nil, x); string(got) != string(want) {
			t.Errorf("AppendFloat(%v) = %s, Encode gives %s", x, got, want)
		}
	})
}

// AppendString looks at eight bytes at a time while they are plain ASCII:
// every byte value, at every place in a word, is still seen, and so are
// neighbours that borrow from each other in the word's arithmetic.
func TestAppendStringSeesEveryByte(t *testing.T) {
	plain := "abcdefghijklmnopqrstuvwx"
	for c := range 256 {
		for at := range 16 {
			for _, next := range []byte{'y', 0x20, 0x00, 0x21, '"' + 1, '\\' + 1} {
				s := plain[:at] + string([]byte{byte(c), next}) + plain[at+2:]
				want, _ := script.Encode(s)
				if got := script.AppendString(nil, s); string(got) != string(want) {
					t.Fatalf("AppendString(%q) = %s, Encode gives %s", s, got, want)
				}
			}
		}
	}
}

// BenchmarkAppendString: the strings props mostly hold, Markdown's HTML
// and labels, plain ASCII with a quote or two.
func BenchmarkAppendString(b *testing.B) {
	s := `<p>Order <strong>#1004</strong> — Europe, 1 items, status <em>shipped</em> and a "quoted" word</p>`
	buf := make([]byte, 0, 256)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		buf = script.AppendString(buf[:0], s)
	}
}
