package sqlstore_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	_ "modernc.org/sqlite"

	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/notify/notifytest"
	"github.com/wismo-dev/wismo/returns"
	"github.com/wismo-dev/wismo/returns/returnstest"
	"github.com/wismo-dev/wismo/returns/sqlstore"
)

// openSQLite returns a migrated store on a fresh SQLite file.
func openSQLite(t testing.TB) *sqlstore.Store {
	t.Helper()
	dsn := "file:" + filepath.Join(t.TempDir(), "returns.db") +
		"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	require.NoError(t, err)
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	s, err := sqlstore.New(db, sqlstore.SQLite, sqlstore.Config{})
	require.NoError(t, err)
	_, err = s.Migrate(context.Background())
	require.NoError(t, err)
	return s
}

// postgresURL returns WISMO_POSTGRES_URL. Without it the test skips, unless
// WISMO_REQUIRE_SERVICES is set, where a missing server is a failure.
func postgresURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv("WISMO_POSTGRES_URL")
	if u == "" {
		if os.Getenv("WISMO_REQUIRE_SERVICES") != "" {
			t.Fatal("WISMO_POSTGRES_URL is not set but WISMO_REQUIRE_SERVICES is: CI must run the PostgreSQL tests")
		}
		t.Skip("set WISMO_POSTGRES_URL (for example postgres://postgres@127.0.0.1:5432/test?sslmode=disable) to run the PostgreSQL tests")
	}
	return u
}

// openPostgresDB returns a database handle whose search_path is a schema of
// its own, dropped when the test ends.
func openPostgresDB(t testing.TB) *sql.DB {
	t.Helper()
	base := postgresURL(t)
	admin, err := sql.Open("pgx", base)
	require.NoError(t, err)
	t.Cleanup(func() { admin.Close() })
	schema := fmt.Sprintf("wismo_returns_test_%d", rand.Uint64()>>1)
	_, err = admin.Exec(`CREATE SCHEMA ` + schema)
	require.NoError(t, err, "PostgreSQL at WISMO_POSTGRES_URL must be reachable")
	t.Cleanup(func() { _, _ = admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`) })
	u, err := url.Parse(base)
	require.NoError(t, err)
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	db, err := sql.Open("pgx", u.String())
	require.NoError(t, err)
	db.SetMaxOpenConns(8)
	t.Cleanup(func() { db.Close() })
	return db
}

func openPostgres(t testing.TB) *sqlstore.Store {
	t.Helper()
	s, err := sqlstore.New(openPostgresDB(t), sqlstore.Postgres, sqlstore.Config{})
	require.NoError(t, err)
	_, err = s.Migrate(context.Background())
	require.NoError(t, err)
	return s
}

func TestConformanceSQLite(t *testing.T) {
	returnstest.Run(t, func(t *testing.T) returns.Store { return openSQLite(t) })
}

func TestConformancePostgres(t *testing.T) {
	postgresURL(t)
	returnstest.Run(t, func(t *testing.T) returns.Store { return openPostgres(t) })
}

var opens = map[string]func(testing.TB) *sqlstore.Store{"sqlite": openSQLite, "postgres": openPostgres}

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
			created, err := s.Create(context.Background(), returnstest.Sample("r1", returns.StateRequested))
			require.NoError(t, err)
			assert.True(t, created, "the schema works after repeated migrations")
		})
	}
}

func TestCorruptDataIsAnError(t *testing.T) {
	s := openSQLite(t)
	ctx := context.Background()
	_, err := s.Create(ctx, returnstest.Sample("r1", returns.StateRequested))
	require.NoError(t, err)
	db := s.DB()
	_, err = db.Exec(`UPDATE wismo_return SET data = '{broken' WHERE id = 'r1'`)
	require.NoError(t, err)
	_, err = s.Get(ctx, "r1")
	assert.ErrorContains(t, err, "corrupt data")
	_, err = s.ListActive(ctx, returns.ListParams{})
	assert.ErrorContains(t, err, "corrupt data")
}

func TestNewValidates(t *testing.T) {
	_, err := sqlstore.New(nil, sqlstore.SQLite, sqlstore.Config{})
	assert.Error(t, err)
	db, err := sql.Open("sqlite", ":memory:")
	require.NoError(t, err)
	defer db.Close()
	_, err = sqlstore.New(db, sqlstore.Dialect{}, sqlstore.Config{})
	assert.ErrorContains(t, err, "unknown dialect")
	for _, d := range []sqlstore.Dialect{sqlstore.SQLite, sqlstore.Postgres} {
		ms, err := sqlstore.Migrations(d)
		require.NoError(t, err)
		require.NotEmpty(t, ms)
		assert.Equal(t, 1, ms[0].Version)
	}
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
			_, _, err = rs.Request(ctx, returns.Return{ID: "r1", OrderID: "o1", Method: returns.MethodInStore,
				DeliveredAt: now.Add(-48 * time.Hour), Customer: notify.Recipient{ID: "c1", Email: "ada@example.com"},
				Items: []returns.Item{{SKU: "shirt", Quantity: 1, Reason: returns.ReasonTooLarge}}})
			require.NoError(t, err)
			for _, step := range []func() (returns.Return, error){
				func() (returns.Return, error) { return rs.Approve(ctx, "r1") },
				func() (returns.Return, error) { return rs.MarkReceived(ctx, "r1") },
				func() (returns.Return, error) { return rs.MarkReceived(ctx, "r1") },
				func() (returns.Return, error) {
					return rs.Inspect(ctx, "r1", map[string]returns.Outcome{"shirt": returns.OutcomeStoreCredit})
				},
				func() (returns.Return, error) {
					return rs.Settle(ctx, "r1", returns.Settlement{RefundAmount: "€19.90"})
				},
			} {
				_, err := step()
				require.NoError(t, err)
			}
			r, err := rs.Get(ctx, "r1")
			require.NoError(t, err)
			assert.Equal(t, returns.StateStoreCredit, r.State)
			assert.Equal(t, []notify.Kind{notify.KindReturnRequested, notify.KindReturnApproved, notify.KindReturnReceived,
				notify.KindRefundIssued}, out.Kinds())
			require.NoError(t, rs.Sync(ctx))
			assert.Len(t, out.Messages(), 4)
		})
	}
}
