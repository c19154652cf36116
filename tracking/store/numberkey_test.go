package store_test

import (
	"strings"
	"testing"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/tracking/store"
)

func TestNumberKey(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"1Z999AA10123456784", "1Z999AA10123456784"},
		{"1z 999-aa1\t0123\r\n456784", "1Z999AA10123456784"},
		{"jjd-é-00", "JJDé00"},
		{"JJDÉ00", "JJDÉ00"},
		{" - ", ""},
		{"a_b.c/d", "A_B.C/D"},
	} {
		if got := store.NumberKey(c.in); got != c.want {
			t.Errorf("NumberKey(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// FuzzNumberKey: the key is idempotent, keeps clean text clean, has no
// separator or small ASCII letter left, and is carrier.Detect's Normalized
// form of every number Detect accepts.
func FuzzNumberKey(f *testing.F) {
	for _, s := range []string{"1Z 999 AA1 0123 4567 84", "jjd-é-00", "RB123456785GB", "\xff\x00-", "", "9400 1112 0620 6406 2607 87"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := store.NumberKey(s)
		if store.NumberKey(k) != k {
			t.Fatalf("NumberKey(NumberKey(%q)) = %q, not %q", s, store.NumberKey(k), k)
		}
		if store.IsCleanText(s) && !store.IsCleanText(k) {
			t.Fatalf("NumberKey(%q) = %q is not clean text", s, k)
		}
		if strings.ContainsAny(k, " -\t\r\nabcdefghijklmnopqrstuvwxyz") {
			t.Fatalf("NumberKey(%q) = %q keeps a separator or a small letter", s, k)
		}
		for _, m := range carrier.Detect(s) {
			if m.Normalized != k {
				t.Fatalf("Detect(%q) normalizes to %q, NumberKey to %q", s, m.Normalized, k)
			}
		}
	})
}
