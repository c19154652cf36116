package sqlstore

import (
	"context"
	"embed"
	"time"

	"github.com/wismo-dev/wismo/internal/sqldb"
)

//go:embed migrations
var migrationFS embed.FS

// Migration is one versioned schema step: Version, Name (the file name) and
// SQL.
type Migration = sqldb.Migration

// advisoryLockKey is the PostgreSQL advisory lock migrations take, so that
// several processes starting at once apply each migration exactly once.
const advisoryLockKey = 0x7769736d6f // "wismo"

// migrator applies the tracking schema, recorded in wismo_schema_migrations.
func migrator(now func() time.Time) *sqldb.Migrator {
	return &sqldb.Migrator{FS: migrationFS, Table: "wismo_schema_migrations", LockKey: advisoryLockKey, Prefix: "sqlstore", Now: now}
}

// Migrations returns the dialect's migrations in version order.
func Migrations(d Dialect) ([]Migration, error) {
	return migrator(nil).Migrations(d)
}

// Migrate applies the migrations the database does not have yet, each in its
// own transaction, and returns the schema version reached. It is safe to call
// from several processes at once: on PostgreSQL a transaction-scoped advisory
// lock serialises them; on SQLite the first write of the transaction takes
// the database's write lock. Applied versions are recorded in
// wismo_schema_migrations.
func (s *Store) Migrate(ctx context.Context) (int, error) {
	return migrator(s.now).Migrate(ctx, s.db, s.d)
}

// Version returns the highest migration applied, 0 for an empty database.
func (s *Store) Version(ctx context.Context) (int, error) {
	return migrator(s.now).Version(ctx, s.db)
}
