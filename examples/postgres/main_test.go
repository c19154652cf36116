package main

import (
	"context"
	"os"
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
	if err := run(context.Background(), dsn, 4, 1, false); err != nil {
		t.Fatal(err)
	}
}

func TestPostgresExampleNeedsADatabase(t *testing.T) {
	if err := run(context.Background(), "", 4, 1, false); err == nil {
		t.Fatal("no DSN must be an error")
	}
}
