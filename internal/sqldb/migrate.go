package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Migration is one versioned schema step.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// Migrator applies the versioned migrations of one schema. Its fields are
// constants of the store that owns the schema; FS, Table and Prefix are
// required.
type Migrator struct {
	// FS holds the migration files: Dir/<dialect>/NNNN_name.sql, for
	// example migrations/postgres/0001_init.sql.
	FS fs.FS
	// Dir is the directory of FS holding one directory per dialect.
	// Defaults to "migrations".
	Dir string
	// Table is the table recording the applied versions (version, name,
	// applied_at). It must be a plain SQL identifier ([a-z0-9_]), distinct
	// for every schema sharing a database.
	Table string
	// LockKey is the PostgreSQL advisory lock key Migrate takes, distinct
	// for every schema sharing a database.
	LockKey int64
	// Prefix starts every error message, for example "sqlstore".
	Prefix string
	// Now is the clock of the applied_at records. Defaults to time.Now.
	Now func() time.Time
}

func (m *Migrator) dir() string {
	if m.Dir == "" {
		return "migrations"
	}
	return m.Dir
}

func (m *Migrator) validate() error {
	if m.FS == nil {
		return fmt.Errorf("%s: migrator has no FS", m.Prefix)
	}
	if m.Table == "" || strings.Trim(m.Table, "abcdefghijklmnopqrstuvwxyz0123456789_") != "" {
		return fmt.Errorf("%s: migrations table %q is not a plain identifier", m.Prefix, m.Table)
	}
	return nil
}

// Migrations returns d's migrations in version order. A file whose name is
// not NNNN_name.sql is an error.
func (m *Migrator) Migrations(d Dialect) ([]Migration, error) {
	if err := m.validate(); err != nil {
		return nil, err
	}
	if !d.Valid() {
		return nil, fmt.Errorf("%s: unknown dialect %q", m.Prefix, d.name)
	}
	dir := path.Join(m.dir(), d.name)
	entries, err := fs.ReadDir(m.FS, dir)
	if err != nil {
		return nil, fmt.Errorf("%s: migrations of %s: %w", m.Prefix, d.name, err)
	}
	var out []Migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || !strings.HasSuffix(e.Name(), ".sql") {
			return nil, fmt.Errorf("%s: migration file %q is not NNNN_name.sql", m.Prefix, e.Name())
		}
		b, err := fs.ReadFile(m.FS, path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		out = append(out, Migration{Version: v, Name: e.Name(), SQL: string(b)})
	}
	slices.SortFunc(out, func(a, b Migration) int { return a.Version - b.Version })
	return out, nil
}

// Migrate applies the migrations of dialect d that db does not have yet,
// each in its own transaction, and returns the schema version reached. It is
// safe to call from several processes at once (see the package doc).
func (m *Migrator) Migrate(ctx context.Context, db *sql.DB, d Dialect) (int, error) {
	ms, err := m.Migrations(d)
	if err != nil {
		return 0, err
	}
	if err := m.createTable(ctx, db, d); err != nil {
		return 0, fmt.Errorf("%s: migrate: %w", m.Prefix, err)
	}
	reached := 0
	for _, mg := range ms {
		if err := m.applyOne(ctx, db, d, mg); err != nil {
			return reached, fmt.Errorf("%s: migration %s: %w", m.Prefix, mg.Name, err)
		}
		reached = mg.Version
	}
	return reached, nil
}

// createTable creates the migrations table if it does not exist. On
// PostgreSQL it holds the advisory lock meanwhile: concurrent CREATE TABLE IF
// NOT EXISTS of one table can fail there with a unique violation.
func (m *Migrator) createTable(ctx context.Context, db *sql.DB, d Dialect) error {
	return m.lockedTx(ctx, db, d, "", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS `+m.Table+` (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`)
		return err
	})
}

func (m *Migrator) applyOne(ctx context.Context, db *sql.DB, d Dialect, mg Migration) error {
	// On SQLite a write first, so that this transaction holds the write
	// lock before it reads the version.
	return m.lockedTx(ctx, db, d, `DELETE FROM `+m.Table+` WHERE version < 0`, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, d.Rebind(`SELECT count(*) FROM `+m.Table+` WHERE version = ?`), mg.Version).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
		if _, err := tx.ExecContext(ctx, mg.SQL); err != nil {
			return err
		}
		now := time.Now
		if m.Now != nil {
			now = m.Now
		}
		_, err := tx.ExecContext(ctx, d.Rebind(`INSERT INTO `+m.Table+` (version, name, applied_at) VALUES (?, ?, ?)`),
			mg.Version, mg.Name, now().UTC().Format(TimeLayout))
		return err
	})
}

// lockedTx runs fn in a transaction that first takes the Migrator's
// advisory lock on PostgreSQL, or runs sqliteFirst (if not empty) on SQLite,
// and commits if fn succeeds; otherwise it rolls back.
func (m *Migrator) lockedTx(ctx context.Context, db *sql.DB, d Dialect, sqliteFirst string, fn func(*sql.Tx) error) error {
	return InTx(ctx, db, func(tx *sql.Tx) error {
		var err error
		if d == Postgres {
			_, err = tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, m.LockKey)
		} else if sqliteFirst != "" {
			_, err = tx.ExecContext(ctx, sqliteFirst)
		}
		if err != nil {
			return err
		}
		return fn(tx)
	})
}

// Version returns the highest migration applied to db, 0 for an empty
// database. The migrations table must exist (Migrate creates it).
func (m *Migrator) Version(ctx context.Context, db *sql.DB) (int, error) {
	if err := m.validate(); err != nil {
		return 0, err
	}
	var v sql.NullInt64
	if err := db.QueryRowContext(ctx, `SELECT max(version) FROM `+m.Table).Scan(&v); err != nil {
		return 0, fmt.Errorf("%s: version: %w", m.Prefix, err)
	}
	return int(v.Int64), nil
}
