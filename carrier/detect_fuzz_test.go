package carrier_test

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/wismo-dev/wismo/carrier"
)

// FuzzDetect checks that Detect never panics, that every match names a
// carrier and a well-formed number, and that Detect does not care about
// spaces, dashes or letter case: the same number with separators inserted and
// its case flipped gets the same answer.
func FuzzDetect(f *testing.F) {
	for _, s := range validSamples {
		f.Add(s.number, uint64(0))
	}
	for _, s := range invalidSamples {
		f.Add(s.number, uint64(0x5a5a))
	}
	for _, n := range tndNumbers {
		f.Add(n.number, uint64(0x0f0f))
	}
	for _, s := range []string{"00000000000000000000", "111111111111", "0000 0000 0000 0000 0000 0000 0000", "", "hello", "1234", "1Z", "ZZZZZZZZZZZZZZZZZZZZ", "1z-5r89 3903 5756 7127", "\xff\xfe", "- - -"} {
		f.Add(s, uint64(0x1234_5678_9abc))
	}
	f.Fuzz(func(t *testing.T, number string, seed uint64) {
		got := carrier.Detect(number)
		for i, m := range got {
			if m.Carrier == "" {
				t.Fatalf("Detect(%q)[%d] has no carrier: %+v", number, i, m)
			}
			if m.TrackingNumber == "" || !strings.Contains(m.Normalized, m.TrackingNumber) {
				t.Fatalf("Detect(%q)[%d].TrackingNumber %q is not part of %q", number, i, m.TrackingNumber, m.Normalized)
			}
			if m.Normalized != strings.ToUpper(m.Normalized) || strings.ContainsAny(m.Normalized, " -") {
				t.Fatalf("Detect(%q)[%d].Normalized = %q is not normalized", number, i, m.Normalized)
			}
			if m.Confidence <= 0 || m.Confidence > 1 || i > 0 && got[i-1].Confidence < m.Confidence {
				t.Fatalf("Detect(%q) confidences out of order or range: %+v", number, got)
			}
		}
		variant := scramble(number, seed)
		if again := carrier.Detect(variant); !reflect.DeepEqual(got, again) {
			t.Fatalf("Detect(%q) = %+v\nbut Detect(%q) = %+v", number, got, variant, again)
		}
	})
}

// scramble inserts spaces and dashes into s and flips the case of its ASCII
// letters, driven by the bits of seed, so that the result normalizes to the
// same number as s. Non-ASCII input is returned with separators only.
func scramble(s string, seed uint64) string {
	var b strings.Builder
	ascii := utf8.ValidString(s) && !strings.ContainsFunc(s, func(r rune) bool { return r >= utf8.RuneSelf })
	for i := 0; i < len(s); i++ {
		bit := seed >> (uint(i) % 64)
		switch bit & 3 {
		case 1:
			b.WriteByte(' ')
		case 2:
			b.WriteByte('-')
		}
		ch := s[i]
		if ascii && bit&4 != 0 {
			switch {
			case ch >= 'a' && ch <= 'z':
				ch -= 'a' - 'A'
			case ch >= 'A' && ch <= 'Z':
				ch += 'a' - 'A'
			}
		}
		b.WriteByte(ch)
	}
	if seed&(1<<63) != 0 {
		b.WriteString(" -")
	}
	return b.String()
}
