package store

import (
	"strings"
	"unicode/utf8"
)

// MaxTextBytes is the longest text, in bytes, the tracking Service writes
// into one field of a store record (a scan's description, a recipient's
// name, a message's last error); longer text is cut at a rune boundary.
const MaxTextBytes = 2048

// CleanText returns s as every store can keep it, and as the tracking
// Service writes every text field it stores: invalid UTF-8 is replaced with
// U+FFFD (one per invalid byte), NUL and the other C0 control characters but tab and newline are
// removed (PostgreSQL refuses NUL in text, and a carrier's stray carriage
// return or escape is no part of a scan), and text over MaxTextBytes is cut
// at a rune boundary. Text that is already clean is returned as it is.
func CleanText(s string) string {
	if IsCleanText(s) {
		return s
	}
	var b strings.Builder
	b.Grow(min(len(s), MaxTextBytes))
	// Each invalid byte becomes one U+FFFD, as encoding/json does, so text
	// that went through JSON on the way cleans the same.
	for _, r := range s {
		if r < 0x20 && r != '\t' && r != '\n' {
			continue
		}
		if b.Len()+utf8.RuneLen(r) > MaxTextBytes {
			break
		}
		b.WriteRune(r)
	}
	return b.String()
}

// IsCleanText reports whether s is what CleanText returns for it: valid
// UTF-8 without C0 control characters other than tab and newline, at most
// MaxTextBytes long.
func IsCleanText(s string) bool {
	if len(s) > MaxTextBytes {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 && c != '\t' && c != '\n' {
			return false
		}
	}
	return utf8.ValidString(s)
}
