package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"regexp"
	"strings"
	"testing"
)

func TestPostgresExample(t *testing.T) {
	dsn := os.Getenv("WISMO_POSTGRES_URL")
	if dsn == "" {
		if os.Getenv("WISMO_REQUIRE_SERVICES") != "" {
			t.Fatal("WISMO_POSTGRES_URL is not set but WISMO_REQUIRE_SERVICES is")
		}
		t.Skip("set WISMO_POSTGRES_URL to run the PostgreSQL example")
	}
	var out bytes.Buffer
	if err := run(context.Background(), &out, dsn, 4, 1, false); err != nil {
		t.Fatal(err)
	}
	s := out.String()
	// The quickstart's week, on PostgreSQL.
	for _, row := range []string{
		`ship-001\s+on_time\s+delivered\s+on_time\s+kept`,
		`ship-002\s+late_estimate\s+delivered\s+late\s+missed`,
		`ship-004\s+failed_attempt\s+delivered\s+on_time\s+kept`,
		`In PostgreSQL: 4 shipments, [1-9][0-9]* scans, [1-9][0-9]* messages sent through the outbox`,
	} {
		if !regexp.MustCompile(row).MatchString(s) {
			t.Errorf("output lacks %q:\n%s", row, s)
		}
	}
	if !strings.Contains(s, "Entschuldigung: Ihre Bestellung #1002 verspätet sich") {
		t.Error("Jonas was not told of the delay")
	}
}

func TestPostgresExampleNeedsADatabase(t *testing.T) {
	if err := run(context.Background(), io.Discard, "", 4, 1, false); err == nil {
		t.Fatal("no DSN must be an error")
	}
}
