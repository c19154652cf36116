package dbtest

import (
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	"github.com/stretchr/testify/require"
	_ "modernc.org/sqlite" // registers "sqlite"
)

// Config tunes the databases the helpers open. The zero value is the
// usual setup.
type Config struct {
	// SchemaPrefix starts the name of each PostgreSQL test schema, followed
	// by a random number. Defaults to "wismo_test_".
	SchemaPrefix string
	// MaxOpenConns caps the PostgreSQL pool. Defaults to 16. SQLite always
	// gets one connection.
	MaxOpenConns int
	// SQLitePragmas are added to the SQLite defaults, for example
	// "synchronous(OFF)" for speed in tests that need no durability.
	SQLitePragmas []string
}

// PostgresURL returns WISMO_POSTGRES_URL. Without it the test skips,
// unless WISMO_REQUIRE_SERVICES is set, where a missing server is a
// failure.
func PostgresURL(t testing.TB) string {
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

// WithSearchPath returns the PostgreSQL URL base with its search_path set
// to schema.
func WithSearchPath(t testing.TB, base, schema string) string {
	t.Helper()
	u, err := url.Parse(base)
	require.NoError(t, err)
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// OpenPostgres returns a pool on the database at PostgresURL whose
// search_path is a new, empty schema, dropped when the test ends. It skips
// or fails the test as PostgresURL does.
func OpenPostgres(t testing.TB, cfg Config) *sql.DB {
	t.Helper()
	if cfg.SchemaPrefix == "" {
		cfg.SchemaPrefix = "wismo_test_"
	}
	if cfg.MaxOpenConns == 0 {
		cfg.MaxOpenConns = 16
	}
	base := PostgresURL(t)
	admin, err := sql.Open("pgx", base)
	require.NoError(t, err)
	t.Cleanup(func() { admin.Close() })
	schema := fmt.Sprintf("%s%d", cfg.SchemaPrefix, rand.Uint64()>>1)
	_, err = admin.Exec(`CREATE SCHEMA ` + schema)
	require.NoError(t, err, "PostgreSQL at WISMO_POSTGRES_URL must be reachable")
	t.Cleanup(func() { _, _ = admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`) })

	db, err := sql.Open("pgx", WithSearchPath(t, base, schema))
	require.NoError(t, err)
	db.SetMaxOpenConns(cfg.MaxOpenConns)
	t.Cleanup(func() { db.Close() })
	return db
}

// OpenSQLite returns a single-connection handle on a new SQLite file in
// t.TempDir(), closed when the test ends.
func OpenSQLite(t testing.TB, cfg Config) *sql.DB {
	t.Helper()
	pragmas := append([]string{"busy_timeout(10000)", "journal_mode(WAL)", "foreign_keys(1)"}, cfg.SQLitePragmas...)
	dsn := "file:" + filepath.Join(t.TempDir(), "wismo.db") +
		"?_pragma=" + strings.Join(pragmas, "&_pragma=") + "&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	require.NoError(t, err)
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	return db
}
