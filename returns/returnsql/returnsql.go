package returnsql

import (
	"context"
	"database/sql"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/wismo-dev/wismo/internal/sqldb"
	"github.com/wismo-dev/wismo/returns/store"
	tstore "github.com/wismo-dev/wismo/tracking/store"
)

// Dialect is the SQL dialect of the database behind the *sql.DB. It is an
// alias of tracking/sqlstore.Dialect, so Postgres and SQLite of either
// package work with both stores.
type Dialect = sqldb.Dialect

// The supported dialects, the same values as tracking/sqlstore's.
var (
	// Postgres is PostgreSQL 12 or later, through any database/sql driver.
	Postgres = sqldb.Postgres
	// SQLite is SQLite 3.35 or later, through any database/sql driver.
	SQLite = sqldb.SQLite
)

// ErrNotMigrated is what the store's errors wrap when its tables are
// missing: run Migrate (or apply Migrations) before use. It is the same
// value in tracking/sqlstore and returns/returnsql.
var ErrNotMigrated = sqldb.ErrNotMigrated

// Config configures a Store.
type Config struct {
	// Now is the clock of the migration records. Defaults to time.Now.
	Now func() time.Time
}

// Store is a returns/store.Store on database/sql. It is safe for concurrent use
// and, on PostgreSQL, for several processes sharing one database.
type Store struct {
	db  *sql.DB
	d   Dialect
	now func() time.Time
}

var _ store.Store = (*Store)(nil)

// New returns a Store on db, opened by the host with a driver of dialect d.
// New refuses a driver known to speak the other dialect (pgx or lib/pq
// with SQLite, a SQLite driver with Postgres). Call Migrate before first
// use: until then the store's errors wrap ErrNotMigrated.
func New(db *sql.DB, d Dialect, cfg Config) (*Store, error) {
	if err := sqldb.CheckDB(db, d, "returnsql"); err != nil {
		return nil, fmt.Errorf("returnsql: %w", err)
	}
	return &Store{db: db, d: d, now: cfg.Now}, nil
}

// DB returns the database the store uses.
func (s *Store) DB() *sql.DB { return s.db }

// encode returns the JSON of r without its version, which has a column.
func encode(r *store.Return) (string, error) {
	c := *r
	c.Version = 0
	return sqldb.JSON(c)
}

func decode(data string, version int64) (*store.Return, error) {
	var r store.Return
	if err := json.Unmarshal([]byte(data), &r); err != nil {
		return nil, err
	}
	r.Version = version
	return &r, nil
}

// Create implements store.Store.
func (s *Store) Create(ctx context.Context, r *store.Return) (_ bool, err error) {
	defer sqldb.NotMigrated(&err)
	if r == nil || r.ID == "" {
		return false, fmt.Errorf("returnsql: create return: %w: empty ID", store.ErrInvalid)
	}
	data, err := encode(r)
	if err != nil {
		return false, fmt.Errorf("returnsql: create return %s: %w", r.ID, err)
	}
	n, err := sqldb.Exec(ctx, s.db, s.d.Rebind(`INSERT INTO wismo_return
		(id, order_id, shipment_id, customer_id, state, active, data, created_at, updated_at, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1) ON CONFLICT (id) DO NOTHING`),
		r.ID, r.OrderID, r.ShipmentID, r.Customer.ID, string(r.State), r.Active(), data, sqldb.Nanos(r.CreatedAt), sqldb.Nanos(r.UpdatedAt))
	if err != nil {
		return false, fmt.Errorf("returnsql: create return %s: %w", r.ID, err)
	}
	return n == 1, nil
}

// Get implements store.Store.
func (s *Store) Get(ctx context.Context, id string) (_ *store.Return, err error) {
	defer sqldb.NotMigrated(&err)
	if !tstore.IsCleanText(id) {
		// Return.Validate refuses such keys, so none is stored (and
		// PostgreSQL would refuse the query over a NUL).
		return nil, fmt.Errorf("returnsql: get return %q: %w", tstore.CleanText(id), store.ErrNotFound)
	}
	var (
		data    string
		version int64
	)
	err = s.db.QueryRowContext(ctx, s.d.Rebind(`SELECT data, version FROM wismo_return WHERE id = ?`), id).Scan(&data, &version)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("returnsql: get return %s: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("returnsql: get return %s: %w", id, err)
	}
	r, err := decode(data, version)
	if err != nil {
		return nil, fmt.Errorf("returnsql: get return %s: corrupt data: %w", id, err)
	}
	return r, nil
}

