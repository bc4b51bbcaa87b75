package st

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	md "github.com/gost-dev/gost/internal/markdown"
)

// Text that goes raw because it is plain (stream_plain.go) must show as
// rendering the block again would: for random chunkings of Markdown
// documents, whenever a piece went raw as plain, the page's open block with
// its raw text, placed where frontend/live.js places it, is the rendering
// of the block so far (whitespace aside, which HTML collapses).
func TestPlainStreamedTextShowsAsItsRendering(t *testing.T) {
	t.Parallel()
	testPlainStreamedText(t, 9, 1000)
}

func testPlainStreamedText(t *testing.T, seed uint64, randomDocs int) {
	docs := []string{
		"Hello world, this is a plain answer. It goes on (for a while); does it? Yes!\n\nA second paragraph.",
		"# A heading with words\n\nSome text with *emphasis* and **strong** words, `code`, and a [link](http://example.com).\n\n- one item\n- two items with words\n  - nested item here\n\n1. first\n2. second one\n\n> quoted words go here\n> and more\n",
		"foo  \nbar baz\nqux\n===\n\nline one\n---\n\n***\n\n* * *\nwords",
		"Visit www.example.com or http://example.com/path. Mail me@example.com now.\n\nfoo_bar_baz and _under_score_ and snake_case words",
		"```go\nfunc main() {\n\tfmt.Println(\"hi\")\n}\n```\n\n    indented code\n    more code\n\nafter code",
		"| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |\n\ntext after table",
		"[ref]: /url 'title'\n\n[ref] and [other] links\n\n<b>html</b> &amp; entities &copy; < > \" '",
		"1) one\n2) two\n\n10. ten\n11. eleven words here\n\n1.5 is a number. 2. is not at line start\n3.",
		"A line ending with a backslash\\\nnext line\n\nÉtienne écrit des mots accentués, 東京 and ünïcödé words.\n\n# heading # closed\n\n## open heading words",
		"- [ ] task\n- [x] done task words\n\n~~struck~~ words and ~single~ tilde\n\n- \n- item after empty\n\nfoo\n- list interrupting\n\nbar\n1. ordered interrupting\n\nbaz\n2. not interrupting",
		"- item\n\n  ```\n  indented fence in a list\n    more\n  ```\n\n  ~~~\n  tilde\n  ~~~\n\n> ```\n> quoted code\n> ```\n",
		"```\nno closing fence, ``` inside\n  ``\n ```` longer\n```\n\n~~~py\ndef f():\n    return `x` ~ 1\n~~~~\n\nafter",
	}
	// Code, as a model writes it, goes raw but for its first line.
	code := "```go\nfunc main() {\n\tfor i := range 10 {\n\t\tfmt.Println(\"<b>\", i*2, `raw`)\n\t}\n\t// done & dusted\n}\n```\n"
	docs = append([]string{code}, docs...)
	// And documents made at random of words and Markdown's bits.
	bits := []string{"word", "more", "text", "123", "word ", "more ", "text ", "and ", "so ", "on, ", " ", " ", " ", " ", "\n", "\n\n", "*", "**", "_", "`", "[", "]", "(", ")", "#", "# ", "- ", "1. ", "> ", ".", ",", ":", "!", "?", "'", "\"", "www.", "http://", "@", "&", "<", ">", "|", "---", "===", "```", "~", "\\", "  \n", "\t", "é", "e.g.", "1.", "well-known ", "-", "x-", "3.14", "10:30", "1.5.", "a-.b", "--", "www.a-b.com"}
	r := rand.New(rand.NewPCG(seed, 9))
	for range randomDocs {
		var b strings.Builder
		for range 10 + r.IntN(60) {
			b.WriteString(bits[r.IntN(len(bits))])
		}
		docs = append(docs, b.String())
	}
	renderer := md.New()
	plain, pieces := 0, 0
	for i, doc := range docs {
		if i == 1 || i == 2 {
			// The first two, code and prose, go raw but for their first
			// lines or words and a paragraph's.
			if plain < pieces/2 {
				t.Errorf("of %q, %d of %d pieces went raw as plain text, want most", docs[i-1], plain, pieces)
			}
			plain, pieces = 0, 0
		}
		for range 8 {
			w := &streamText{md: renderer}
			var open, raw string
			for _, piece := range chunks(r, doc) {
				p := w.write(piece)
				pieces++
				if p.HTML != nil {
					open, raw = "", ""
				}
				if p.Open != nil {
					open, raw = *p.Open, ""
				}
				raw += p.Text
				if !w.plain {
					continue
				}
				plain++
				shown := normalize(placeRaw(open, raw))
				want := normalize(renderer.Fresh(string(w.text[w.open:])))
				if shown != want {
					t.Fatalf("after the plain piece %q of %q\nthe page shows %s\nrendered it is %s", piece, w.text, shown, want)
				}
			}
		}
	}
	t.Logf("of the other documents, %d of %d pieces went raw as plain text", plain, pieces)
}

