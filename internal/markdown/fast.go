package markdown

import (
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/util"
)

// fast renders the commonest Markdown of an app without goldmark: one line
// of prose, possibly with **strong** and *emphasis* runs, such as
// "**Clicks** 12". Text that changes on every rerun misses the memo, and
// goldmark's parser context, delimiters, AST and block reader cost more than
// the rest of such an element's rerun.
//
// The output is byte for byte what goldmark gives with New's configuration
// (safe and unsafe render alike here, as raw HTML needs '<'), after HTML's
// inline trimming; FuzzFastMatchesGoldmark holds it to that. ok is false for
// anything fast is not sure of, and the caller then asks goldmark. It
// follows goldmark's own rules where it accepts (delimiter flanking is
// computed with goldmark's util functions) and refuses whole families of
// input rather than mimicking them: lines that may start a block, escapes,
// entities, code, links, raw HTML, underscores, strikethrough, GFM's
// autolinks, nested or unmatched emphasis.
func fast(src string, inline bool) (out string, ok bool) {
	if src == "" || !utf8.ValidString(src) || !plainStart(src) {
		return "", false
	}
	if last, _ := utf8.DecodeLastRuneInString(src); util.IsSpaceRune(last) {
		return "", false // a paragraph's trailing spaces are dropped, or a hard break
	}
	// The first pass checks and sizes; the second writes. Most text needs
	// no change, and an inline one is then returned as it is.
	extra, ok := scan(src, nil)
	if !ok {
		return "", false
	}
	if extra == 0 && inline {
		return src, true
	}
	var b strings.Builder
	b.Grow(len(src) + extra + len("<p></p>\n"))
	if !inline {
		b.WriteString("<p>")
	}
	scan(src, &b)
	if !inline {
		b.WriteString("</p>\n")
	}
	return b.String(), true
}

// plainStart reports whether a line starting as src does can only be a
// paragraph: no block parser of goldmark's triggers on its first character
// (a '*' is checked as emphasis by scan, which refuses the list item and
// the thematic break it could start).
func plainStart(src string) bool {
	switch c := src[0]; {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '*':
		return true
	case c >= '0' && c <= '9':
		// "1. " and "1) " start ordered lists.
		i := 1
		for i < len(src) && src[i] >= '0' && src[i] <= '9' {
			i++
		}
		return i == len(src) || src[i] != '.' && src[i] != ')'
	case c >= utf8.RuneSelf:
		r, _ := utf8.DecodeRuneInString(src)
		return !util.IsSpaceRune(r)
	case strings.IndexByte(`"'(.,;:?!$%/`, c) >= 0:
		return true
	}
	return false
}

// scan walks src as goldmark's inline parser would. Without b it checks
// that src is in fast's subset and returns how many bytes the HTML adds to
// src; with b, on a src that passed, it writes the HTML.
func scan(src string, b *strings.Builder) (extra int, ok bool) {
	open := 0 // the length of the emphasis run being inside of, or 0
	start := 0
	flush := func(i int) {
		if b != nil {
			b.WriteString(src[start:i])
		}
	}
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case c < ' ' || c == 0x7f:
			return 0, false // line ends, tabs, NUL (goldmark replaces it)
		case c >= utf8.RuneSelf:
			continue // text; only its flanking role matters, below
		}
		switch c {
		case '\\', '`', '[', ']', '<', '_', '~', '|', '@':
			// Escapes, code, links, raw HTML and autolinks, the other
			// emphasis, strikethrough, tables and e-mail autolinks.
			return 0, false
		case ':':
			// GFM's autolinks (goldmark's linkify) start with these.
			if strings.HasSuffix(src[:i], "http") || strings.HasSuffix(src[:i], "https") || strings.HasSuffix(src[:i], "ftp") {
				return 0, false
			}
		case '.':
			if strings.HasSuffix(src[:i], "www") {
				return 0, false
			}
		case '&':
			// An entity or a character reference is resolved; a lone '&' is
			// escaped.
			if i+1 < len(src) && (src[i+1] == '#' || util.IsAlphaNumeric(src[i+1])) {
				return 0, false
			}
			extra += escape(b, src, &start, i, "&amp;")
		case '"':
			extra += escape(b, src, &start, i, "&quot;")
		case '>':
			extra += escape(b, src, &start, i, "&gt;")
		case '*':
			j := i
			for j < len(src) && src[j] == '*' {
				j++
			}
			n := j - i
			canOpen, canClose := flanking(src, i, j)
			var tag string
			switch {
			case !canOpen && !canClose:
				if i == 0 {
					return 0, false // a list item or a thematic break
				}
				// Text, as in "5 * 3".
			case canOpen && canClose:
				return 0, false // intraword: it may open or close
			case canOpen:
				if open != 0 || n > 2 {
					return 0, false
				}
				open = n
				tag = [...]string{1: "<em>", 2: "<strong>"}[n]
			default:
				if open != n {
					return 0, false
				}
				open = 0
				tag = [...]string{1: "</em>", 2: "</strong>"}[n]
			}
			if tag != "" {
				flush(i)
				if b != nil {
					b.WriteString(tag)
				}
				start = j
				extra += len(tag) - n
			}
			i = j - 1
		}
	}
	if open != 0 {
		return 0, false
	}
	flush(len(src))
	return extra, true
}

// escape writes src up to i and then s in place of the byte at i, and
// returns how many bytes that adds.
func escape(b *strings.Builder, src string, start *int, i int, s string) int {
	if b != nil {
		b.WriteString(src[*start:i])
		b.WriteString(s)
	}
	*start = i + 1
	return len(s) - 1
}

// flanking is goldmark's parser.ScanDelimiter for the run of '*' at
// src[i:j]: whether it can open and whether it can close emphasis. The start
// of the line counts as a line end before it, its end as a space after.
func flanking(src string, i, j int) (canOpen, canClose bool) {
	before, after := '\n', ' '
	if i > 0 {
		before, _ = utf8.DecodeLastRuneInString(src[:i])
	}
	if j < len(src) {
		after, _ = utf8.DecodeRuneInString(src[j:])
	}
	beforePunct, beforeSpace := util.IsPunctRune(before), util.IsSpaceRune(before)
	afterPunct, afterSpace := util.IsPunctRune(after), util.IsSpaceRune(after)
	canOpen = !afterSpace && (!afterPunct || beforeSpace || beforePunct)
	canClose = !beforeSpace && (!beforePunct || afterSpace || afterPunct)
	return canOpen, canClose
}
