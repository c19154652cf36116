package sqlstore_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/internal/dbtest"
	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/tracking/sqlstore"
	"github.com/wismo-dev/wismo/tracking/store"
)

// TestMigration0004Backfills writes a shipment and a dead message with the
// schema of migration 0003, migrates, and finds them by what 0004 derived
// from the older columns: the registration time, the recipient's e-mail
// address and the message kind.
func TestMigration0004Backfills(t *testing.T) {
	for name, open := range map[string]func(testing.TB) (*sql.DB, sqlstore.Dialect){
		"sqlite": func(t testing.TB) (*sql.DB, sqlstore.Dialect) {
			return dbtest.OpenSQLite(t, dbtest.Config{}), sqlstore.SQLite
		},
		"postgres": func(t testing.TB) (*sql.DB, sqlstore.Dialect) {
			return dbtest.OpenPostgres(t, dbtest.Config{}), sqlstore.Postgres
		},
	} {
		t.Run(name, func(t *testing.T) {
			if name == "postgres" {
				postgresURL(t)
			}
			ctx := context.Background()
			db, d := open(t)
			ms, err := sqlstore.Migrations(d)
			require.NoError(t, err)
			_, err = db.Exec(`CREATE TABLE wismo_schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`)
			require.NoError(t, err)
			for _, m := range ms[:3] {
				_, err := db.Exec(m.SQL)
				require.NoError(t, err, m.Name)
				_, err = db.Exec(d.Rebind(`INSERT INTO wismo_schema_migrations (version, name, applied_at) VALUES (?, ?, '')`), m.Version, m.Name)
				require.NoError(t, err)
			}
			created := time.Date(2026, 3, 2, 9, 15, 30, 250_000_000, time.FixedZone("", 3600))
			_, err = db.Exec(d.Rebind(`INSERT INTO wismo_shipment (id, carrier, tracking_number, recipient, created_at, state, version)
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
}
