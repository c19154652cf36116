package sqlstore_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/internal/dbtest"
	"github.com/wismo-dev/wismo/tracking/sqlstore"
	"github.com/wismo-dev/wismo/tracking/store"
)

// TestMigration0005Backfills writes shipments with the schema of migration
// 0004, migrates, and finds them by tracking number as a search spells it:
// 0005 derives number_key from the stored numbers as store.NumberKey
// does, a non-ASCII letter kept as it is.
func TestMigration0005Backfills(t *testing.T) {
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
			require.Equal(t, "0005_search.sql", ms[4].Name)
			_, err = db.Exec(`CREATE TABLE wismo_schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`)
			require.NoError(t, err)
			for _, m := range ms[:4] {
				_, err := db.Exec(m.SQL)
				require.NoError(t, err, m.Name)
				_, err = db.Exec(d.Rebind(`INSERT INTO wismo_schema_migrations (version, name, applied_at) VALUES (?, ?, '')`), m.Version, m.Name)
				require.NoError(t, err)
			}
			for _, row := range [][2]string{{"spaced", "1z 999-aa1\t0123 4567 84"}, {"other", "1Z999AA10123456785"}, {"accent", "abc-é12"}} {
				_, err = db.Exec(d.Rebind(`INSERT INTO wismo_shipment (id, carrier, tracking_number, recipient, created_at, state, version)
					VALUES (?, 'ups', ?, '{}', '2026-03-02T09:00:00Z', 'pending', 1)`), row[0], row[1])
				require.NoError(t, err)
			}
			s := migrated(t, db, d)
			for query, want := range map[string]string{
				"1Z999AA10123456784": "spaced", "1z999aa1-0123-4567-84": "spaced", "1Z999AA10123456785": "other",
				"ABCé12": "accent", "abc é 12": "accent",
			} {
				got, err := s.ListShipments(ctx, store.ListParams{TrackingNumber: query, Limit: 10})
				require.NoError(t, err)
				require.Len(t, got, 1, "search %q", query)
				require.Equal(t, want, got[0].ID, "search %q", query)
			}
			got, err := s.ListShipments(ctx, store.ListParams{TrackingNumber: "ABCÉ12", Limit: 10})
			require.NoError(t, err)
			require.Empty(t, got, "only ASCII letters are folded")
		})
	}
}
