// Package dbtest opens throwaway databases for the tests of wismo's SQL
// stores: a fresh SQLite file or a fresh PostgreSQL schema per test, closed
// and dropped when the test ends. It is test support: import it only from
// _test.go files (a test of this package checks that nothing else does). It
// registers the drivers the tests use, pgx's stdlib ("pgx") and
// modernc.org/sqlite ("sqlite").
//
// # PostgreSQL
//
// The PostgreSQL helpers read WISMO_POSTGRES_URL, for example
// postgres://postgres@127.0.0.1:5432/test?sslmode=disable. Without it the
// test skips, unless WISMO_REQUIRE_SERVICES is set (as CI does), where a
// missing server is a failure. Each call creates a schema of its own,
// returns a pool whose search_path is that schema, and drops the schema with
// CASCADE in t.Cleanup, so tests run in parallel and leave nothing behind.
//
//	db := dbtest.OpenPostgres(t, dbtest.Config{SchemaPrefix: "wismo_returns_test_"})
//	st, err := sqlstore.New(db, sqlstore.Postgres, sqlstore.Config{})
//
// # SQLite
//
// OpenSQLite opens a new file in t.TempDir() with a busy timeout, WAL,
// foreign keys, immediate transactions and a single connection (SQLite has
// one writer at a time).
package dbtest
