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

	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/stretchr/testify/require"
	_ "modernc.org/sqlite"

	"github.com/wismo-dev/wismo/tracking/sqlstore"
	"github.com/wismo-dev/wismo/tracking/store"
	"github.com/wismo-dev/wismo/tracking/storetest"
)

// openSQLite returns a migrated store on a fresh SQLite file.
func openSQLite(t testing.TB) *sqlstore.Store {
	t.Helper()
	dsn := "file:" + filepath.Join(t.TempDir(), "wismo.db") +
		"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_txlock=immediate"
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
// WISMO_REQUIRE_SERVICES is set (as .ci/run does), where a missing server
// is a failure.
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

// openPostgres returns a migrated store in a schema of its own, dropped when
// the test ends.
func openPostgres(t testing.TB) *sqlstore.Store {
	t.Helper()
	base := postgresURL(t)
	admin, err := sql.Open("pgx", base)
	require.NoError(t, err)
	t.Cleanup(func() { admin.Close() })
	schema := fmt.Sprintf("wismo_test_%d", rand.Uint64()>>1)
	_, err = admin.Exec(`CREATE SCHEMA ` + schema)
	require.NoError(t, err, "PostgreSQL at WISMO_POSTGRES_URL must be reachable")
	t.Cleanup(func() { _, _ = admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`) })

	db, err := sql.Open("pgx", withSearchPath(t, base, schema))
	require.NoError(t, err)
	db.SetMaxOpenConns(16)
	t.Cleanup(func() { db.Close() })
	s, err := sqlstore.New(db, sqlstore.Postgres, sqlstore.Config{})
	require.NoError(t, err)
	_, err = s.Migrate(context.Background())
	require.NoError(t, err)
	return s
}

// withSearchPath returns the PostgreSQL URL base with its search_path set to schema.
func withSearchPath(t testing.TB, base, schema string) string {
	t.Helper()
	u, err := url.Parse(base)
	require.NoError(t, err)
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func TestConformanceSQLite(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return openSQLite(t) })
}

func TestConformancePostgres(t *testing.T) {
	postgresURL(t)
	storetest.Run(t, func(t *testing.T) store.Store { return openPostgres(t) })
}

func TestMigrateIsIdempotentAndConcurrent(t *testing.T) {
	for name, open := range map[string]func(testing.TB) *sqlstore.Store{"sqlite": openSQLite, "postgres": openPostgres} {
		t.Run(name, func(t *testing.T) {
			if name == "postgres" {
				postgresURL(t)
			}
			s := open(t)
			ms, err := sqlstore.Migrations(sqlstore.SQLite)
			require.NoError(t, err)
			last := ms[len(ms)-1].Version
			// Several processes starting at once: every Migrate succeeds and
			// each migration is recorded once.
			var wg sync.WaitGroup
			errs := make(chan error, 4)
			for i := 0; i < 4; i++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					v, err := s.Migrate(context.Background())
					if err == nil && v != last {
						err = fmt.Errorf("Migrate reached %d, want %d", v, last)
					}
					errs <- err
				}()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				require.NoError(t, err)
			}
			v, err := s.Version(context.Background())
			require.NoError(t, err)
			require.Equal(t, last, v)
			var n int
			require.NoError(t, s.DB().QueryRow(`SELECT count(*) FROM wismo_schema_migrations`).Scan(&n))
			require.Equal(t, len(ms), n, "each migration is recorded exactly once")
		})
	}
}

func TestNewRejectsBadInput(t *testing.T) {
	_, err := sqlstore.New(nil, sqlstore.SQLite, sqlstore.Config{})
	require.Error(t, err)
	db, err := sql.Open("sqlite", ":memory:")
	require.NoError(t, err)
	defer db.Close()
	_, err = sqlstore.New(db, sqlstore.Dialect{}, sqlstore.Config{})
	require.ErrorContains(t, err, "dialect")
}
