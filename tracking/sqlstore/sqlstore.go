package sqlstore

import (
	"cmp"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/wismo-dev/wismo/internal/sqldb"
	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/tracking/store"
)

// Dialect is the SQL dialect of the database behind the *sql.DB. It is an
// alias of the dialect type returns/returnsql uses too, so Postgres and SQLite
// of either package work with both stores. Its Rebind method turns the ?
// placeholders of a query into $1, $2, ... for PostgreSQL.
type Dialect = sqldb.Dialect

// The supported dialects.
var (
	// Postgres is PostgreSQL 12 or later, through any database/sql driver
	// (for example pgx's stdlib).
	Postgres = sqldb.Postgres
	// SQLite is SQLite 3.35 or later (RETURNING), through any database/sql
	// driver (for example modernc.org/sqlite).
	SQLite = sqldb.SQLite
)

// ErrNotMigrated is what the store's errors wrap when its tables are
// missing: run Migrate (or apply Migrations) before use. It is the same
// value in tracking/sqlstore and returns/returnsql.
var ErrNotMigrated = sqldb.ErrNotMigrated

// Config configures a Store.
type Config struct {
	// Now is the clock used for migration records. Defaults to time.Now. The
	// store's queries take their time from the params the tracking package
	// passes, never from this clock or the database's.
	Now func() time.Time
}

// Store is a store.Store on database/sql. It is safe for concurrent use and,
// on PostgreSQL, for use by several processes sharing one database.
type Store struct {
	db  *sql.DB
	d   Dialect
	now func() time.Time
}

var _ store.Store = (*Store)(nil)

// New returns a Store on db, which the host opened with a driver of dialect
// d. New refuses a driver known to speak the other dialect (pgx or
// lib/pq with SQLite, a SQLite driver with Postgres). Call Migrate before
// first use: until then the store's errors wrap ErrNotMigrated. On SQLite,
// use a single connection (db.SetMaxOpenConns(1)) or a busy timeout:
// SQLite has one writer at a time.
func New(db *sql.DB, d Dialect, cfg Config) (*Store, error) {
	if err := sqldb.CheckDB(db, d, "sqlstore"); err != nil {
		return nil, fmt.Errorf("sqlstore: %w", err)
	}
	return &Store{db: db, d: d, now: cfg.Now}, nil
}

// DB returns the database the store uses.
func (s *Store) DB() *sql.DB { return s.db }

const shipmentCols = `id, order_id, carrier, tracking_number, recipient, promised_by, time_zone,
	service, origin, destination, metadata, created_at, state, reason, milestone, eta, active,
	due_at, memo, version, lease_owner, lease_until,
	sub_state, sub_id, sub_since, sub_expires_at, sub_next_at, sub_attempts, sub_error,
	updated_ns, action_required, not_found, cancelled_at, cancel_reason`

func scanShipment(r sqldb.Scanner) (*store.Shipment, error) {
	var (
		sh                     store.Shipment
		recipient, metadata    string
		promised, created, eta string
		due                    sql.NullInt64
		leaseUntil             int64
		memo                   []byte
		subSince, subExpires   string
		subNext, updated       int64
		cancelled              string
	)
	sub := &sh.Subscription
	err := r.Scan(&sh.ID, &sh.OrderID, &sh.Carrier, &sh.TrackingNumber, &recipient, &promised, &sh.TimeZone,
		&sh.Service, &sh.Origin, &sh.Destination, &metadata, &created, &sh.State, &sh.Reason, &sh.Milestone, &eta,
		&sh.Active, &due, &memo, &sh.Version, &sh.LeaseOwner, &leaseUntil,
		&sub.State, &sub.ID, &subSince, &subExpires, &subNext, &sub.Attempts, &sub.LastError,
		&updated, &sh.ActionRequired, &sh.NotFound, &cancelled, &sh.CancelReason)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(recipient), &sh.Recipient); err != nil {
		return nil, fmt.Errorf("shipment %s: recipient: %w", sh.ID, err)
	}
	if metadata != "" && metadata != "null" && metadata != "{}" {
		if err := json.Unmarshal([]byte(metadata), &sh.Metadata); err != nil {
			return nil, fmt.Errorf("shipment %s: metadata: %w", sh.ID, err)
		}
	}
	for _, f := range []struct {
		dst *time.Time
		src string
	}{{&sh.PromisedBy, promised}, {&sh.CreatedAt, created}, {&sh.ETA, eta}, {&sub.Since, subSince}, {&sub.ExpiresAt, subExpires}, {&sh.CancelledAt, cancelled}} {
		t, err := sqldb.ParseTime(f.src)
		if err != nil {
			return nil, fmt.Errorf("shipment %s: %w", sh.ID, err)
		}
		*f.dst = t
	}
	if due.Valid {
		sh.DueAt = sqldb.FromNanos(due.Int64)
	}
	sh.LeaseUntil = sqldb.FromNanos(leaseUntil)
	sub.NextAttemptAt = sqldb.FromNanos(subNext)
	sh.UpdatedAt = sqldb.FromNanos(updated)
	if len(memo) > 0 {
		sh.Memo = memo
	}
	return &sh, nil
}

