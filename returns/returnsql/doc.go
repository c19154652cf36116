// Package returnsql is a returns/store.Store on database/sql for PostgreSQL and
// SQLite. It imports no driver: the host opens the *sql.DB with the driver
// of its choice (pgx's stdlib, modernc.org/sqlite, ...) and names the
// dialect.
//
// # Dialects
//
// Dialect is the same type as tracking/sqlstore's (both are aliases of one
// internal type), so returnsql.Postgres and sqlstore.Postgres (and the two
// SQLite values) work with both stores, and both share one migration runner.
// The package is named returnsql, not sqlstore, so that a host imports both
// stores without an alias.
//
// # Schema
//
// One table, wismo_return, holds each return as JSON next to the columns
// the queries need (state, active, shipment and customer ids, version).
// Migrate applies the embedded migrations and records them in
// wismo_returns_schema_migrations, separate from the tracking store's, so
// both stores can share one database.
//
// # Concurrency
//
// Update is an optimistic write, UPDATE ... WHERE version = ?: a writer that
// read an older version gets store.ErrConflict and nothing is written, so
// several processes can share the database. On SQLite use one connection
// (db.SetMaxOpenConns(1)) or a busy timeout: SQLite has one writer at a time.
package returnsql
