package markdown

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// fastCases are the texts apps write on every rerun, which fast must take
// (take true) and render as goldmark does, and near misses it must leave to
// goldmark (take false).
var fastCases = []struct {
	src  string
	take bool
}{
	{"**Clicks** 12", true},
	{"Order **#1000** — Europe, 1 items, status *shipped*", true},
	{"Filters apply to every table on the page.", true},
	{"Customer Ada selected.", true},
	{"Orders of the last 30 days, by region. Data is refreshed every hour.", true},
	{"Last updated 12:00 UTC.", true},
	{"**Revenue** $48,210", true},
	{"**Orders** 1,204", true},
	{`She said "hi" and 'bye'`, true},
	{"Fish & chips", true},
	{"a > b, 5 * 3 = 15", true},
	{"Grüße aus Köln — ça va? 日本語 🎉", true},
	{"*emphasis* at the start, **strong** at the end: **done**.", true},
	{"**bold**, *it*; (*a*) \"**q**\"", true},
	{"Counter", true},
	{"Step 2. Go", true},
	{"2024 was good", true},
	{"*café* and **naïve**", true},

	{"", false},
	{"# Title", false},
	{"1. first", false},
	{"3) third", false},
	{"- item", false},
	{"* item", false},
	{"** x", false},
	{"***", false},
	{"***bold italic***", false},
	{"> quote", false},
	{" leading space", false},
	{"trailing space ", false},
	{"two\nlines", false},
	{"tab\there", false},
	{"a <b>b</b>", false},
	{"[wiki](https://example.com)", false},
	{"see https://example.com", false},
	{"see www.example.com", false},
	{"mail ada@example.com", false},
	{"`code`", false},
	{"snake_case", false},
	{"~~strike~~", false},
	{`back\slash`, false},
	{"&amp; &copy; &#42;", false},
	{"a*b*c", false},
	{"**unclosed", false},
	{"*a **b** c*", false},
	{"**a*", false},
	{"| a | b |", false},
	{"=== not a heading", false},
}

func TestFast(t *testing.T) {
	r := New()
	for _, test := range fastCases {
		for _, inline := range []bool{false, true} {
			got, ok := fast(test.src, inline)
			if ok != test.take {
				t.Errorf("fast(%q, inline %v) took it: %v, want %v", test.src, inline, ok, test.take)
			}
			if !ok {
				continue
			}
			for _, allowHTML := range []bool{false, true} {
				if want := r.goldmark(test.src, allowHTML, inline); got != want {
					t.Errorf("fast(%q, inline %v)\ngot      %q\ngoldmark %q (allowHTML %v)", test.src, inline, got, want, allowHTML)
				}
			}
		}
	}
}

// TestFastExamples pins the HTML of a few texts, so that a change of
// goldmark's output shows here as well as in the fuzz test.
func TestFastExamples(t *testing.T) {
	for _, test := range []struct{ src, block, inline string }{
		{"**Clicks** 12", "<p><strong>Clicks</strong> 12</p>\n", "<strong>Clicks</strong> 12"},
		{"Order **#1000** — Europe, 1 items, status *shipped*",
			"<p>Order <strong>#1000</strong> — Europe, 1 items, status <em>shipped</em></p>\n",
			"Order <strong>#1000</strong> — Europe, 1 items, status <em>shipped</em>"},
		{`"Fish" & chips > 5`, "<p>&quot;Fish&quot; &amp; chips &gt; 5</p>\n", "&quot;Fish&quot; &amp; chips &gt; 5"},
		{"Customer Ada selected.", "<p>Customer Ada selected.</p>\n", "Customer Ada selected."},
	} {
		for inline, want := range map[bool]string{false: test.block, true: test.inline} {
			if got, ok := fast(test.src, inline); !ok || got != want {
				t.Errorf("fast(%q, inline %v) = %q, %v; want %q", test.src, inline, got, ok, want)
			}
		}
	}
}

// FuzzFastMatchesGoldmark: whatever the text, when fast takes it, its HTML
// is goldmark's, safe and unsafe, block and inline.
//
//	go test -run '^$' -fuzz FuzzFastMatchesGoldmark -fuzztime 3m ./internal/markdown/
func FuzzFastMatchesGoldmark(f *testing.F) {
	for _, c := range fastCases {
		f.Add(c.src)
	}
	r := New()
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 1<<10 {
			return // fast's rules do not depend on length; goldmark is slow on some long inputs
		}
		matchesGoldmark(t, r, src)
		matchesGoldmark(t, r, fromTokens(src))
	})
}

