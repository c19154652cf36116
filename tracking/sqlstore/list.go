package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/wismo-dev/wismo/internal/sqldb"
	"github.com/wismo-dev/wismo/tracking/store"
)

// where collects the conditions and arguments of a query.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

// in adds "col IN (?, ?, ...)" for values.
func (w *where) in(col string, values []string) {
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(values)), ", ")
	args := make([]any, len(values))
	for i, v := range values {
		args[i] = v
	}
	w.add(col+" IN ("+marks+")", args...)
}

func (w *where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// listQuery returns the SQL and arguments of ListShipments. Every filter is
// a condition on a column of wismo_shipment, so that PostgreSQL walks one of
// migration 0004's (…, updated_ns DESC, id) indexes in list order and stops
// after Limit rows; the keyset condition is written so that the walk starts
// at the key (updated_ns <= the key's) instead of filtering from the top.
func listQuery(p store.ListParams) (string, []any) {
	var w where
	if len(p.States) > 0 {
		w.in("state", p.States)
	}
	if len(p.Reasons) > 0 {
		w.in("reason", p.Reasons)
	}
	if p.Carrier != "" {
		w.add("carrier = ?", p.Carrier)
	}
	if p.OrderID != "" {
		w.add("order_id = ?", p.OrderID)
	}
	if p.RecipientID != "" {
		// recipient_id <> '' lets PostgreSQL use the partial index of 0001.
		w.add("recipient_id = ? AND recipient_id <> ''", p.RecipientID)
	}
	if p.Email != "" {
		w.add("email = ? AND email <> ''", store.EmailKey(p.Email))
	}
	if p.TrackingNumber != "" {
		w.add("number_key = ?", store.NumberKey(p.TrackingNumber))
	}
	if p.ActionRequired != nil {
		w.add("action_required = ?", *p.ActionRequired)
	}
	if p.NotFound != nil {
		// A bare column, as migration 0005's partial index is written.
		if *p.NotFound {
			w.add("not_found")
		} else {
			w.add("NOT not_found")
		}
	}
	for _, r := range []struct {
		cond string
		t    time.Time
	}{
		{"created_ns >= ?", p.CreatedAfter}, {"created_ns < ?", p.CreatedBefore},
		{"updated_ns >= ?", p.UpdatedAfter}, {"updated_ns < ?", p.UpdatedBefore},
	} {
		if !r.t.IsZero() {
			w.add(r.cond, r.t.UnixNano())
		}
	}
	if p.NeedsAttention {
		var alts []string
		var args []any
		if len(p.AttentionStates) > 0 {
			var sw where
			sw.in("state", p.AttentionStates)
			alts, args = append(alts, sw.conds[0]), sw.args
		}
		alts = append(alts, "action_required = ?", "not_found = ?",
			`EXISTS (SELECT 1 FROM wismo_outbox o WHERE o.shipment_id = wismo_shipment.id AND o.status = 'dead')`)
		args = append(args, true, true)
		w.add("("+strings.Join(alts, " OR ")+")", args...)
	}
	if p.AfterID != "" {
		k := sqldb.Nanos(p.AfterUpdatedAt)
		w.add("updated_ns <= ? AND (updated_ns < ? OR id > ?)", k, k, p.AfterID)
	}
	return `SELECT ` + shipmentCols + ` FROM wismo_shipment` + w.String() + ` ORDER BY updated_ns DESC, id LIMIT ?`,
		append(w.args, p.Limit)
}

// ListShipments implements store.Store.
func (s *Store) ListShipments(ctx context.Context, p store.ListParams) (_ []*store.Shipment, err error) {
	defer sqldb.NotMigrated(&err)
	if p.Limit <= 0 {
		return nil, errors.New("sqlstore: list shipments: Limit must be positive")
	}
	if !cleanKeys(slices.Concat(p.States, p.Reasons, p.AttentionStates,
		[]string{p.Carrier, p.OrderID, p.RecipientID, p.Email, p.TrackingNumber, p.AfterID})...) {
		return nil, nil // no stored shipment has such a key
	}
	q, args := listQuery(p)
	out, err := s.queryShipments(ctx, s.db, q, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list shipments: %w", err)
	}
	return out, nil
}

// insertEvents appends the events not stored yet (by ID) with the next
// numbers of wismo_counter's 'event' row, in two statements whatever their
// number. The row stays locked until tx commits, so no other writer's event
// becomes visible with a lower Seq after this one: a reader at Seq n never
// misses an event below n. Callers insert events last in their
// transaction, to hold the lock briefly. An ID already stored keeps its
// event and leaves its number unused: Seq grows, with gaps.
func (s *Store) insertEvents(ctx context.Context, tx sqldb.Querier, evs []store.Event) error {
	var fresh []store.Event
	seen := map[string]bool{}
	for _, ev := range evs {
		if !seen[ev.ID] {
			seen[ev.ID] = true
			fresh = append(fresh, ev)
		}
	}
	if len(fresh) == 0 {
		return nil
	}
	var last int64
	if err := tx.QueryRowContext(ctx, s.d.Rebind(`UPDATE wismo_counter SET value = value + ? WHERE name = 'event' RETURNING value`),
		len(fresh)).Scan(&last); err != nil {
		return fmt.Errorf("event counter: %w", err)
	}
	const cols = 7
	for first := 0; first < len(fresh); first += 500 {
		chunk := fresh[first:min(first+500, len(fresh))]
		var q strings.Builder
		q.WriteString(`INSERT INTO wismo_event (seq, id, type, shipment_id, order_id, at, data) VALUES `)
		args := make([]any, 0, len(chunk)*cols)
		for i, ev := range chunk {
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString("(?, ?, ?, ?, ?, ?, ?)")
			data := ev.Data
			if data == nil {
				data = []byte{}
			}
			seq := last - int64(len(fresh)) + 1 + int64(first+i)
			args = append(args, seq, ev.ID, clean(ev.Type), ev.ShipmentID, clean(ev.OrderID), sqldb.FormatTime(ev.At), data)
		}
		q.WriteString(" ON CONFLICT (id) DO NOTHING")
		if _, err := tx.ExecContext(ctx, s.d.Rebind(q.String()), args...); err != nil {
			return fmt.Errorf("events: %w", err)
		}
	}
	return nil
}

// ListEvents implements store.Store.
func (s *Store) ListEvents(ctx context.Context, after int64, max int) (_ []store.Event, err error) {
	defer sqldb.NotMigrated(&err)
	if max <= 0 {
		return nil, errors.New("sqlstore: list events: max must be positive")
	}
	out, err := sqldb.Query(ctx, s.db, s.d.Rebind(`SELECT seq, id, type, shipment_id, order_id, at, data FROM wismo_event
		WHERE seq > ? ORDER BY seq LIMIT ?`), []any{after, max}, func(r sqldb.Scanner) (store.Event, error) {
		var (
			ev store.Event
			at string
		)
		if err := r.Scan(&ev.Seq, &ev.ID, &ev.Type, &ev.ShipmentID, &ev.OrderID, &at, &ev.Data); err != nil {
			return ev, err
		}
		if len(ev.Data) == 0 {
			ev.Data = nil
		}
		var err error
		ev.At, err = sqldb.ParseTime(at)
		return ev, err
	})
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list events after %d: %w", after, err)
	}
	return out, nil
}

