package demo

import (
	"bytes"
	"context"
	"io"
	"regexp"
	"strings"
	"testing"
)

func TestQuickstartTellsTheStory(t *testing.T) {
	var out bytes.Buffer
	if err := Run(context.Background(), Config{Out: &out, Orders: 8, Seed: 1, Days: 9}); err != nil {
		t.Fatal(err)
	}
	s := out.String()
	// Every journey ends where the sim's scenario says it does.
	for _, row := range []string{
		`ship-001\s+on_time\s+delivered\s+on_time\s+kept`,
		`ship-002\s+late_estimate\s+delivered\s+late\s+missed`,
		`ship-004\s+failed_attempt\s+delivered\s+on_time\s+kept`,
		`ship-006\s+exception_recovered\s+delivered`,
		`ship-007\s+returned_to_sender\s+returned`,
	} {
		if !regexp.MustCompile(row).MatchString(s) {
			t.Errorf("final table lacks %q:\n%s", row, s[strings.Index(s, "Where every order"):])
		}
	}
	// The customers read real messages, in their language, with the apology offer.
	for _, want := range []string{
		"Subject: Your order #1001 is on its way",
		"Subject: Ihre Bestellung #1002 ist unterwegs",
		"Entschuldigung: Ihre Bestellung #1002 verspätet sich",
		"SORRY10",
		"to the shop (stalled, order #1003)",
		"(delivery_attempted, order #1004)",
		"(available_for_pickup, order #1005)",
		"(returned_to_sender, order #1007)",
		"──── Tuesday 3 March: day 2 of 9 ────",
		"of them noise nobody was bothered with",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("story lacks %q", want)
		}
	}
	// Label-created scans never tell a customer "shipped" before pickup, and
	// nobody is told twice.
	if n := strings.Count(s, "(shipped, order #1001)"); n != 1 {
		t.Errorf("order #1001 was told shipped %d times", n)
	}
}

func TestQuickstartRejectsBadFlags(t *testing.T) {
	if err := Run(context.Background(), Config{Out: io.Discard, Orders: -1}); err == nil {
		t.Error("0 orders must be rejected")
	}
}

func TestQuickstartManyOrders(t *testing.T) {
	var out bytes.Buffer
	if err := Run(context.Background(), Config{Out: &out, Orders: 40, Seed: 3, Days: 10}); err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(out.String(), "\nship-0"); got != 40 {
		t.Errorf("final table has %d rows, want 40", got)
	}
}
