package sqlstore_test

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	_ "modernc.org/sqlite"

	"github.com/wismo-dev/wismo/tracking/sqlstore"
	"github.com/wismo-dev/wismo/tracking/store"
)

// A store on SQLite: migrate, register a shipment, claim it when due.
func Example() {
	db, err := sql.Open("sqlite", "file:example?mode=memory&cache=shared&_pragma=busy_timeout(5000)")
	if err != nil {
		panic(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)

	st, err := sqlstore.New(db, sqlstore.SQLite, sqlstore.Config{})
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	version, err := st.Migrate(ctx)
	if err != nil {
		panic(err)
	}
	fmt.Println("schema version", version)

	now := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	created, err := st.CreateShipment(ctx, &store.Shipment{ID: "s1", Carrier: "ups", TrackingNumber: "1Z999",
		CreatedAt: now, State: "pending", Active: true, DueAt: now})
	if err != nil {
		panic(err)
	}
	fmt.Println("created", created)

	claimed, err := st.ClaimDue(ctx, store.ClaimDueParams{Now: now, Owner: "worker-1", Max: 10, LeaseFor: time.Minute})
	if err != nil {
		panic(err)
	}
	fmt.Println("claimed", len(claimed), claimed[0].ID, "leased to", claimed[0].LeaseOwner)
	// Output:
	// schema version 5
	// created true
	// claimed 1 s1 leased to worker-1
}
