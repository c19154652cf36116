package milestone

import "testing"

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
