package sqlstore_test

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/internal/dbtest"
	"github.com/wismo-dev/wismo/tracking/sqlstore"
	"github.com/wismo-dev/wismo/tracking/store"
	"github.com/wismo-dev/wismo/tracking/storetest"
)

// The helpers below wrap internal/dbtest for this package's tests (and any
// other test file of the package, such as the replica and soak tests).

// openSQLite returns a migrated store on a fresh SQLite file.
func openSQLite(t testing.TB) *sqlstore.Store {
	t.Helper()
	return migrated(t, dbtest.OpenSQLite(t, dbtest.Config{}), sqlstore.SQLite)
}

// postgresURL returns WISMO_POSTGRES_URL. Without it the test skips, unless
// WISMO_REQUIRE_SERVICES is set (as .ci/run does), where a missing server
// is a failure.
func postgresURL(t testing.TB) string {
	t.Helper()
	return dbtest.PostgresURL(t)
}

// openPostgres returns a migrated store in a schema of its own, dropped when
// the test ends.
func openPostgres(t testing.TB) *sqlstore.Store {
	t.Helper()
	return migrated(t, dbtest.OpenPostgres(t, dbtest.Config{}), sqlstore.Postgres)
}

// withSearchPath returns the PostgreSQL URL base with its search_path set to schema.
func withSearchPath(t testing.TB, base, schema string) string {
	t.Helper()
	return dbtest.WithSearchPath(t, base, schema)
}

func migrated(t testing.TB, db *sql.DB, d sqlstore.Dialect) *sqlstore.Store {
	t.Helper()
	s, err := sqlstore.New(db, d, sqlstore.Config{})
	require.NoError(t, err)
	_, err = s.Migrate(context.Background())
	require.NoError(t, err)
	return s
}

// atMigration runs f, on SQLite and on PostgreSQL, with a fresh database
// whose schema stops after the first n migrations, applied and recorded as
// Migrate would, so that f can write rows in that older shape before it
// migrates the rest.
func atMigration(t *testing.T, n int, f func(t *testing.T, db *sql.DB, d sqlstore.Dialect, ms []sqlstore.Migration)) {
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
			db, d := open(t)
			ms, err := sqlstore.Migrations(d)
			require.NoError(t, err)
			_, err = db.Exec(`CREATE TABLE wismo_schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`)
			require.NoError(t, err)
			for _, m := range ms[:n] {
				_, err := db.Exec(m.SQL)
				require.NoError(t, err, m.Name)
				_, err = db.Exec(d.Rebind(`INSERT INTO wismo_schema_migrations (version, name, applied_at) VALUES (?, ?, '')`), m.Version, m.Name)
				require.NoError(t, err)
			}
			f(t, db, d, ms)
		})
	}
}

// The store implements store.HistoryReader, so the kit's ReadHistory cases
// run instead of skipping.
var _ store.HistoryReader = (*sqlstore.Store)(nil)

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
