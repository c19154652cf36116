// Command postgres runs the quickstart's simulated shop week on PostgreSQL:
// the same orders, messages and final states, with every shipment, scan and
// outbox message stored through tracking/sqlstore.
//
//	go run ./examples/postgres -dsn 'postgres://postgres@127.0.0.1:5432/test?sslmode=disable'
//
// The DSN defaults to $WISMO_POSTGRES_URL. The program creates a schema of
// its own (wismo_demo_<pid>), applies the migrations, runs the week and drops
// the schema again unless -keep is given.
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"net/url"
	"os"

	_ "github.com/jackc/pgx/v5/stdlib" // the host's choice of driver; wismo imports none

	"github.com/wismo-dev/wismo/internal/demo"
	"github.com/wismo-dev/wismo/tracking/sqlstore"
)

func main() {
	dsn := flag.String("dsn", os.Getenv("WISMO_POSTGRES_URL"), "PostgreSQL URL (defaults to $WISMO_POSTGRES_URL)")
	orders := flag.Int("orders", 8, "number of orders to ship (1-500)")
	seed := flag.Int64("seed", 1, "seed of the simulated carrier")
	keep := flag.Bool("keep", false, "keep the demo schema for inspection")
	flag.Parse()
	if err := run(context.Background(), *dsn, *orders, *seed, *keep); err != nil {
		fmt.Fprintln(os.Stderr, "postgres:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, dsn string, orders int, seed int64, keep bool) error {
	if dsn == "" {
		return fmt.Errorf("no database: pass -dsn or set WISMO_POSTGRES_URL (for example postgres://postgres@127.0.0.1:5432/test?sslmode=disable)")
	}
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		return err
	}
	defer admin.Close()
	schema := fmt.Sprintf("wismo_demo_%d", os.Getpid())
	if _, err := admin.ExecContext(ctx, `CREATE SCHEMA `+schema); err != nil {
		return fmt.Errorf("create schema: %w", err)
	}
	if keep {
		fmt.Printf("keeping schema %s\n", schema)
	} else {
		defer admin.ExecContext(context.Background(), `DROP SCHEMA `+schema+` CASCADE`)
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return err
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	db, err := sql.Open("pgx", u.String())
	if err != nil {
		return err
	}
	defer db.Close()

	st, err := sqlstore.New(db, sqlstore.Postgres, sqlstore.Config{})
	if err != nil {
		return err
	}
	v, err := st.Migrate(ctx)
	if err != nil {
		return err
	}
	fmt.Printf("PostgreSQL schema %s at migration %d\n\n", schema, v)
	if err := demo.Run(ctx, demo.Config{Store: st, Out: os.Stdout, Orders: orders, Seed: seed}); err != nil {
		return err
	}
	var shipments, scans, sent int
	for _, c := range []struct {
		q   string
		dst *int
	}{
		{`SELECT count(*) FROM wismo_shipment`, &shipments},
		{`SELECT count(*) FROM wismo_scan`, &scans},
		{`SELECT count(*) FROM wismo_outbox WHERE status = 'sent'`, &sent},
	} {
		if err := db.QueryRowContext(ctx, c.q).Scan(c.dst); err != nil {
			return err
		}
	}
	fmt.Printf("\nIn PostgreSQL: %d shipments, %d scans, %d messages sent through the outbox.\n", shipments, scans, sent)
	return nil
}