// cleanKeys reports whether every key is clean text (store.CleanText),
// the only text the store holds: a filter on any other matches nothing,
// and PostgreSQL would refuse a NUL.
func cleanKeys(keys ...string) bool {
	for _, k := range keys {
		if !store.IsCleanText(k) {
			return false
		}
	}
	return true
}

// LoadCursor implements store.Store.
func (s *Store) LoadCursor(ctx context.Context, name string) (_ int64, err error) {
	defer sqldb.NotMigrated(&err)
	if !store.IsCleanText(name) {
		return 0, nil // never saved: SaveCursor stores clean names
	}
	var seq int64
	err = s.db.QueryRowContext(ctx, s.d.Rebind(`SELECT seq FROM wismo_cursor WHERE name = ?`), name).Scan(&seq)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("sqlstore: load cursor %q: %w", name, err)
	}
	return seq, nil
}

// SaveCursor implements store.Store.
func (s *Store) SaveCursor(ctx context.Context, name string, seq int64) (err error) {
	defer sqldb.NotMigrated(&err)
	if name == "" || !store.IsCleanText(name) {
		return fmt.Errorf("sqlstore: save cursor %q: the name must be clean, non-empty text", store.CleanText(name))
	}
	if _, err := s.db.ExecContext(ctx, s.d.Rebind(`INSERT INTO wismo_cursor (name, seq) VALUES (?, ?)
		ON CONFLICT (name) DO UPDATE SET seq = CASE WHEN excluded.seq > wismo_cursor.seq THEN excluded.seq ELSE wismo_cursor.seq END`),
		name, seq); err != nil {
		return fmt.Errorf("sqlstore: save cursor %q: %w", name, err)
	}
	return nil
}

// outboxStatuses are the statuses a ListOutbox query may name; the status is
// written into the query as a literal, so that PostgreSQL can use the
// partial index of migration 0004 whatever the plan.
var outboxStatuses = map[store.OutboxStatus]bool{
	store.OutboxPending: true, store.OutboxSent: true, store.OutboxDead: true,
	store.OutboxWithdrawn: true, store.OutboxDiscarded: true,
}