// CreateShipment implements store.Store.
func (s *Store) CreateShipment(ctx context.Context, sh *store.Shipment) (_ bool, err error) {
	defer sqldb.NotMigrated(&err)
	if sh == nil || sh.ID == "" {
		return false, errors.New("sqlstore: create shipment: empty ID")
	}
	recipient, err := sqldb.JSON(sh.Recipient)
	if err != nil {
		return false, fmt.Errorf("sqlstore: create shipment %s: %w", sh.ID, err)
	}
	metadata, err := sqldb.JSON(sh.Metadata)
	if err != nil {
		return false, fmt.Errorf("sqlstore: create shipment %s: %w", sh.ID, err)
	}
	n, err := sqldb.Exec(ctx, s.db, s.d.Rebind(`INSERT INTO wismo_shipment (id, order_id, carrier, tracking_number,
		recipient_id, recipient, promised_by, time_zone, service, origin, destination, metadata, created_at,
		state, reason, milestone, eta, active, due_at, memo, version, lease_owner, lease_until,
		sub_state, sub_id, sub_since, sub_expires_at, sub_next_at, sub_attempts, sub_error,
		updated_ns, action_required, not_found, cancelled_at, cancel_reason, created_ns, email, number_key)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, '', 0, ?, ?, ?, ?, ?, ?, ?,
		?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO NOTHING`),
		slices.Concat([]any{sh.ID, clean(sh.OrderID), sh.Carrier, sh.TrackingNumber, sh.Recipient.ID, recipient, sqldb.FormatTime(sh.PromisedBy),
			sh.TimeZone, clean(sh.Service), clean(sh.Origin), clean(sh.Destination), metadata, sqldb.FormatTime(sh.CreatedAt), sh.State, sh.Reason,
			sh.Milestone, sqldb.FormatTime(sh.ETA), sh.Active, sqldb.NullNanos(sh.DueAt), sh.Memo}, subArgs(sh.Subscription),
			lifecycleArgs(sh, createdUpdatedAt(sh)), []any{sqldb.Nanos(sh.CreatedAt), store.EmailKey(sh.Recipient.Email), store.NumberKey(sh.TrackingNumber)})...)
	if err != nil {
		return false, fmt.Errorf("sqlstore: create shipment %s: %w", sh.ID, err)
	}
	return n == 1, nil
}

