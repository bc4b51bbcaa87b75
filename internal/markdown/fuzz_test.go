package markdown

import (
	"regexp"
	"testing"
)

// What safe Markdown must never produce, whatever the text: an element
// that runs script, an event handler attribute, or a link or image to a
// script URL. (The page's CSP would stop them too; this is the first
// line.)
var (
	scriptTag  = regexp.MustCompile(`(?i)<\s*(script|iframe|object|embed|style|svg|math|form|base|meta|link)\b`)
	handler    = regexp.MustCompile(`(?i)<[^>]*\son[a-z]+\s*=`)
	scriptURL  = regexp.MustCompile(`(?i)(href|src)\s*=\s*"\s*(javascript:|vbscript:|data:text)`)
	rawElement = regexp.MustCompile(`(?i)<(img|a)\b[^>]*\s(style|srcdoc|formaction)\s*=`)
)

// FuzzHTML renders arbitrary text as st.Markdown does without
// UnsafeAllowHTML, in both block and inline form.
//
//	go test -run '^$' -fuzz FuzzHTML -fuzztime 60s ./internal/markdown/
func FuzzHTML(f *testing.F) {
	for _, seed := range []string{
		"# Title\n\nSome *emphasis* and `code`.",
		"<script>alert(1)</script>",
		"<img src=x onerror=alert(1)>",
		"[x](javascript:alert(1))",
		"[x](JaVaScRiPt:alert(1))",
		"[x](&#106;avascript:alert(1))",
		"![x](data:text/html;base64,PHNjcmlwdD4=)",
		"<javascript:alert(1)>",
		"| a | b |\n|:--|--:|\n| <b>1</b> | 2 |",
		"```html\n<script>\n```",
		"[a](<javascript:alert(1)>)",
		"<a href=\"javascript:alert(1)\">x</a>",
		"~~strike~~ www.example.com https://example.com/?a=<b>",
		"<!-- comment --><svg onload=alert(1)>",
	} {
		f.Add(seed)
	}
	r := New()
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 4<<10 {
			// Safety does not depend on length, and goldmark takes
			// seconds over some long inputs (SECURITY.md), which would
			// stall the search.
			return
		}
		for _, inline := range []bool{false, true} {
			out := r.HTML(src, false, inline)
			for _, re := range []*regexp.Regexp{scriptTag, handler, scriptURL, rawElement} {
				if m := re.FindString(out); m != "" {
					t.Fatalf("safe Markdown %q rendered %q, which contains %q", src, out, m)
				}
			}
		}
	})
}
