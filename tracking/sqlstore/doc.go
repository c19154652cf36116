// Package sqlstore is the tracking store on database/sql, for PostgreSQL and
// SQLite. The library imports no driver: the host opens the database with
// the driver of its choice and passes the *sql.DB and its Dialect.
//
// # Setup
//
//	db, err := sql.Open("pgx", os.Getenv("DATABASE_URL")) // github.com/jackc/pgx/v5/stdlib
//	st, err := sqlstore.New(db, sqlstore.Postgres, sqlstore.Config{})
//	_, err = st.Migrate(ctx)
//	svc, err := tracking.New(tracking.Config{Store: st, ...})
//
// # Dialects
//
// Dialect is the same type as returns/returnsql's (both are aliases of one
// internal type), so sqlstore.Postgres and returnsql.Postgres (and the two
// SQLite values) work with both stores.
//
// # Migrations
//
// The schema lives in versioned SQL files embedded in the package
// (migrations/postgres, migrations/sqlite) and is applied by an explicit call
// to Migrate, never implicitly. Migrate records each applied version in
// wismo_schema_migrations and is safe to run from several processes at once:
// on PostgreSQL every migration runs in a transaction holding an advisory
// lock; on SQLite the transaction takes the database's write lock first.
//
// # Several replicas
//
// Processes sharing one PostgreSQL database never send a message twice and
// never lose an update:
//
//   - UpdateShipment writes the shipment's new state, its new scans and the
//     outbox messages the change causes in one transaction, and only if the
//     shipment's version is still the one the caller read (UPDATE ... WHERE
//     version = $v; otherwise store.ErrConflict and nothing is written).
//
//   - ClaimDue and ClaimOutbox lease rows with one statement: a CTE selects
//     the due rows ORDER BY due time LIMIT n FOR UPDATE SKIP LOCKED and an
//     UPDATE sets the lease owner and expiry. Concurrent claimers skip each
//     other's rows instead of waiting; an expired lease (a crashed process)
//     makes the rows claimable again.
//
//   - Scans are unique per shipment by a hash of their time, code,
//     description and location (INSERT ... ON CONFLICT DO NOTHING), so
//     webhook redeliveries and overlapping polls store each scan once.
//
//   - Events (store.Event) take their Seq from one counter row that the
//     writing transaction updates last and holds until it commits, so events
//     become visible in Seq order and a consumer following ListEvents with
//     its last Seq misses none, whatever the number of writers.
//
// SQLite has no SKIP LOCKED and one writer at a time: the same claims run as
// a single UPDATE ... RETURNING under its write lock. Open SQLite with a busy
// timeout and, for simplicity, one connection (db.SetMaxOpenConns(1)).
//
// # Time
//
// Instants the queries compare (due times, leases, next attempts) are stored
// as Unix nanoseconds and taken from the parameters the tracking package
// passes, so the host's clock, not the database's, decides what is due and
// tests can drive time by hand. Times whose zone matters (scan times,
// promises, estimates) are also kept as RFC 3339 text with their offset.
//
// # Indexes
//
// The due-shipment claim walks a partial index on (due_at, id) of the
// shipments that need work; the outbox claim a partial index on
// (next_attempt_at, seq) of pending messages. Delivered shipments and sent
// messages, the bulk of a shop's history, are not in either index. The
// package's PostgreSQL benchmark claims 100 due shipments out of a million.
//
// ListShipments orders by (updated_ns DESC, id) and pages by keyset (the
// last page's UpdatedAt and ID), never by OFFSET; migration 0004 indexes
// that order alone and after state, carrier and state, and order ID, so
// PostgreSQL walks an index in list order and stops after one page. IDs
// of shipments changed at the same instant are in the database's collation
// order (byte order under C or C.UTF-8, as memstore's), which the keyset
// condition uses too, so pages stay exact under any collation.
// BenchmarkListPostgres measures pages among 1,000,000 shipments (run it
// with go test -bench ListPostgres).
//
// # Conformance
//
// Both dialects pass tracking/storetest; the PostgreSQL tests run when
// WISMO_POSTGRES_URL is set.
package sqlstore
