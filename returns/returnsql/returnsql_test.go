package returnsql_test

import (
	"context"
	"database/sql"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/internal/dbtest"
	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/notify/notifytest"
	"github.com/wismo-dev/wismo/returns"
	"github.com/wismo-dev/wismo/returns/returnsql"
	"github.com/wismo-dev/wismo/returns/returnstest"
	"github.com/wismo-dev/wismo/returns/store"
	"github.com/wismo-dev/wismo/tracking/sqlstore"
)

// openSQLite returns a migrated store on a fresh SQLite file.
func openSQLite(t testing.TB) *returnsql.Store {
	t.Helper()
	return migrated(t, dbtest.OpenSQLite(t, dbtest.Config{}), returnsql.SQLite)
}

// postgresURL skips the test without WISMO_POSTGRES_URL (see dbtest.PostgresURL).
func postgresURL(t testing.TB) string {
	t.Helper()
	return dbtest.PostgresURL(t)
}

// openPostgres returns a migrated store in a schema of its own, dropped when
// the test ends.
func openPostgres(t testing.TB) *returnsql.Store {
	t.Helper()
	db := dbtest.OpenPostgres(t, dbtest.Config{SchemaPrefix: "wismo_returns_test_", MaxOpenConns: 8})
	return migrated(t, db, returnsql.Postgres)
}

func migrated(t testing.TB, db *sql.DB, d returnsql.Dialect) *returnsql.Store {
	t.Helper()
	s, err := returnsql.New(db, d, returnsql.Config{})
	require.NoError(t, err)
	_, err = s.Migrate(context.Background())
	require.NoError(t, err)
	return s
}

func TestConformanceSQLite(t *testing.T) {
	returnstest.Run(t, func(t *testing.T) store.Store { return openSQLite(t) })
}

func TestConformancePostgres(t *testing.T) {
	postgresURL(t)
	returnstest.Run(t, func(t *testing.T) store.Store { return openPostgres(t) })
}

var opens = map[string]func(testing.TB) *returnsql.Store{"sqlite": openSQLite, "postgres": openPostgres}

func TestMigrateIsIdempotentAndConcurrent(t *testing.T) {
	for name, open := range opens {
		t.Run(name, func(t *testing.T) {
			if name == "postgres" {
				postgresURL(t)
			}
			s := open(t)
			var wg sync.WaitGroup
			for range 4 {
				wg.Go(func() {
					v, err := s.Migrate(context.Background())
					assert.NoError(t, err)
					assert.Equal(t, 1, v)
				})
			}
			wg.Wait()
			created, err := s.Create(context.Background(), returnstest.Sample("r1", store.StateRequested))
			require.NoError(t, err)
			assert.True(t, created, "the schema works after repeated migrations")
		})
	}
}

func TestCorruptDataIsAnError(t *testing.T) {
	s := openSQLite(t)
	ctx := context.Background()
	_, err := s.Create(ctx, returnstest.Sample("r1", store.StateRequested))
	require.NoError(t, err)
	db := s.DB()
	_, err = db.Exec(`UPDATE wismo_return SET data = '{broken' WHERE id = 'r1'`)
	require.NoError(t, err)
	_, err = s.Get(ctx, "r1")
	assert.ErrorContains(t, err, "corrupt data")
	_, err = s.ListActive(ctx, store.ListParams{})
	assert.ErrorContains(t, err, "corrupt data")
}

func TestNewValidates(t *testing.T) {
	_, err := returnsql.New(nil, returnsql.SQLite, returnsql.Config{})
	assert.Error(t, err)
	db, err := sql.Open("sqlite", ":memory:")
	require.NoError(t, err)
	defer db.Close()
	_, err = returnsql.New(db, returnsql.Dialect{}, returnsql.Config{})
	assert.ErrorContains(t, err, "unknown dialect")
	for _, d := range []returnsql.Dialect{returnsql.SQLite, returnsql.Postgres} {
		ms, err := returnsql.Migrations(d)
		require.NoError(t, err)
		require.NotEmpty(t, ms)
		assert.Equal(t, 1, ms[0].Version)
	}
}