// GetShipment implements store.Store.
func (s *Store) GetShipment(ctx context.Context, id string) (_ *store.Shipment, err error) {
	defer sqldb.NotMigrated(&err)
	if !store.IsCleanText(id) {
		return nil, unknownKey(id)
	}
	sh, err := scanShipment(s.db.QueryRowContext(ctx, s.d.Rebind(`SELECT `+shipmentCols+` FROM wismo_shipment WHERE id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("sqlstore: shipment %q: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("sqlstore: get shipment %q: %w", id, err)
	}
	return sh, nil
}

func (s *Store) queryShipments(ctx context.Context, q sqldb.Querier, query string, args ...any) ([]*store.Shipment, error) {
	return sqldb.Query(ctx, q, s.d.Rebind(query), args, scanShipment)
}

// FindByTrackingNumber implements store.Store.
func (s *Store) FindByTrackingNumber(ctx context.Context, carrier, number string) (_ []*store.Shipment, err error) {
	defer sqldb.NotMigrated(&err)
	if !store.IsCleanText(carrier) || !store.IsCleanText(number) {
		return nil, nil // no shipment has such a key
	}
	out, err := s.queryShipments(ctx, s.db, `SELECT `+shipmentCols+` FROM wismo_shipment
		WHERE carrier = ? AND tracking_number = ? ORDER BY id`, carrier, number)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: find %s %s: %w", carrier, number, err)
	}
	return out, nil
}

// unknownKey is the error for a shipment ID that is not clean text: the
// Service never stores one, and PostgreSQL would refuse the query over a
// NUL, so the answer is "not found" without asking.
func unknownKey(id string) error {
	return fmt.Errorf("sqlstore: shipment %q: %w", store.CleanText(id), store.ErrNotFound)
}

// clean is store.CleanText: the tracking Service writes clean text only
// (see store.Store), but a host writing to the store itself must not find a
// NUL byte refused by PostgreSQL, so free text is cleaned here as well (keys
// are not: a key that cannot be stored is an error).
func clean(s string) string { return store.CleanText(s) }

// scanKey is the stored form of store.ScanKey: a hash, so that long
// descriptions never exceed an index entry's size.
func scanKey(sc store.Scan) string {
	k := sc.Key()
	h := sha256.New()
	h.Write(strconv.AppendInt(nil, k.Time, 10))
	for _, p := range []string{k.Code, k.Description, k.Location} {
		h.Write([]byte{0})
		h.Write([]byte(p))
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// Scans implements store.Store.
func (s *Store) Scans(ctx context.Context, id string) (_ []store.Scan, err error) {
	defer sqldb.NotMigrated(&err)
	if !store.IsCleanText(id) {
		return nil, unknownKey(id)
	}
	out, err := sqldb.Query(ctx, s.db, s.d.Rebind(`SELECT `+scanCols+` FROM wismo_scan WHERE shipment_id = ?
		ORDER BY time_ns, code, description, location`), []any{id}, func(r sqldb.Scanner) (store.Scan, error) {
		return scanScan(r)
	})
	if err != nil {
		return nil, fmt.Errorf("sqlstore: scans of %q: %w", id, err)
	}
	if len(out) == 0 {
		// No scans: tell an unknown shipment from one without scans (the
		// common case, shipments with scans, needs no second query).
		if err := s.exists(ctx, s.db, id); err != nil {
			return nil, err
		}
	}
	return out, nil
}

const scanCols = `time_text, local_time, carrier, code, description, location, milestone, detail,
	action_required, seen_at`

// scanScan reads the scanCols of a row, after the columns before (if any).
func scanScan(r sqldb.Scanner, before ...any) (store.Scan, error) {
	var (
		sc       store.Scan
		at, seen string
	)
	err := r.Scan(append(before, &at, &sc.LocalTime, &sc.Carrier, &sc.Code, &sc.Description, &sc.Location,
		&sc.Milestone, &sc.Detail, &sc.ActionRequired, &seen)...)
	if err != nil {
		return sc, err
	}
	if sc.Time, err = sqldb.ParseTime(at); err != nil {
		return sc, err
	}
	sc.SeenAt, err = sqldb.ParseTime(seen)
	return sc, err
}

func (s *Store) exists(ctx context.Context, q sqldb.Querier, id string) error {
	var one int
	err := q.QueryRowContext(ctx, s.d.Rebind(`SELECT 1 FROM wismo_shipment WHERE id = ?`), id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("sqlstore: shipment %q: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("sqlstore: shipment %q: %w", id, err)
	}
	return nil
}

// insertScans adds the scans not stored yet, in one multi-row statement per
// chunk, and returns how many it added.
func (s *Store) insertScans(ctx context.Context, tx sqldb.Querier, id string, scans []store.Scan) (int, error) {
	const cols = 13
	added := 0
	for chunk := range slices.Chunk(scans, 500) {
		var q strings.Builder
		q.WriteString(`INSERT INTO wismo_scan (shipment_id, scan_key, time_ns, time_text, local_time, carrier, code,
			description, location, milestone, detail, action_required, seen_at) VALUES `)
		args := make([]any, 0, len(chunk)*cols)
		for i, sc := range chunk {
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			args = append(args, id, scanKey(sc), sc.Time.UnixNano(), sqldb.FormatTime(sc.Time), sc.LocalTime,
				clean(sc.Carrier), clean(sc.Code), clean(sc.Description), clean(sc.Location), clean(sc.Milestone), clean(sc.Detail),
				sc.ActionRequired, sqldb.FormatTime(sc.SeenAt))
		}
		q.WriteString(" ON CONFLICT (shipment_id, scan_key) DO NOTHING")
		n, err := sqldb.Exec(ctx, tx, s.d.Rebind(q.String()), args...)
		if err != nil {
			return 0, err
		}
		added += int(n)
	}
	return added, nil
}

// lockShipment takes the shipment's row lock first thing in a transaction
// (on SQLite, the database write lock), so concurrent writers queue instead
// of deadlocking, and returns its version.
func (s *Store) lockShipment(ctx context.Context, tx *sql.Tx, id string) (int64, error) {
	var v int64
	err := tx.QueryRowContext(ctx, s.d.Rebind(`UPDATE wismo_shipment SET version = version WHERE id = ? RETURNING version`), id).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("sqlstore: shipment %q: %w", id, store.ErrNotFound)
	}
	return v, err
}

// AppendScans implements store.Store.
func (s *Store) AppendScans(ctx context.Context, id string, scans []store.Scan) (_ int, err error) {
	defer sqldb.NotMigrated(&err)
	var added int
	err = sqldb.InTx(ctx, s.db, func(tx *sql.Tx) error {
		if _, err := s.lockShipment(ctx, tx, id); err != nil {
			return err
		}
		var err error
		if added, err = s.insertScans(ctx, tx, id, scans); err != nil {
			return err
		}
		if added > 0 {
			_, err = tx.ExecContext(ctx, s.d.Rebind(`UPDATE wismo_shipment SET version = version + 1 WHERE id = ?`), id)
		}
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("sqlstore: append scans to %q: %w", id, err)
	}
	return added, nil
}

// UpdateShipment implements store.Store.
func (s *Store) UpdateShipment(ctx context.Context, p store.UpdateParams) (_ int64, err error) {
	defer sqldb.NotMigrated(&err)
	sh := p.Shipment
	if sh == nil {
		return 0, errors.New("sqlstore: update shipment: nil shipment")
	}
	for _, m := range p.Outbox {
		if m.Message.ID == "" {
			return 0, errors.New("sqlstore: update shipment: outbox message without ID")
		}
	}
	for _, ev := range p.Events {
		if ev.ID == "" {
			return 0, errors.New("sqlstore: update shipment: event without ID")
		}
	}
	recipient, err := sqldb.JSON(sh.Recipient)
	if err != nil {
		return 0, fmt.Errorf("sqlstore: update shipment %s: %w", sh.ID, err)
	}
	metadata, err := sqldb.JSON(sh.Metadata)
	if err != nil {
		return 0, fmt.Errorf("sqlstore: update shipment %s: %w", sh.ID, err)
	}
	var version int64
	err = sqldb.InTx(ctx, s.db, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, s.d.Rebind(`UPDATE wismo_shipment SET carrier = ?, tracking_number = ?, order_id = ?, recipient_id = ?, recipient = ?,
			promised_by = ?, time_zone = ?, service = ?, origin = ?, destination = ?, metadata = ?, state = ?, reason = ?,
			milestone = ?, eta = ?, active = ?, due_at = ?, memo = ?, version = version + 1,
			sub_state = ?, sub_id = ?, sub_since = ?, sub_expires_at = ?, sub_next_at = ?, sub_attempts = ?, sub_error = ?,
			updated_ns = ?, action_required = ?, not_found = ?, cancelled_at = ?, cancel_reason = ?, email = ?, number_key = ?,
			lease_owner = CASE WHEN ? <> '' AND lease_owner = ? THEN '' ELSE lease_owner END,
			lease_until = CASE WHEN ? <> '' AND lease_owner = ? THEN 0 ELSE lease_until END
			WHERE id = ? AND version = ? RETURNING version`),
			slices.Concat([]any{sh.Carrier, sh.TrackingNumber, clean(sh.OrderID), sh.Recipient.ID, recipient, sqldb.FormatTime(sh.PromisedBy), sh.TimeZone, clean(sh.Service), clean(sh.Origin),
				clean(sh.Destination), metadata, sh.State, sh.Reason, sh.Milestone, sqldb.FormatTime(sh.ETA), sh.Active, sqldb.NullNanos(sh.DueAt),
				sh.Memo}, subArgs(sh.Subscription), lifecycleArgs(sh, sh.UpdatedAt), []any{store.EmailKey(sh.Recipient.Email), store.NumberKey(sh.TrackingNumber), p.ReleaseLease, p.ReleaseLease, p.ReleaseLease, p.ReleaseLease, sh.ID, sh.Version})...).Scan(&version)
		if errors.Is(err, sql.ErrNoRows) {
			// Either the shipment does not exist or another writer moved its
			// version on (on PostgreSQL the UPDATE waited for that writer's
			// row lock and re-checked the version).
			if err := s.exists(ctx, tx, sh.ID); err != nil {
				return err
			}
			return fmt.Errorf("sqlstore: shipment %q is no longer at version %d: %w", sh.ID, sh.Version, store.ErrConflict)
		}
		if err != nil {
			return err
		}
		if _, err := s.insertScans(ctx, tx, sh.ID, p.Scans); err != nil {
			return err
		}
		if err := s.insertOutbox(ctx, tx, p.Outbox); err != nil {
			return err
		}
		// Events last: their counter's lock is held until the commit.
		return s.insertEvents(ctx, tx, p.Events)
	})
	if err != nil {
		if errors.Is(err, store.ErrConflict) || errors.Is(err, store.ErrNotFound) {
			return 0, err
		}
		return 0, fmt.Errorf("sqlstore: update shipment %q: %w", sh.ID, err)
	}
	return version, nil
}

func (s *Store) insertOutbox(ctx context.Context, tx sqldb.Querier, ms []store.OutboxMessage) error {
	// Seq is the insertion order: a sequence on PostgreSQL; on SQLite, whose
	// single writer holds the database lock here, the next number.
	seq := ""
	if s.d == SQLite {
		seq = `, (SELECT coalesce(max(seq), 0) + 1 FROM wismo_outbox)`
	}
	q := s.d.Rebind(`INSERT INTO wismo_outbox (id, shipment_id, recipient_id, message, status, attempts,
		next_attempt_at, last_error, sent_at, lease_owner, lease_until, kind, dead_at` + ifSQLite(s.d, ", seq") + `)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '', 0, ?, ?` + seq + `) ON CONFLICT (id) DO NOTHING`)
	for _, m := range ms {
		body, err := json.Marshal(m.Message)
		if err != nil {
			return fmt.Errorf("outbox message %s: %w", m.Message.ID, err)
		}
		status := m.Status
		if status == "" {
			status = store.OutboxPending
		}
		if _, err := tx.ExecContext(ctx, q, m.Message.ID, m.Message.ShipmentID, m.Message.Recipient.ID, string(body),
			string(status), m.Attempts, sqldb.Nanos(m.NextAttemptAt), clean(m.LastError), sqldb.FormatTime(m.SentAt),
			string(m.Message.Kind), sqldb.Nanos(m.DeadAt)); err != nil {
			return err
		}
	}
	return nil
}

func ifSQLite(d Dialect, s string) string {
	if d == SQLite {
		return s
	}
	return ""
}

func validClaim(op string, max int, owner string, leaseFor time.Duration) error {
	if max <= 0 || owner == "" || leaseFor <= 0 {
		return fmt.Errorf("sqlstore: %s: Max, Owner and LeaseFor are required", op)
	}
	return nil
}

// ClaimDue implements store.Store. On PostgreSQL it selects the due rows
// FOR UPDATE SKIP LOCKED and leases them in the same statement, so
// concurrent claimers never wait for or take each other's rows; on SQLite the
// single UPDATE ... RETURNING runs under the database's one write lock.
func (s *Store) ClaimDue(ctx context.Context, p store.ClaimDueParams) (_ []*store.Shipment, err error) {
	defer sqldb.NotMigrated(&err)
	if err := validClaim("claim due", p.Max, p.Owner, p.LeaseFor); err != nil {
		return nil, err
	}
	now := p.Now.UnixNano()
	var q string
	if s.d == Postgres {
		q = `WITH due AS (
			SELECT id FROM wismo_shipment
			WHERE due_at IS NOT NULL AND due_at <= ? AND (lease_owner = '' OR lease_until <= ?)
			ORDER BY due_at, id LIMIT ? FOR UPDATE SKIP LOCKED)
		UPDATE wismo_shipment AS s SET lease_owner = ?, lease_until = ?
		FROM due WHERE s.id = due.id RETURNING ` + prefixed("s.", shipmentCols)
	} else {
		q = `UPDATE wismo_shipment SET lease_owner = ?4, lease_until = ?5 WHERE id IN (
			SELECT id FROM wismo_shipment
			WHERE due_at IS NOT NULL AND due_at <= ?1 AND (lease_owner = '' OR lease_until <= ?2)
			ORDER BY due_at, id LIMIT ?3) RETURNING ` + shipmentCols
	}
	out, err := s.queryShipments(ctx, s.db, q, now, now, p.Max, p.Owner, p.Now.Add(p.LeaseFor).UnixNano())
	if err != nil {
		return nil, fmt.Errorf("sqlstore: claim due: %w", err)
	}
	slices.SortFunc(out, func(a, b *store.Shipment) int {
		if c := a.DueAt.Compare(b.DueAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out, nil
}

// createdUpdatedAt is the UpdatedAt CreateShipment stores: CreatedAt when
// it is zero.
func createdUpdatedAt(sh *store.Shipment) time.Time {
	if sh.UpdatedAt.IsZero() {
		return sh.CreatedAt
	}
	return sh.UpdatedAt
}

// lifecycleArgs are the values of updated_ns, action_required, not_found,
// cancelled_at and cancel_reason, in shipmentCols' order.
func lifecycleArgs(sh *store.Shipment, updated time.Time) []any {
	return []any{sqldb.Nanos(updated), sh.ActionRequired, sh.NotFound, sqldb.FormatTime(sh.CancelledAt), clean(sh.CancelReason)}
}

// subArgs are the values of the sub_* columns, in shipmentCols' order.
func subArgs(sub store.Subscription) []any {
	return []any{clean(sub.State), clean(sub.ID), sqldb.FormatTime(sub.Since), sqldb.FormatTime(sub.ExpiresAt),
		sqldb.Nanos(sub.NextAttemptAt), sub.Attempts, clean(sub.LastError)}
}

func prefixed(prefix, cols string) string {
	parts := strings.Split(cols, ",")
	for i, p := range parts {
		parts[i] = prefix + strings.TrimSpace(p)
	}
	return strings.Join(parts, ", ")
}

const outboxCols = `message, seq, status, attempts, next_attempt_at, last_error, sent_at, lease_owner, lease_until, dead_at`

func scanOutbox(r sqldb.Scanner) (store.OutboxMessage, error) {
	var (
		m                  store.OutboxMessage
		body, status, sent string
		next, leaseUntil   int64
		dead               int64
	)
	if err := r.Scan(&body, &m.Seq, &status, &m.Attempts, &next, &m.LastError, &sent, &m.LeaseOwner, &leaseUntil, &dead); err != nil {
		return m, err
	}
	if err := json.Unmarshal([]byte(body), &m.Message); err != nil {
		return m, fmt.Errorf("outbox message: %w", err)
	}
	m.Status = store.OutboxStatus(status)
	m.NextAttemptAt = sqldb.FromNanos(next)
	m.LeaseUntil = sqldb.FromNanos(leaseUntil)
	m.DeadAt = sqldb.FromNanos(dead)
	var err error
	m.SentAt, err = sqldb.ParseTime(sent)
	return m, err
}

// ClaimOutbox implements store.Store, with the same locking as ClaimDue.
func (s *Store) ClaimOutbox(ctx context.Context, p store.ClaimOutboxParams) (_ []store.OutboxMessage, err error) {
	defer sqldb.NotMigrated(&err)
	if err := validClaim("claim outbox", p.Max, p.Owner, p.LeaseFor); err != nil {
		return nil, err
	}
	now := p.Now.UnixNano()
	var q string
	if s.d == Postgres {
		q = `WITH due AS (
			SELECT id FROM wismo_outbox
			WHERE status = 'pending' AND next_attempt_at <= ? AND (lease_owner = '' OR lease_until <= ?)
			ORDER BY next_attempt_at, seq LIMIT ? FOR UPDATE SKIP LOCKED)
		UPDATE wismo_outbox AS o SET lease_owner = ?, lease_until = ?
		FROM due WHERE o.id = due.id RETURNING ` + prefixed("o.", outboxCols)
	} else {
		q = `UPDATE wismo_outbox SET lease_owner = ?4, lease_until = ?5 WHERE id IN (
			SELECT id FROM wismo_outbox
			WHERE status = 'pending' AND next_attempt_at <= ?1 AND (lease_owner = '' OR lease_until <= ?2)
			ORDER BY next_attempt_at, seq LIMIT ?3) RETURNING ` + outboxCols
	}
	out, err := sqldb.Query(ctx, s.db, s.d.Rebind(q), []any{now, now, p.Max, p.Owner, p.Now.Add(p.LeaseFor).UnixNano()}, scanOutbox)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: claim outbox: %w", err)
	}
	slices.SortFunc(out, func(a, b store.OutboxMessage) int {
		if c := a.NextAttemptAt.Compare(b.NextAttemptAt); c != 0 {
			return c
		}
		return cmp.Compare(a.Seq, b.Seq)
	})
	return out, nil
}

// AckOutbox implements store.Store. The stored message keeps its text (a
// record of what the customer was told) until EraseCustomer removes it.
func (s *Store) AckOutbox(ctx context.Context, id string, sentAt time.Time) (err error) {
	defer sqldb.NotMigrated(&err)
	err = sqldb.InTx(ctx, s.db, func(tx *sql.Tx) error {
		var body string
		err := tx.QueryRowContext(ctx, s.d.Rebind(`UPDATE wismo_outbox SET status = 'sent', sent_at = ?,
			lease_owner = '', lease_until = 0 WHERE id = ? RETURNING message`), sqldb.FormatTime(sentAt), id).Scan(&body)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("sqlstore: outbox message %q: %w", id, store.ErrNotFound)
		}
		if err != nil {
			return err
		}
		return s.messageEvent(ctx, tx, store.EventMessageSent, body, sentAt)
	})
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("sqlstore: ack %q: %w", id, err)
	}
	return err
}

// messageEvent appends the event store.MessageEvent builds for the stored
// message body.
func (s *Store) messageEvent(ctx context.Context, tx *sql.Tx, typ, body string, at time.Time) error {
	var m notify.Message
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		return fmt.Errorf("outbox message: %w", err)
	}
	return s.insertEvents(ctx, tx, []store.Event{store.MessageEvent(typ, m, at)})
}

// RetryOutbox implements store.Store.
func (s *Store) RetryOutbox(ctx context.Context, p store.RetryParams) (err error) {
	defer sqldb.NotMigrated(&err)
	status := string(store.OutboxPending)
	if p.Dead {
		status = string(store.OutboxDead)
	}
	var found bool
	err = sqldb.InTx(ctx, s.db, func(tx *sql.Tx) error {
		var body string
		err := tx.QueryRowContext(ctx, s.d.Rebind(`UPDATE wismo_outbox SET attempts = attempts + CASE WHEN ? THEN 0 ELSE 1 END, last_error = ?,
			status = ?, next_attempt_at = CASE WHEN ? THEN next_attempt_at ELSE ? END, lease_owner = '', lease_until = 0,
			dead_at = CASE WHEN ? THEN ? ELSE dead_at END
			WHERE id = ? AND status = 'pending' AND lease_owner = ? AND lease_owner <> '' RETURNING message`),
			p.Deferred, clean(p.LastError), status, p.Dead, sqldb.Nanos(p.NextAttemptAt), p.Dead, sqldb.Nanos(p.At), p.ID, p.Owner).Scan(&body)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		found = true
		if !p.Dead {
			return nil
		}
		return s.messageEvent(ctx, tx, store.EventMessageDead, body, p.At)
	})
	if err != nil {
		return fmt.Errorf("sqlstore: retry %q: %w", p.ID, err)
	}
	if found {
		return nil
	}
	var one int
	err = s.db.QueryRowContext(ctx, s.d.Rebind(`SELECT 1 FROM wismo_outbox WHERE id = ?`), p.ID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("sqlstore: outbox message %q: %w", p.ID, store.ErrNotFound)
	}
	return fmt.Errorf("sqlstore: outbox message %q is not leased to %q: %w", p.ID, p.Owner, store.ErrConflict)
}

var _ store.OutboxReader = (*Store)(nil)

// OutboxMessage implements store.OutboxReader.
func (s *Store) OutboxMessage(ctx context.Context, id string) (_ store.OutboxMessage, err error) {
	defer sqldb.NotMigrated(&err)
	m, err := scanOutbox(s.db.QueryRowContext(ctx, s.d.Rebind(`SELECT `+outboxCols+` FROM wismo_outbox WHERE id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) {
		return store.OutboxMessage{}, fmt.Errorf("sqlstore: outbox message %q: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return store.OutboxMessage{}, fmt.Errorf("sqlstore: outbox message %q: %w", id, err)
	}
	return m, nil
}

// EraseCustomer implements store.Store: in one transaction it blanks the
// name, email and phone of the customer's shipments, blanks the address,
// rendered text and last error of the customer's outbox messages (whatever
// their status: a channel's error may quote the address), and dead-letters
// the pending ones.
func (s *Store) EraseCustomer(ctx context.Context, customerID string) (_ int, err error) {
	defer sqldb.NotMigrated(&err)
	if customerID == "" {
		return 0, errors.New("sqlstore: erase customer: empty customer ID")
	}
	if !store.IsCleanText(customerID) {
		return 0, nil // no shipment has such a key
	}
	var n int
	err = sqldb.InTx(ctx, s.db, func(tx *sql.Tx) error {
		ships, err := s.queryShipments(ctx, tx, `SELECT `+shipmentCols+` FROM wismo_shipment WHERE recipient_id = ?`, customerID)
		if err != nil {
			return err
		}
		for _, sh := range ships {
			r := sh.Recipient
			r.Name, r.Email, r.Phone = "", "", ""
			body, err := sqldb.JSON(r)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, s.d.Rebind(`UPDATE wismo_shipment SET recipient = ?, version = version + 1 WHERE id = ?`),
				body, sh.ID); err != nil {
				return err
			}
		}
		n = len(ships)
		rows, err := tx.QueryContext(ctx, s.d.Rebind(`SELECT id, message FROM wismo_outbox WHERE recipient_id = ?`), customerID)
		if err != nil {
			return err
		}
		type erased struct{ id, body string }
		var msgs []erased
		for rows.Next() {
			var id, body string
			if err := rows.Scan(&id, &body); err != nil {
				rows.Close()
				return err
			}
			var m notify.Message
			if err := json.Unmarshal([]byte(body), &m); err != nil {
				rows.Close()
				return fmt.Errorf("outbox message %s: %w", id, err)
			}
			m.Recipient.Name, m.Recipient.Email, m.Recipient.Phone = "", "", ""
			m.Subject, m.Text, m.HTML = "", "", ""
			b, err := json.Marshal(m)
			if err != nil {
				rows.Close()
				return err
			}
			msgs = append(msgs, erased{id, string(b)})
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, m := range msgs {
			if _, err := tx.ExecContext(ctx, s.d.Rebind(`UPDATE wismo_outbox SET message = ?,
				last_error = CASE WHEN status = 'pending' THEN 'recipient erased' ELSE '' END,
				status = CASE WHEN status = 'pending' THEN 'dead' ELSE status END,
				lease_owner = '', lease_until = 0 WHERE id = ?`), m.body, m.id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("sqlstore: erase customer: %w", err)
	}
	return n, nil
}