// TestFastMatchesGoldmarkOnTokens compares fast and goldmark on random
// texts made of tokens, most of which fast takes; FuzzFastMatchesGoldmark
// does the same under the fuzzer's guidance.
func TestFastMatchesGoldmarkOnTokens(t *testing.T) {
	r := New()
	rng := rand.New(rand.NewPCG(1, 2))
	n := 100000
	if testing.Short() {
		n = 10000
	}
	taken := 0
	for range n {
		b := make([]byte, 1+rng.IntN(12))
		for i := range b {
			b[i] = byte(rng.IntN(256))
		}
		src := fromTokens(string(b))
		if _, ok := fast(src, false); ok {
			taken++
		}
		matchesGoldmark(t, r, src)
	}
	// The test is worth something only if fast takes a good share.
	if taken < n/10 {
		t.Errorf("fast took %d of %d texts made of tokens, want at least a tenth", taken, n)
	}
}

func matchesGoldmark(t *testing.T, r *Renderer, src string) {
	t.Helper()
	for _, inline := range []bool{false, true} {
		got, ok := fast(src, inline)
		if !ok {
			continue
		}
		for _, allowHTML := range []bool{false, true} {
			if want := r.goldmark(src, allowHTML, inline); got != want {
				t.Fatalf("fast(%q, inline %v)\ngot      %q\ngoldmark %q (allowHTML %v)", src, inline, got, want, allowHTML)
			}
		}
	}
}

// tokens and rareTokens are the pieces fromTokens builds texts of: the
// words, spaces, emphasis and punctuation fast takes and the neighbours that
// change what they mean (Unicode spaces and punctuation), and, more rarely,
// what fast refuses (autolinks, entities, code, links, line ends).
var (
	tokens = []string{
		"a", "Word", "x", "42", "1", "é", "日本", "🎉", " ", " ", " ", "  ",
		"*", "*", "*", "**", "**", "**", "***",
		".", ",", ";", ":", "!", "?", "(", ")", "\"", "'", "$", "%", "/", "#", "-", "+", "=", ">", "&",
		"—", "。", "«", "»", "€", "\u00a0", "\u3000", "\u2028", "\u0085", "\ufeff", "\u200b",
	}
	rareTokens = []string{
		"www", "http", "https", "ftp", "mailto", "@", "&amp;", "&#", "_", "~", "<", "[", "]", "`", "\\", "|",
		"\t", "\n", "\r", "\x00",
	}
)

// fromTokens reads each byte of b as a token, a rare one for one in ten.
func fromTokens(b string) string {
	var s strings.Builder
	for i := 0; i < len(b); i++ {
		if c := int(b[i]); c < 230 {
			s.WriteString(tokens[c%len(tokens)])
		} else {
			s.WriteString(rareTokens[c%len(rareTokens)])
		}
	}
	return s.String()
}

// The texts of benchapp.RepresentativeApp that change with a click or a
// filter, and a heading.
var benchTexts = []string{
	"**Clicks** 12",
	"Order **#1000** — Europe, 1 items, status *shipped*",
	"Filters apply to every table on the page.",
	"Customer Ada selected.",
}

// BenchmarkFast and BenchmarkGoldmark render the same texts, as a changed
// text that misses the memo costs with and without the fast path.
//
//	go test -run '^$' -bench 'Fast|Goldmark' -benchmem ./internal/markdown/
func BenchmarkFast(b *testing.B) {
	for _, src := range benchTexts {
		b.Run(benchName(src), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, ok := fast(src, false); !ok {
					b.Fatal("not taken")
				}
			}
		})
	}
}

func BenchmarkGoldmark(b *testing.B) {
	r := New()
	for _, src := range benchTexts {
		b.Run(benchName(src), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				r.goldmark(src, false, false)
			}
		})
	}
}

func benchName(src string) string {
	name, _, _ := strings.Cut(src, " ")
	return strings.Trim(name, "*")
}
