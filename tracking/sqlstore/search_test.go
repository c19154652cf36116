package sqlstore_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/tracking/sqlstore"
	"github.com/wismo-dev/wismo/tracking/store"
)

// TestMigration0005Backfills writes shipments with the schema of migration
// 0004, migrates, and finds them by tracking number as a search spells it:
// 0005 derives number_key from the stored numbers as store.NumberKey
// does, a non-ASCII letter kept as it is.
func TestMigration0005Backfills(t *testing.T) {
	atMigration(t, 4, func(t *testing.T, db *sql.DB, d sqlstore.Dialect, ms []sqlstore.Migration) {
		ctx := context.Background()
		require.Equal(t, "0005_search.sql", ms[4].Name)
		for _, row := range [][2]string{{"spaced", "1z 999-aa1\t0123 4567 84"}, {"other", "1Z999AA10123456785"}, {"accent", "abc-é12"}} {
			_, err := db.Exec(d.Rebind(`INSERT INTO wismo_shipment (id, carrier, tracking_number, recipient, created_at, state, version)
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
