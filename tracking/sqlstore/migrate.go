package sqlstore

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
)

//go:embed migrations
var migrationFS embed.FS

// Migration is one versioned schema step.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// Migrations returns the dialect's migrations in version order.
func Migrations(d Dialect) ([]Migration, error) {
	dir := path.Join("migrations", d.name)
	entries, err := fs.ReadDir(migrationFS, dir)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: migrations of %s: %w", d.name, err)
	}
	var out []Migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || !strings.HasSuffix(e.Name(), ".sql") {
			return nil, fmt.Errorf("sqlstore: migration file %q is not NNNN_name.sql", e.Name())
		}
		b, err := fs.ReadFile(migrationFS, path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		out = append(out, Migration{Version: v, Name: e.Name(), SQL: string(b)})
	}
	slices.SortFunc(out, func(a, b Migration) int { return a.Version - b.Version })
	return out, nil
}

// advisoryLockKey is the PostgreSQL advisory lock migrations take, so that
// several processes starting at once apply each migration exactly once.
const advisoryLockKey = 0x7769736d6f // "wismo"

// Migrate applies the migrations the database does not have yet, each in its
// own transaction, and returns the schema version reached. It is safe to call
// from several processes at once: on PostgreSQL a transaction-scoped advisory
// lock serialises them; on SQLite the first write of the transaction takes
// the database's write lock. Applied versions are recorded in
// wismo_schema_migrations.
func (s *Store) Migrate(ctx context.Context) (int, error) {
	ms, err := Migrations(s.d)
	if err != nil {
		return 0, err
	}
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS wismo_schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		return 0, fmt.Errorf("sqlstore: migrate: %w", err)
	}
	reached := 0
	for _, m := range ms {
		applied, err := s.applyOne(ctx, m)
		if err != nil {
			return reached, fmt.Errorf("sqlstore: migration %s: %w", m.Name, err)
		}
		_ = applied
		reached = m.Version
	}
	return reached, nil
}

func (s *Store) applyOne(ctx context.Context, m Migration) (applied bool, err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	if s.d == Postgres {
		if _, err = tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, advisoryLockKey); err != nil {
			return false, err
		}
	} else {
		// A write first, so that this transaction holds SQLite's write lock
		// before it reads the version (no upgrade deadlock between processes).
		if _, err = tx.ExecContext(ctx, `DELETE FROM wismo_schema_migrations WHERE version < 0`); err != nil {
			return false, err
		}
	}
	var n int
	if err = tx.QueryRowContext(ctx, s.d.rebind(`SELECT count(*) FROM wismo_schema_migrations WHERE version = ?`), m.Version).Scan(&n); err != nil {
		return false, err
	}
	if n > 0 {
		return false, tx.Commit()
	}
	if _, err = tx.ExecContext(ctx, m.SQL); err != nil {
		return false, err
	}
	if _, err = tx.ExecContext(ctx, s.d.rebind(`INSERT INTO wismo_schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`),
		m.Version, m.Name, s.now().UTC().Format(timeLayout)); err != nil {
		return false, err
	}
	return true, tx.Commit()
}

// Version returns the highest migration applied, 0 for an empty database.
func (s *Store) Version(ctx context.Context) (int, error) {
	var v sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT max(version) FROM wismo_schema_migrations`).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("sqlstore: version: %w", err)
	}
	return int(v.Int64), nil
}
