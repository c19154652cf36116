// Package sqldb is the SQL plumbing the wismo stores on database/sql share
// (tracking/sqlstore and returns/returnsql): the dialect and its placeholder
// rebinding, the runner of embedded, versioned migrations, the encoding of
// times in columns and the few helpers their queries go through. It imports
// no driver.
//
// # Dialects
//
// A Dialect names the database behind a *sql.DB: Postgres or SQLite. Queries
// are written with ? placeholders and passed through Dialect.Rebind, which
// turns them into $1, $2, ... for PostgreSQL. The stores export Dialect as
// an alias of this type, so sqlstore.Postgres and returnsql.Postgres work with
// both.
//
// # Queries
//
// A store's statements run on a Querier, a *sql.DB or a *sql.Tx: InTx runs
// a function in a transaction and commits only if it succeeds, Exec returns
// the rows a statement affected, and Query reads every row of a query with
// one function of a Scanner (a *sql.Row or *sql.Rows), so a row is read the
// same way by a lookup and a listing. JSON is the text of a JSON column.
//
// # Migrations
//
// A Migrator applies the files NNNN_name.sql found under Dir/<dialect> of an
// fs.FS (usually an embed.FS), each in its own transaction, and records the
// applied versions in a table of its own, so that several stores can share
// one database without their schemas colliding. Migrate is safe to call from
// several processes at once: on PostgreSQL each transaction first takes the
// Migrator's transaction-scoped advisory lock; on SQLite it first writes to
// the migrations table, which takes the database's write lock before the
// version is read (no lock-upgrade deadlock between processes).
//
// # Times
//
// Instants that queries compare are stored as Unix nanoseconds (Nanos,
// FromNanos, NullNanos; 0 or NULL is the zero time); times whose zone
// matters as RFC 3339 text with their offset (FormatTime, ParseTime; "" is
// the zero time).
package sqldb
