package sqlstore_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/tracking/sqlstore"
	"github.com/wismo-dev/wismo/tracking/store"
)

// TestMigration0004Backfills writes a shipment and a dead message with the
// schema of migration 0003, migrates, and finds them by what 0004 derived
// from the older columns: the registration time, the recipient's e-mail
// address and the message kind.
func TestMigration0004Backfills(t *testing.T) {
	atMigration(t, 3, func(t *testing.T, db *sql.DB, d sqlstore.Dialect, ms []sqlstore.Migration) {
		ctx := context.Background()
		created := time.Date(2026, 3, 2, 9, 15, 30, 250_000_000, time.FixedZone("", 3600))
		_, err := db.Exec(d.Rebind(`INSERT INTO wismo_shipment (id, carrier, tracking_number, recipient, created_at, state, version)
			VALUES ('old', 'ups', 'T1', ?, ?, 'at_risk', 3)`), `{"ID":"c1","Email":"Ada@Example.com"}`, created.Format(time.RFC3339Nano))
		require.NoError(t, err)
		seqCol, seqVal := "", "" // PostgreSQL numbers seq itself
		if d == sqlstore.SQLite {
			seqCol, seqVal = ", seq", ", 1"
		}
		_, err = db.Exec(d.Rebind(`INSERT INTO wismo_outbox (id, shipment_id, message, status, next_attempt_at`+seqCol+`)
			VALUES ('m1', 'old', ?, 'dead', 0`+seqVal+`)`), `{"ID":"m1","ShipmentID":"old","Kind":"delayed"}`)
		require.NoError(t, err)

		s := migrated(t, db, d)
		got, err := s.ListShipments(ctx, store.ListParams{Email: "ada@example.com", CreatedAfter: created, CreatedBefore: created.Add(time.Millisecond),
			NeedsAttention: true, Limit: 10})
		require.NoError(t, err)
		require.Len(t, got, 1, "the old shipment is found by e-mail, registration time and its dead letter")
		require.True(t, got[0].UpdatedAt.Equal(created), "UpdatedAt of an old shipment is its CreatedAt, got %v", got[0].UpdatedAt)
		msgs, err := s.ListOutbox(ctx, store.OutboxQuery{Kind: notify.KindDelayed, Status: store.OutboxDead, Limit: 10})
		require.NoError(t, err)
		require.Len(t, msgs, 1, "the old message is found by its kind")
	})
}
