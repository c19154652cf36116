package returnsql_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/internal/dbtest"
	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/notify/notifytest"
	"github.com/wismo-dev/wismo/returns"
	"github.com/wismo-dev/wismo/returns/returnsql"
	"github.com/wismo-dev/wismo/returns/store"
)

// A return requested on a store whose Migrate was never run says to run
// it, on every database, instead of the database's "no such table".
func TestRequestBeforeMigrateSaysToMigrate(t *testing.T) {
	for name, open := range map[string]func(t *testing.T) (*sql.DB, returnsql.Dialect){
		"sqlite": func(t *testing.T) (*sql.DB, returnsql.Dialect) {
			return dbtest.OpenSQLite(t, dbtest.Config{}), returnsql.SQLite
		},
		"postgres": func(t *testing.T) (*sql.DB, returnsql.Dialect) {
			postgresURL(t)
			return dbtest.OpenPostgres(t, dbtest.Config{SchemaPrefix: "wismo_returns_test_"}), returnsql.Postgres
		},
	} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			db, d := open(t)
			st, err := returnsql.New(db, d, returnsql.Config{})
			require.NoError(t, err)
			now := time.Date(2026, 3, 20, 9, 0, 0, 0, time.UTC)
			rs, err := returns.New(returns.Config{Store: st, Notifier: &notifytest.Recorder{}, Now: func() time.Time { return now }})
			require.NoError(t, err)
			r := store.Return{ID: "r1", OrderID: "o1", Method: store.MethodInStore,
				DeliveredAt: now.Add(-48 * time.Hour), Customer: notify.Recipient{ID: "c1", Email: "ada@example.com"},
				Items: []store.Item{{SKU: "shirt", Quantity: 1, Reason: store.ReasonTooLarge}}}
			_, _, err = rs.Request(ctx, r)
			require.ErrorIs(t, err, returnsql.ErrNotMigrated)
			require.ErrorContains(t, err, "Migrate")
			_, err = rs.Get(ctx, "r1")
			require.ErrorIs(t, err, returnsql.ErrNotMigrated)
			_, err = st.Migrate(ctx)
			require.NoError(t, err)
			_, _, err = rs.Request(ctx, r)
			require.NoError(t, err)
		})
	}
}

// New refuses a SQLite handle with the PostgreSQL dialect and the reverse.
func TestNewRefusesTheOtherDialect(t *testing.T) {
	_, err := returnsql.New(dbtest.OpenSQLite(t, dbtest.Config{}), returnsql.Postgres, returnsql.Config{})
	require.ErrorContains(t, err, "returnsql.SQLite")
	postgresURL(t)
	_, err = returnsql.New(dbtest.OpenPostgres(t, dbtest.Config{SchemaPrefix: "wismo_returns_test_"}), returnsql.SQLite, returnsql.Config{})
	require.ErrorContains(t, err, "returnsql.Postgres")
}
