package milestone

import (
	"fmt"
	"strings"
	"testing"
)

// TestFailureRulesPrecedeDelivered checks the ordering the safety of the
// classifier rests on: every built-in text rule that reports a failure
// (attempt, exception, return, cancellation) is tried before every rule
// that says delivered, so a description mentioning both is never read as
// delivered.
func TestFailureRulesPrecedeDelivered(t *testing.T) {
	t.Parallel()
	rules := Default().text.rules
	firstDelivered := -1
	for i, r := range rules {
		if r.res.Milestone == Delivered && firstDelivered < 0 {
			firstDelivered = i
		}
		if isFailure(r.res.Milestone) && firstDelivered >= 0 {
			t.Errorf("failure rule %s comes after delivered rule %s", r.res.Rule, rules[firstDelivered].res.Rule)
		}
	}
	if firstDelivered < 0 {
		t.Fatal("no delivered rule at all")
	}
}

// TestEmbeddedDataParses checks each embedded table and rule file on its
// own, so that a broken line names its file.
func TestEmbeddedDataParses(t *testing.T) {
	t.Parallel()
	var codes, rules int
	err := loadBuiltin(func(carrier string, es []CodeEntry) error {
		if len(es) == 0 {
			t.Errorf("table %s is empty", carrier)
		}
		codes += len(es)
		return nil
	}, func(lang string, rs []TextRule, builtin bool) {
		if len(rs) == 0 {
			t.Errorf("rules for %s are empty", lang)
		}
		rules += len(rs)
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d code entries, %d text rules", codes, rules)
}

// TestBuiltinFitsMatchBuffers checks that the built-in rules fit the
// stack-allocated bit sets of textIndex.match, so that classifying never
// allocates. Growing past them is allowed for host rules but would make the
// built-in path allocate; raise the buffers together with the rules.
func TestBuiltinFitsMatchBuffers(t *testing.T) {
	ix := Default().text
	var hit [192]uint64
	var cand [24]uint64
	if n := ix.nPhrase; n > len(hit)*64 {
		t.Errorf("%d phrases, the stack bit set holds %d", n, len(hit)*64)
	}
	if n := len(ix.rules); n > len(cand)*64 {
		t.Errorf("%d rules, the stack bit set holds %d", n, len(cand)*64)
	}
	var more [32]uint64
	if n := int(ix.moreStart[len(ix.rules)]); n > len(more)*64 {
		t.Errorf("%d groups after the first, the stack bit set holds %d", n, len(more)*64)
	}
	for _, s := range []string{
		"Die Sendung wurde an den Zusteller übergeben und wird voraussichtlich heute zugestellt",
		"Посылка вручена адресату", "ΠΑΡΑΔΟΘΗΚΕ", "お荷物は配達完了しました", "包裹已签收",
	} {
		if allocs := testing.AllocsPerRun(100, func() { ix.match(s, true) }); allocs != 0 {
			t.Errorf("match(%q) allocates %.0f times per call", s, allocs)
		}
	}
}

// TestMatcherLimit checks that building stops with a clear error at the
// bound on states, before the memory for more is taken.
func TestMatcherLimit(t *testing.T) {
	phrases := [][]uint8{foldString(nil, "alpha beta"), foldString(nil, "gamma delta")}
	if _, err := buildMatcherLimit(phrases, 15); err == nil || !strings.Contains(err.Error(), "too large") {
		t.Errorf("25 states with a bound of 15 gave %v, want a too-large error", err)
	}
	if _, err := buildMatcherLimit(phrases, 30); err != nil {
		t.Errorf("25 states with a bound of 30: %v", err)
	}
}

// TestHitSetList checks that the phrases found are listed once each, also
// beyond the ids the set keeps in order.
func TestHitSetList(t *testing.T) {
	for _, n := range []int{0, 1, 64, 65, 300} {
		h := hitSet{bits: make([]uint64, 8)}
		for i := range n {
			h.add(int32(i * 509 % 512))
			h.add(int32(i * 509 % 512)) // a phrase found twice counts once
		}
		got := map[int32]bool{}
		for _, id := range h.list(nil) {
			if got[id] || h.bits[id>>6]&(1<<(uint(id)&63)) == 0 {
				t.Fatalf("n=%d: id %d listed twice or not in the set", n, id)
			}
			got[id] = true
		}
		if len(got) != n {
			t.Errorf("n=%d: listed %d phrases", n, len(got))
		}
	}
}

// TestFoldRomanian checks that Romanian's comma-below letters fold like
// the cedilla forms and the plain letters, so that texts written either
// way meet the same phrases.
func TestFoldRomanian(t *testing.T) {
	want := string(foldString(nil, "S s T t"))
	for _, s := range []string{"Ș ș Ț ț", "Ş ş Ţ ţ"} {
		if got := string(foldString(nil, s)); got != want {
			t.Errorf("%q folds to %v, want %v", s, []byte(got), []byte(want))
		}
	}
}

// TestMatchBeyondBuffers checks rule sets larger than match's stack bit
// sets (host rules may be): the first matching rule in order still wins,
// a veto still vetoes, and every group must still be met.
func TestMatchBeyondBuffers(t *testing.T) {
	var rules []langRule
	word := func(i int) string { return fmt.Sprintf("w%c%c%c", 'a'+i%26, 'a'+i/26%26, 'a'+i/676%26) }
	for i := range 2100 {
		rules = append(rules, langRule{TextRule: TextRule{
			Name: fmt.Sprint("r", i), Milestone: InTransit, Tier: 50,
			When: []string{word(i), "zz" + word(i)}, Unless: []string{"no" + word(i)},
		}, lang: "xx", seq: i})
	}
	ix, err := compileText(rules)
	if err != nil {
		t.Fatal(err)
	}
	if ix.moreStart[len(ix.rules)] <= 32*64 || len(ix.rules) <= 24*64 {
		t.Fatalf("only %d rules and %d later groups: not beyond the buffers", len(ix.rules), ix.moreStart[len(ix.rules)])
	}
	for _, c := range []struct {
		text, want string
	}{
		{word(2000) + " zz" + word(2000), "text:xx:r2000"},
		{word(2000) + " zz" + word(2000) + " " + word(1900) + " zz" + word(1900), "text:xx:r1900"},
		{word(2000) + " zz" + word(2000) + " no" + word(2000), ""},
		{word(2000) + " zz" + word(1999), ""},
	} {
		got, _, _ := ix.match(c.text, false)
		if got.Rule != c.want {
			t.Errorf("%q matched %q, want %q", c.text, got.Rule, c.want)
		}
	}
}

// TestFoldText checks the folded copy scanScript compares phrases with
// cases against: lower case, every byte offset kept (also for bytes that
// are not UTF-8 and letters whose lower case has another length), and none
// for a text longer than the buffer.
func TestFoldText(t *testing.T) {
	var buf [maxFoldedText]byte
	for _, c := range []struct{ in, want string }{
		{"ПОСЫЛКА Вручена", "посылка вручена"},
		{"ΠΑΡΑΔΟΘΗΚΕ ς", "παραδοθηκε σ"},
		{"a\xffБ", "a\xffб"},
		{"İx", "İx"},
	} {
		got := foldText(buf[:0], c.in)
		if string(got) != c.want || len(got) != len(c.in) {
			t.Errorf("foldText(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if got := foldText(buf[:0], strings.Repeat("Я", maxFoldedText)); got != nil {
		t.Errorf("a text longer than the buffer was folded (%d bytes)", len(got))
	}
	// Such a text is still matched, a letter at a time.
	long := strings.Repeat("посылка в пути ", 40) + "ВРУЧЕНА АДРЕСАТУ"
	if r := Default().Explain(Scan{Description: long}); r.Milestone != Delivered {
		t.Errorf("a long Russian text ending in a delivery = %v (%s)", r.Milestone, r.Rule)
	}
}
