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
