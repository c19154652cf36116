package store_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/wismo-dev/wismo/tracking/store"
)

func TestCleanText(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Picked up", "Picked up"},
		{"tab\there\nnewline", "tab\there\nnewline"},
		{"nul\x00byte", "nulbyte"},
		{"cr\r\nlf", "cr\nlf"},
		{"esc\x1b[0m", "esc[0m"},
		{"bad\xff\xfe", "bad\uFFFD\uFFFD"},
		{"cut\xe2\x82", "cut\uFFFD\uFFFD"},
		{"\u00a0\u2028\u007f", "\u00a0\u2028\u007f"}, // not C0: kept
		{strings.Repeat("a", store.MaxTextBytes+1), strings.Repeat("a", store.MaxTextBytes)},
		{strings.Repeat("a", store.MaxTextBytes-1) + "ü", strings.Repeat("a", store.MaxTextBytes-1)},
	} {
		if got := store.CleanText(c.in); got != c.want {
			t.Errorf("CleanText(%.40q) = %.40q, want %.40q", c.in, got, c.want)
		}
	}
}

func FuzzCleanText(f *testing.F) {
	for _, s := range []string{"", "Picked up", "nul\x00", "\xff", "\r\n\t", strings.Repeat("ü", 1500)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := store.CleanText(s)
		switch {
		case !store.IsCleanText(c):
			t.Fatalf("CleanText(%q) = %q is not clean", s, c)
		case store.CleanText(c) != c:
			t.Fatalf("CleanText is not idempotent on %q", s)
		case len(c) > store.MaxTextBytes || !utf8.ValidString(c) || strings.ContainsRune(c, 0):
			t.Fatalf("CleanText(%q) = %q breaks the contract", s, c)
		case store.IsCleanText(s) && c != s:
			t.Fatalf("clean text %q was changed to %q", s, c)
		}
	})
}