// Dialect is one type across the SQL stores: tracking/sqlstore's values
// work here, so a host names its database once for both stores.
func TestDialectsAreSharedWithTrackingStore(t *testing.T) {
	assert.Equal(t, returnsql.Postgres, sqlstore.Postgres)
	assert.Equal(t, returnsql.SQLite, sqlstore.SQLite)
	db := dbtest.OpenSQLite(t, dbtest.Config{})
	rs, err := returnsql.New(db, sqlstore.SQLite, returnsql.Config{})
	require.NoError(t, err)
	ts, err := sqlstore.New(db, returnsql.SQLite, sqlstore.Config{})
	require.NoError(t, err)
	ctx := context.Background()
	rv, err := rs.Migrate(ctx)
	require.NoError(t, err)
	tv, err := ts.Migrate(ctx)
	require.NoError(t, err)
	tms, err := sqlstore.Migrations(sqlstore.SQLite)
	require.NoError(t, err)
	assert.Equal(t, 1, rv)
	assert.Equal(t, len(tms), tv)
	var n int
	require.NoError(t, db.QueryRow(`SELECT count(*) FROM wismo_returns_schema_migrations`).Scan(&n))
	assert.Equal(t, 1, n, "the returns schema keeps its own migrations table")
	require.NoError(t, db.QueryRow(`SELECT count(*) FROM wismo_schema_migrations`).Scan(&n))
	assert.Equal(t, len(tms), n, "the tracking schema keeps its own migrations table")
	created, err := rs.Create(ctx, returnstest.Sample("r1", store.StateRequested))
	require.NoError(t, err)
	assert.True(t, created, "both schemas live in one database")
}

// TestServiceOnSQL runs a return from request to refund with the SQL store,
// on every database available.
func TestServiceOnSQL(t *testing.T) {
	for name, open := range opens {
		t.Run(name, func(t *testing.T) {
			if name == "postgres" {
				postgresURL(t)
			}
			ctx := context.Background()
			now := time.Date(2026, 3, 20, 9, 0, 0, 0, time.UTC)
			out := &notifytest.Recorder{}
			rs, err := returns.New(returns.Config{Store: open(t), Notifier: out, Now: func() time.Time { return now }})
			require.NoError(t, err)
			_, _, err = rs.Request(ctx, store.Return{ID: "r1", OrderID: "o1", Method: store.MethodInStore,
				DeliveredAt: now.Add(-48 * time.Hour), Customer: notify.Recipient{ID: "c1", Email: "ada@example.com"},
				Items: []store.Item{{SKU: "shirt", Quantity: 1, Reason: store.ReasonTooLarge}}})
			require.NoError(t, err)
			for _, step := range []func() (store.Return, error){
				func() (store.Return, error) { return rs.Approve(ctx, "r1") },
				func() (store.Return, error) { return rs.MarkReceived(ctx, "r1") },
				func() (store.Return, error) { return rs.MarkReceived(ctx, "r1") },
				func() (store.Return, error) {
					return rs.Inspect(ctx, "r1", map[string]store.Outcome{"shirt": store.OutcomeStoreCredit})
				},
				func() (store.Return, error) {
					return rs.Settle(ctx, "r1", returns.Settlement{Refund: 1990})
				},
			} {
				_, err := step()
				require.NoError(t, err)
			}
			r, err := rs.Get(ctx, "r1")
			require.NoError(t, err)
			assert.Equal(t, store.StateStoreCredit, r.State)
			assert.Equal(t, []notify.Kind{notify.KindReturnRequested, notify.KindReturnApproved, notify.KindReturnReceived,
				notify.KindRefundIssued}, out.Kinds())
			require.NoError(t, rs.Sync(ctx))
			assert.Len(t, out.Messages(), 4)
		})
	}
}
