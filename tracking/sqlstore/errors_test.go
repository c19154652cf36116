package sqlstore_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/sim"
	"github.com/wismo-dev/wismo/internal/dbtest"
	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/tracking"
	"github.com/wismo-dev/wismo/tracking/sqlstore"
)

// Track on a store whose Migrate was never run says to run it, on every
// database, instead of the database's "no such table".
func TestTrackBeforeMigrateSaysToMigrate(t *testing.T) {
	for name, open := range map[string]func(t *testing.T) (*sql.DB, sqlstore.Dialect){
		"sqlite": func(t *testing.T) (*sql.DB, sqlstore.Dialect) {
			return dbtest.OpenSQLite(t, dbtest.Config{}), sqlstore.SQLite
		},
		"postgres": func(t *testing.T) (*sql.DB, sqlstore.Dialect) {
			postgresURL(t)
			return dbtest.OpenPostgres(t, dbtest.Config{}), sqlstore.Postgres
		},
	} {
		t.Run(name, func(t *testing.T) {
			db, d := open(t)
			st, err := sqlstore.New(db, d, sqlstore.Config{})
			require.NoError(t, err)
			c, err := sim.New(sim.Config{})
			require.NoError(t, err)
			svc, err := tracking.New(tracking.Config{Store: st, Carriers: carrier.NewRegistry(c),
				Notifier: notify.NotifierFunc(func(context.Context, notify.Message) error { return nil })})
			require.NoError(t, err)
			err = svc.Track(context.Background(), tracking.Shipment{ID: "s1", Carrier: sim.DefaultID, TrackingNumber: "T1"})
			require.ErrorIs(t, err, sqlstore.ErrNotMigrated)
			require.ErrorContains(t, err, "Migrate")
			_, err = svc.Status(context.Background(), "s1")
			require.ErrorIs(t, err, sqlstore.ErrNotMigrated)
			_, err = st.Migrate(context.Background())
			require.NoError(t, err)
			require.NoError(t, svc.Track(context.Background(), tracking.Shipment{ID: "s1", Carrier: sim.DefaultID, TrackingNumber: "T1"}))
		})
	}
}

// New refuses a SQLite handle with the PostgreSQL dialect and the reverse,
// naming the dialect to pass.
func TestNewRefusesTheOtherDialect(t *testing.T) {
	lite := dbtest.OpenSQLite(t, dbtest.Config{})
	_, err := sqlstore.New(lite, sqlstore.Postgres, sqlstore.Config{})
	require.ErrorContains(t, err, "sqlstore.SQLite")
	if errors.Is(err, sqlstore.ErrNotMigrated) {
		t.Fatal("a dialect mismatch is no missing migration")
	}
	postgresURL(t)
	pg := dbtest.OpenPostgres(t, dbtest.Config{})
	_, err = sqlstore.New(pg, sqlstore.SQLite, sqlstore.Config{})
	require.ErrorContains(t, err, "sqlstore.Postgres")
	_, err = sqlstore.New(pg, sqlstore.Postgres, sqlstore.Config{})
	require.NoError(t, err)
}