// A stream of plain words (the stream benchmark's numbers) renders its
// paragraph once, at its first piece, and sends the rest raw.
func TestPlainWordsAreRenderedOnce(t *testing.T) {
	t.Parallel()
	w := &streamText{md: md.New()}
	renders := 0
	for i := range 250 {
		p := w.write(strings.Repeat(string(rune('1'+i%9)), 19) + " ")
		if p.HTML != nil || p.Open != nil {
			renders++
		}
	}
	if renders != 1 {
		t.Errorf("250 pieces of plain words were rendered %d times, want 1", renders)
	}
}

// chunks cuts s into random pieces of 1 to 12 bytes, at characters.
func chunks(r *rand.Rand, s string) []string {
	var out []string
	for len(s) > 0 {
		n := min(len(s), 1+r.IntN(12))
		for n < len(s) && !utf8.RuneStart(s[n]) {
			n++
		}
		out = append(out, s[:n])
		s = s[n:]
	}
	return out
}

// blocks are the elements frontend/live.js's place() goes into.
var blocks = map[string]bool{"p": true, "ul": true, "ol": true, "li": true, "blockquote": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "pre": true, "table": true, "tbody": true, "tr": true, "td": true, "th": true}

var closing = regexp.MustCompile(`</([a-z0-9]+)>$`)

// placeRaw writes raw text into html where the page does (live.js's
// place): at the end of the innermost last block.
func placeRaw(html, raw string) string {
	end := len(html)
	in := ""
	for {
		m := closing.FindStringSubmatchIndex(strings.TrimRight(html[:end], " \n"))
		if m == nil {
			break
		}
		tag := html[m[2]:m[3]]
		if !blocks[tag] && !(in == "pre" && tag == "code") {
			break
		}
		end, in = m[0], tag
	}
	esc := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(raw)
	return html[:end] + esc + html[end:]
}

var (
	spaces    = regexp.MustCompile(`\s+`)
	tagSpaces = regexp.MustCompile(`\s*(</?(?:p|ul|ol|li|blockquote|h[1-6]|pre|table|thead|tbody|tr|td|th|hr)\b[^>]*>)\s*`)
	pres      = regexp.MustCompile(`(?s)<pre>.*?</pre>`)
)

// normalize collapses whitespace as HTML shows it, and drops it around
// block tags, where it does not show; in code, where it shows, it drops
// only the new line at the end, which does not.
func normalize(html string) string {
	html = strings.ReplaceAll(html, "\n</code></pre>", "</code></pre>")
	var b strings.Builder
	last := 0
	for _, m := range pres.FindAllStringIndex(html, -1) {
		b.WriteString(tagSpaces.ReplaceAllString(spaces.ReplaceAllString(html[last:m[0]], " "), "$1"))
		b.WriteString(html[m[0]:m[1]])
		last = m[1]
	}
	b.WriteString(tagSpaces.ReplaceAllString(spaces.ReplaceAllString(html[last:], " "), "$1"))
	return b.String()
}