// Update implements store.Store.
func (s *Store) Update(ctx context.Context, r *store.Return) (_ int64, err error) {
	defer sqldb.NotMigrated(&err)
	if r == nil || r.ID == "" {
		return 0, fmt.Errorf("returnsql: update return: %w: empty ID", store.ErrInvalid)
	}
	data, err := encode(r)
	if err != nil {
		return 0, fmt.Errorf("returnsql: update return %s: %w", r.ID, err)
	}
	n, err := sqldb.Exec(ctx, s.db, s.d.Rebind(`UPDATE wismo_return SET order_id = ?, shipment_id = ?, customer_id = ?,
		state = ?, active = ?, data = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`),
		r.OrderID, r.ShipmentID, r.Customer.ID, string(r.State), r.Active(), data, sqldb.Nanos(r.UpdatedAt), r.ID, r.Version)
	if err != nil {
		return 0, fmt.Errorf("returnsql: update return %s: %w", r.ID, err)
	}
	if n == 1 {
		return r.Version + 1, nil
	}
	var stored int64
	err = s.db.QueryRowContext(ctx, s.d.Rebind(`SELECT version FROM wismo_return WHERE id = ?`), r.ID).Scan(&stored)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("returnsql: update return %s: %w", r.ID, store.ErrNotFound)
	}
	if err != nil {
		return 0, fmt.Errorf("returnsql: update return %s: %w", r.ID, err)
	}
	return 0, fmt.Errorf("returnsql: update return %s: version %d, stored %d: %w", r.ID, r.Version, stored, store.ErrConflict)
}

// ListActive implements store.Store.
func (s *Store) ListActive(ctx context.Context, p store.ListParams) (_ []*store.Return, err error) {
	defer sqldb.NotMigrated(&err)
	limit := p.Limit
	if limit <= 0 {
		limit = 100
	}
	return s.list(ctx, "list active returns", `SELECT id, data, version FROM wismo_return
		WHERE active = ? AND id > ? ORDER BY id LIMIT ?`, true, p.After, limit)
}

// ListByShipment implements store.Store.
func (s *Store) ListByShipment(ctx context.Context, shipmentID string) (_ []*store.Return, err error) {
	defer sqldb.NotMigrated(&err)
	if !tstore.IsCleanText(shipmentID) {
		return nil, nil // no stored return has such a key
	}
	return s.list(ctx, "list returns of shipment "+shipmentID,
		`SELECT id, data, version FROM wismo_return WHERE shipment_id = ? ORDER BY id`, shipmentID)
}

func (s *Store) list(ctx context.Context, what, q string, args ...any) ([]*store.Return, error) {
	out, err := sqldb.Query(ctx, s.db, s.d.Rebind(q), args, func(row sqldb.Scanner) (*store.Return, error) {
		var (
			id, data string
			version  int64
		)
		if err := row.Scan(&id, &data, &version); err != nil {
			return nil, err
		}
		r, err := decode(data, version)
		if err != nil {
			return nil, fmt.Errorf("return %s: corrupt data: %w", id, err)
		}
		return r, nil
	})
	if err != nil {
		return nil, fmt.Errorf("returnsql: %s: %w", what, err)
	}
	return out, nil
}

var _ store.CustomerEraser = (*Store)(nil)

// EraseCustomer implements store.CustomerEraser: it applies store.Erase
// to each of the customer's returns with an optimistic write, retrying a
// return another writer changed meanwhile.
func (s *Store) EraseCustomer(ctx context.Context, customerID string) (_ int, err error) {
	defer sqldb.NotMigrated(&err)
	if customerID == "" {
		return 0, fmt.Errorf("returnsql: erase customer: %w: empty customer id", store.ErrInvalid)
	}
	if !tstore.IsCleanText(customerID) {
		return 0, nil // no stored return has such a key
	}
	rs, err := s.list(ctx, "erase customer", `SELECT id, data, version FROM wismo_return WHERE customer_id = ? ORDER BY id`, customerID)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, r := range rs {
		for attempt := 0; ; attempt++ {
			e := store.Erase(*r)
			_, err := s.Update(ctx, &e)
			if err == nil {
				break
			}
			if !errors.Is(err, store.ErrConflict) || attempt >= 10 {
				return n, fmt.Errorf("returnsql: erase customer: %w", err)
			}
			if r, err = s.Get(ctx, r.ID); err != nil {
				return n, fmt.Errorf("returnsql: erase customer: %w", err)
			}
		}
		n++
	}
	return n, nil
}

//go:embed migrations
var migrationFS embed.FS

// Migration is one versioned schema step: Version, Name (the file name) and
// SQL.
type Migration = sqldb.Migration

// advisoryLockKey is the PostgreSQL advisory lock migrations take, so that
// processes starting at once apply each migration exactly once.
const advisoryLockKey = 0x77726574 // "wret"

// migrator applies the returns schema, recorded in
// wismo_returns_schema_migrations (apart from the tracking store's).
func migrator(now func() time.Time) *sqldb.Migrator {
	return &sqldb.Migrator{FS: migrationFS, Table: "wismo_returns_schema_migrations", LockKey: advisoryLockKey,
		Prefix: "returnsql", Now: now}
}

// Migrations returns the dialect's migrations in version order.
func Migrations(d Dialect) ([]Migration, error) {
	return migrator(nil).Migrations(d)
}

// Migrate applies the migrations the database does not have yet, each in
// its own transaction, and returns the schema version reached. It is safe
// to call from several processes at once (a transaction-scoped advisory
// lock on PostgreSQL, the write lock on SQLite).
func (s *Store) Migrate(ctx context.Context) (int, error) {
	return migrator(s.now).Migrate(ctx, s.db, s.d)
}
