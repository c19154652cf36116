package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
)

// The README's first command, as a new user runs it.
func TestQuickstartRuns(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the example")
	}
	out, err := exec.Command("go", "run", ".", "-orders", "3").CombinedOutput()
	if err != nil {
		t.Fatalf("go run ./examples/quickstart: %v\n%s", err, out)
	}
	for _, want := range []string{"Larkspur & Co ships 3 orders", "Where every order stands", "ship-003"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %q", want)
		}
	}
}

// week runs the quickstart with its default flags.
func week(t *testing.T) string {
	t.Helper()
	var out bytes.Buffer
	if err := run(context.Background(), &out, 8, 1, 9); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

func TestQuickstartTellsTheStory(t *testing.T) {
	s := week(t)
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
		"10 % Rabatt auf Ihre nächste Bestellung",
		"SORRY10",
		"to the shop (stalled, order #1003)",
		"(delivery_attempted, order #1004)",
		"(available_for_pickup, order #1005)",
		"(returned_to_sender, order #1007)",
		"──── Tuesday 3 March: day 2 of 9 ────",
		"──── Tuesday 10 March: day 9 of 9 ────",
		"of them noise nobody was bothered with",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("story lacks %q", want)
		}
	}
	if strings.Contains(s, "day 10 of 9") {
		t.Error("the story counts a day beyond the week")
	}
	// Label-created scans never tell a customer "shipped" before pickup, and
	// nobody is told twice.
	if n := strings.Count(s, "(shipped, order #1001)"); n != 1 {
		t.Errorf("order #1001 was told shipped %d times", n)
	}
}

// The README shows an excerpt of the quickstart's output: every line of it
// ("..." aside) is a line of the output, in the same order.
func TestREADMEShowsTheQuickstart(t *testing.T) {
	md, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(md), "go run ./examples/quickstart")
	if !ok {
		t.Fatal("README.md no longer runs the quickstart")
	}
	_, after, ok = strings.Cut(after, "```text\n")
	excerpt, _, ok2 := strings.Cut(after, "```")
	if !ok || !ok2 {
		t.Fatal("README.md shows no output of the quickstart (a ```text block after its command)")
	}
	lines := strings.Split(week(t), "\n")
	for _, want := range strings.Split(strings.TrimSuffix(excerpt, "\n"), "\n") {
		if strings.TrimSpace(want) == "..." {
			continue
		}
		for len(lines) > 0 && lines[0] != want {
			lines = lines[1:]
		}
		if len(lines) == 0 {
			t.Fatalf("README.md shows the quickstart printing %q, which it does not print (or not at that place)", want)
		}
		lines = lines[1:]
	}
}

func TestQuickstartRejectsBadFlags(t *testing.T) {
	for _, c := range []struct {
		orders, days int
	}{{0, 9}, {501, 9}, {8, 0}, {8, 61}} {
		if err := run(context.Background(), io.Discard, c.orders, 1, c.days); err == nil {
			t.Errorf("-orders %d -days %d must be rejected", c.orders, c.days)
		}
	}
}

func TestQuickstartManyOrders(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), &out, 40, 3, 10); err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(out.String(), "\nship-0"); got != 40 {
		t.Errorf("final table has %d rows, want 40", got)
	}
}