// ListOutbox implements store.Store.
func (s *Store) ListOutbox(ctx context.Context, q store.OutboxQuery) (_ []store.OutboxMessage, err error) {
	defer sqldb.NotMigrated(&err)
	if q.Limit <= 0 {
		return nil, errors.New("sqlstore: list outbox: Limit must be positive")
	}
	if !cleanKeys(q.ShipmentID, string(q.Kind)) {
		return nil, nil // no stored message has such a key
	}
	var w where
	if q.Status != "" {
		if !outboxStatuses[q.Status] {
			return nil, fmt.Errorf("sqlstore: list outbox: unknown status %q", store.CleanText(string(q.Status)))
		}
		w.add("status = '" + string(q.Status) + "'")
	}
	if q.ShipmentID != "" {
		w.add("shipment_id = ?", q.ShipmentID)
	}
	if q.Kind != "" {
		w.add("kind = ?", string(q.Kind))
	}
	if !q.DeadAfter.IsZero() {
		w.add("dead_at <> 0 AND dead_at >= ?", q.DeadAfter.UnixNano())
	}
	if !q.DeadBefore.IsZero() {
		w.add("dead_at <> 0 AND dead_at < ?", q.DeadBefore.UnixNano())
	}
	if q.BeforeSeq > 0 {
		w.add("seq < ?", q.BeforeSeq)
	}
	out, err := sqldb.Query(ctx, s.db, s.d.Rebind(`SELECT `+outboxCols+` FROM wismo_outbox`+w.String()+` ORDER BY seq DESC LIMIT ?`),
		append(w.args, q.Limit), scanOutbox)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list outbox: %w", err)
	}
	return out, nil
}

// settle moves message id from status from to status to with the extra
// assignments set, or explains why not: ErrNotFound, or ErrInvalidTransition
// naming the status it is in. A message already in status to is left as it
// is when idempotent is true.
func (s *Store) settle(ctx context.Context, op, id string, from, to store.OutboxStatus, idempotent bool, set string, args ...any) error {
	if !store.IsCleanText(id) {
		// Never stored (message IDs are clean), and PostgreSQL refuses a NUL.
		return fmt.Errorf("sqlstore: outbox message %q: %w", store.CleanText(id), store.ErrNotFound)
	}
	n, err := sqldb.Exec(ctx, s.db, s.d.Rebind(`UPDATE wismo_outbox SET status = ?`+set+` WHERE id = ? AND status = ?`),
		append(append([]any{string(to)}, args...), id, string(from))...)
	if err != nil {
		return fmt.Errorf("sqlstore: %s outbox message %q: %w", op, id, err)
	}
	if n == 1 {
		return nil
	}
	var status string
	err = s.db.QueryRowContext(ctx, s.d.Rebind(`SELECT status FROM wismo_outbox WHERE id = ?`), id).Scan(&status)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("sqlstore: outbox message %q: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("sqlstore: %s outbox message %q: %w", op, id, err)
	}
	if idempotent && store.OutboxStatus(status) == to {
		return nil
	}
	return fmt.Errorf("sqlstore: %s outbox message %q: it is %s, not %s: %w", op, id, status, from, store.ErrInvalidTransition)
}

// ReviveOutbox implements store.Store.
func (s *Store) ReviveOutbox(ctx context.Context, id string, now time.Time) (err error) {
	defer sqldb.NotMigrated(&err)
	return s.settle(ctx, "revive", id, store.OutboxDead, store.OutboxPending, false,
		`, attempts = 0, dead_at = 0, next_attempt_at = ?, lease_owner = '', lease_until = 0`, sqldb.Nanos(now))
}

// DiscardOutbox implements store.Store.
func (s *Store) DiscardOutbox(ctx context.Context, id string) (err error) {
	defer sqldb.NotMigrated(&err)
	return s.settle(ctx, "discard", id, store.OutboxDead, store.OutboxDiscarded, true, ``)
}

// WithdrawOutbox implements store.Store.
func (s *Store) WithdrawOutbox(ctx context.Context, shipmentID string) (_ int, err error) {
	defer sqldb.NotMigrated(&err)
	if !store.IsCleanText(shipmentID) {
		return 0, unknownKey(shipmentID)
	}
	if err := s.exists(ctx, s.db, shipmentID); err != nil {
		return 0, err
	}
	n, err := sqldb.Exec(ctx, s.db, s.d.Rebind(`UPDATE wismo_outbox SET status = 'withdrawn', lease_owner = '', lease_until = 0
		WHERE shipment_id = ? AND status = 'pending'`), shipmentID)
	if err != nil {
		return 0, fmt.Errorf("sqlstore: withdraw messages of %q: %w", shipmentID, err)
	}
	return int(n), nil
}
