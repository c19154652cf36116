package milestone

import (
	"unicode"
	"unicode/utf8"
)

// The text matcher works on a small alphabet of symbols rather than bytes:
// every description is folded to lowercase ASCII letters and digits, with any
// run of punctuation or white space turned into one space, and the result is
// framed by a space on each side so that phrases can require word boundaries.
// Folding happens on the fly while the automaton runs, so no normalised copy
// of the text is ever built.
const (
	symSpace  = 0  // word boundary: white space, punctuation, symbols
	symLetter = 1  // 'a'..'z' are 1..26
	symDigit  = 27 // '0'..'9' are 27..36
	symOther  = 37 // a letter outside the folded Latin range (Greek, CJK, ...)
	numSyms   = 38
)

// latin1Fold folds U+00C0..U+00FF. '_' marks a non-letter (× and ÷) and the
// digits mark two-letter expansions handled in foldRune.
const latin1Fold = "aaaaaa1ceeeeiiiidnooooo_ouuuuy23" + "aaaaaa1ceeeeiiiidnooooo_ouuuuy2y"

// latinExtAFold folds U+0100..U+017F; '4' is "ij" and '5' is "oe".
const latinExtAFold = "aaaaaa" + "cccccccc" + "dddd" + "eeeeeeeeee" + "gggggggg" + "hhhh" +
	"iiiiiiiiii" + "44" + "jj" + "kkk" + "llllllllll" + "nnnnnnnnn" + "oooooo" + "55" +
	"rrrrrr" + "ssssssss" + "tttttt" + "uuuuuuuuuuuu" + "ww" + "yyy" + "zzzzzz" + "s"

// expansions of the digit markers above.
var foldExpansions = [6]string{1: "ae", 2: "th", 3: "ss", 4: "ij", 5: "oe"}

// foldRune returns up to two symbols for r and how many it returned. A
// return of (symSpace, 0, 1) is a word boundary; (_, _, 0) means r is
// ignored (combining marks, which only decorate the previous letter).
func foldRune(r rune) (a, b uint8, n int) {
	switch {
	case r < utf8.RuneSelf:
		c := byte(r)
		switch {
		case c >= 'a' && c <= 'z':
			return c - 'a' + symLetter, 0, 1
		case c >= 'A' && c <= 'Z':
			return c - 'A' + symLetter, 0, 1
		case c >= '0' && c <= '9':
			return c - '0' + symDigit, 0, 1
		}
		return symSpace, 0, 1
	case r >= 0xC0 && r <= 0x17F:
		var c byte
		if r <= 0xFF {
			c = latin1Fold[r-0xC0]
		} else {
			c = latinExtAFold[r-0x100]
		}
		switch {
		case c == '_':
			return symSpace, 0, 1
		case c >= '1' && c <= '5':
			e := foldExpansions[c-'0']
			return e[0] - 'a' + symLetter, e[1] - 'a' + symLetter, 2
		}
		return c - 'a' + symLetter, 0, 1
	case r >= 0x218 && r <= 0x21B: // Romanian Ș ș Ț ț, with the comma below
		return "sstt"[r-0x218] - 'a' + symLetter, 0, 1
	case r >= 0x300 && r <= 0x36F: // combining diacritical marks
		return 0, 0, 0
	case r == 0x2019 || r == 0x2018: // typographic apostrophes split like '
		return symSpace, 0, 1
	case unicode.IsLetter(r):
		return symOther, 0, 1
	case unicode.IsDigit(r):
		return symOther, 0, 1
	case unicode.Is(unicode.Mn, r):
		return 0, 0, 0
	}
	return symSpace, 0, 1
}

// foldString appends the symbols of s to dst with the framing and space
// collapsing the matcher uses, and returns the result. It is used when
// compiling phrases and in tests; the matcher folds on the fly instead.
func foldString(dst []uint8, s string) []uint8 {
	dst = append(dst, symSpace)
	for _, r := range s {
		a, b, n := foldRune(r)
		for i := 0; i < n; i++ {
			sym := a
			if i == 1 {
				sym = b
			}
			if sym == symSpace && dst[len(dst)-1] == symSpace {
				continue
			}
			dst = append(dst, sym)
		}
	}
	if dst[len(dst)-1] != symSpace {
		dst = append(dst, symSpace)
	}
	return dst
}

// Normalize returns the text the phrase matcher sees for s: lowercase, accents
// removed (ß becomes "ss", æ "ae", œ "oe"), punctuation turned into single
// spaces, framed by one space on each side. It is meant for writing and
// debugging text rules; classification itself never builds this string.
func Normalize(s string) string {
	syms := foldString(make([]uint8, 0, len(s)+2), s)
	out := make([]byte, len(syms))
	for i, c := range syms {
		out[i] = symByte(c)
	}
	return string(out)
}

func symByte(c uint8) byte {
	switch {
	case c == symSpace:
		return ' '
	case c < symDigit:
		return 'a' + c - symLetter
	case c < symOther:
		return '0' + c - symDigit
	}
	return '?'
}
