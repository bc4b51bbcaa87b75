package st

import "strings"

// plainLine follows the line of a stream still arriving, byte by byte, to
// tell when new text is plain: words that Markdown shows as they are,
// after words that it shows as they are, so that written raw after the
// last rendering of the open block they show as rendering it again would.
// Such text goes raw, with no new rendering: most of a model's prose, and
// all of this package's stream benchmark, costs its own bytes only.
//
// A word is plain when it is made of letters, digits, bytes of non-ASCII
// characters and the punctuation , ; ! ? ' " ( ), with . and : only
// where no letter or digit follows, but for a digit after a digit
// (www.example, http://, e.g. are not plain; 3.14 and 10:30 are), and -
// only after a letter or digit (well-known is plain; ---, -foo are not).
// Nothing else has a meaning in CommonMark and GitHub's extensions (no
// emphasis, code, link, entity, HTML or autolink can begin or end in
// one). A line is plain when all its words are, or when its first word is
// a block's marker (a list item's, a quote's, a heading's) followed by
// plain words. Tabs and any other byte make the line not plain.
type plainLine struct {
	start   int  // where the line starts in the text
	first   int  // where its first word starts, or -1
	second  int  // where its second word starts, or -1
	headEnd int  // where its head ends (plainFrom), or -1
	words   int  // words ended (by a space)
	plain   bool // every word ended so far is plain (the marker aside)
	marker  bool // the first word is a block's marker

	word     int  // where the word going on starts, or -1
	wordOK   bool // the word going on is plain so far
	lastStop bool // its last byte is . or :
	// its last byte is a letter, a digit or of a non-ASCII character; a
	// digit; the . or : is after a digit
	lastWord, lastDigit, stopAfterDigit bool
}

func (l *plainLine) reset(start int) {
	*l = plainLine{start: start, first: -1, headEnd: -1, second: -1, plain: true, word: -1}
}

// feed follows text[from:], the bytes added since the last feed.
func (l *plainLine) feed(text []byte, from int) {
	for i := from; i < len(text); i++ {
		switch c := text[i]; {
		case c == '\n':
			l.reset(i + 1)
		case c == ' ':
			if l.word >= 0 {
				l.end(text[l.word:i])
			}
		default:
			if l.word < 0 {
				l.word, l.wordOK = i, true
				l.lastStop, l.lastWord, l.lastDigit, l.stopAfterDigit = false, false, false, false
				switch l.words {
				case 0:
					l.first = i
				case 1:
					l.second = i
				}
			}
			word, digit := isWordByte(c), c >= '0' && c <= '9'
			switch {
			case word && l.lastStop && !(digit && l.stopAfterDigit):
				l.wordOK = false // www.example, http:, e.g. (not 3.14, 10:30)
			case c == '-' && !l.lastWord:
				l.wordOK = false // a dash that begins a word: ---, -foo (not well-known)
			case !word && c != '-' && !strings.ContainsRune(",;!?'\"().:", rune(c)):
				l.wordOK = false
			}
			stop := c == '.' || c == ':'
			l.stopAfterDigit = stop && l.lastDigit
			l.lastStop, l.lastWord, l.lastDigit = stop, word, digit
		}
	}
}

// end ends the word going on, w.
func (l *plainLine) end(w []byte) {
	switch {
	case l.words == 0 && isMarker(w):
		l.marker = true
	case !l.wordOK, l.words == 1 && l.marker && isMarker(w):
		// Not plain, or a marker inside a block's (a list in a quote):
		// not worth telling apart.
		l.plain = false
	}
	if l.words == 0 && !l.marker || l.words == 1 && l.marker {
		l.headEnd = l.word + len(w)
	}
	l.words++
	l.word = -1
}

// plainFrom reports whether text from raw on, none of it a new line,
// shows raw as the rendering of the whole line would, given that text up
// to raw was rendered: the line and the word going on are plain, and the
// line had its head, its first word (after a marker, its second), before
// raw, so that the text does not start the line, which could change what
// the line before it shows (a hard break, a heading's underline, a list).
func (l *plainLine) plainFrom(text []byte, raw int) bool {
	if l.start > raw || !l.plain || l.word >= 0 && !l.wordOK {
		return false
	}
	head := l.first
	if l.marker {
		head = l.second
	}
	if head < 0 || head >= raw {
		return false
	}
	if (l.headEnd < 0 || l.headEnd >= raw) && text[head] >= '0' && text[head] <= '9' {
		// The text is in the head, a number: it may be making a list's
		// marker ("1.") or unmaking one ("1.5").
		return false
	}
	return true
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

// isMarker reports whether w begins a list item, a quote or a heading.
func isMarker(w []byte) bool {
	switch s := string(w); s {
	case "-", "*", "+", ">", "#", "##", "###", "####", "#####", "######":
		return true
	}
	return isOrdered(w)
}

// isOrdered reports whether w is an ordered list's marker: 1. or 1).
func isOrdered(w []byte) bool {
	n := len(w) - 1
	if n < 1 || n > 9 || w[n] != '.' && w[n] != ')' {
		return false
	}
	for _, c := range w[:n] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
