package tracking

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/wismo-dev/wismo/tracking/store"
)

// ErrBadCursor is returned (wrapped) by List and DeadLetters for a cursor
// that is not one of their own pages' Next for the same filters: from
// another query, altered, or not a cursor at all.
var ErrBadCursor = errors.New("tracking: cursor does not belong to this query")

// Query selects the shipments List returns. Every set filter must match;
// an empty slice or string, a nil pointer, a zero time or false filters
// nothing.
type Query struct {
	// States and Reasons: the shipment's State (Reason) is one of them.
	States  []State
	Reasons []Reason
	// Carrier, OrderID and RecipientID match exactly; Email matches the
	// recipient's e-mail address whatever its case.
	Carrier, OrderID, RecipientID, Email string
	// TrackingNumber matches the shipment's tracking number, spaces, tabs,
	// line breaks, dashes and the case of ASCII letters aside (as
	// carrier.Detect reads numbers): "1z 999 aa1" finds a shipment
	// registered as "1Z999AA1" and the other way round. A corrected number
	// (Update) is found under the new number only.
	TrackingNumber string
	// ActionRequired, when set, matches View.ActionRequired; NotFound,
	// when set, View.NotFound.
	ActionRequired, NotFound *bool
	// CreatedAfter and UpdatedAfter are inclusive, CreatedBefore and
	// UpdatedBefore exclusive.
	CreatedAfter, CreatedBefore, UpdatedAfter, UpdatedBefore time.Time
	// NeedsAttention keeps the shipments someone should look at: at risk,
	// delayed, exception or lost, the recipient's action required, no data
	// from the carrier past Thresholds.NotFoundAfter, or a message that
	// could not be sent (a dead letter).
	NeedsAttention bool
	// Limit is the most shipments a page holds: 0 means DefaultLimit, at
	// most MaxLimit.
	Limit int
	// Cursor is Page.Next of the previous page of the same query; empty for
	// the first page.
	Cursor string
}

// The page sizes of List and DeadLetters.
const (
	DefaultLimit = 50
	MaxLimit     = 500
)

// Page is one page of List's result.
type Page struct {
	// Shipments are the page's shipments, most recently changed first
	// (UpdatedAt descending, then ID), without their Timeline.
	Shipments []View
	// Next is the Cursor of the next page; empty on the last one.
	Next string
}

// attentionStates are the states of shipments that need attention.
var attentionStates = []string{string(StateAtRisk), string(StateDelayed), string(StateException), string(StateLost)}

// List returns a page of the shipments that match q, most recently changed
// first, with a cursor for the next page. The pagination is stable: a walk
// through the pages returns every shipment that matches and does not change
// during the walk exactly once (a shipment that changes moves to the
// front). An invalid query (an unknown state or reason, a Limit out of
// range) returns an error wrapping ErrInvalid, a cursor of another query
// one wrapping ErrBadCursor.
func (s *Service) List(ctx context.Context, q Query) (Page, error) {
	p, err := s.list(ctx, q)
	return p, oncePrefixed(err)
}

func (s *Service) list(ctx context.Context, q Query) (Page, error) {
	limit, err := pageLimit(q.Limit)
	if err != nil {
		return Page{}, fmt.Errorf("tracking: list: %w", err)
	}
	// The cursor is checked first: a cursor of another query is refused
	// even where this one can find nothing.
	filters := q.filterKey()
	var after *cursorKey
	if q.Cursor != "" {
		k, err := decodeCursor(q.Cursor, filters)
		if err != nil {
			return Page{}, fmt.Errorf("tracking: list: %w", err)
		}
		after = &k
	}
	if !allClean(q.Carrier, q.OrderID, q.RecipientID, q.Email, q.TrackingNumber) {
		// The Service stores clean text only (and a store may refuse
		// other): no shipment matches.
		return Page{Shipments: []View{}}, nil
	}
	p := store.ListParams{
		Carrier: q.Carrier, OrderID: q.OrderID, RecipientID: q.RecipientID, Email: q.Email,
		TrackingNumber: q.TrackingNumber, ActionRequired: q.ActionRequired, NotFound: q.NotFound, CreatedAfter: q.CreatedAfter, CreatedBefore: q.CreatedBefore,
		UpdatedAfter: q.UpdatedAfter, UpdatedBefore: q.UpdatedBefore, Limit: limit + 1,
	}
	for _, st := range q.States {
		if !slices.Contains(States(), st) {
			return Page{}, fmt.Errorf("tracking: list: unknown state %q: %w", store.CleanText(string(st)), ErrInvalid)
		}
		p.States = append(p.States, string(st))
	}
	for _, r := range q.Reasons {
		if !slices.Contains(reasons, r) {
			return Page{}, fmt.Errorf("tracking: list: unknown reason %q: %w", store.CleanText(string(r)), ErrInvalid)
		}
		p.Reasons = append(p.Reasons, string(r))
	}
	if q.NeedsAttention {
		p.NeedsAttention, p.AttentionStates = true, attentionStates
	}
	if after != nil {
		p.AfterUpdatedAt, p.AfterID = time.Unix(0, after.At).UTC(), after.ID
	}
	recs, err := s.store.ListShipments(ctx, p)
	if err != nil {
		return Page{}, fmt.Errorf("tracking: list: %w", err)
	}
	var page Page
	if len(recs) > limit {
		recs = recs[:limit]
		last := recs[limit-1]
		page.Next = encodeCursor(cursorKey{At: last.UpdatedAt.UnixNano(), ID: last.ID}, filters)
	}
	page.Shipments = make([]View, 0, len(recs))
	for _, rec := range recs {
		m, err := decodeMemo(rec.Memo)
		if err != nil {
			return Page{}, fmt.Errorf("tracking: list: shipment %s: corrupt bookkeeping: %w", rec.ID, err)
		}
		page.Shipments = append(page.Shipments, s.viewOf(rec, m))
	}
	return page, nil
}

// reasons are the known reasons.
var reasons = []Reason{ReasonNone, ReasonNotPickedUp, ReasonNoScans, ReasonPredictedLate, ReasonCarrierETA,
	ReasonPromiseMissed, ReasonCarrierException, ReasonSilence, ReasonOnTime, ReasonLate}

func pageLimit(n int) (int, error) {
	switch {
	case n == 0:
		return DefaultLimit, nil
	case n < 0 || n > MaxLimit:
		return 0, fmt.Errorf("limit %d is not between 1 and %d: %w", n, MaxLimit, ErrInvalid)
	}
	return n, nil
}

// filterKey is the canonical text of q's filters (not its Limit or
// Cursor): queries that select the same shipments have the same key.
func (q Query) filterKey() string {
	states := make([]string, len(q.States))
	for i, st := range q.States {
		states[i] = string(st)
	}
	rs := make([]string, len(q.Reasons))
	for i, r := range q.Reasons {
		rs[i] = string(r)
	}
	slices.Sort(states)
	slices.Sort(rs)
	flag := func(b *bool) string {
		if b == nil {
			return ""
		}
		return strconv.FormatBool(*b)
	}
	number := ""
	if q.TrackingNumber != "" {
		number = "#" + store.NumberKey(q.TrackingNumber) // "#": set, even when the key is empty
	}
	return canonical("shipments", strings.Join(states, ","), strings.Join(rs, ","), q.Carrier, q.OrderID, q.RecipientID,
		store.EmailKey(q.Email), flag(q.ActionRequired), timeKey(q.CreatedAfter), timeKey(q.CreatedBefore), timeKey(q.UpdatedAfter),
		timeKey(q.UpdatedBefore), strconv.FormatBool(q.NeedsAttention), number, flag(q.NotFound))
}

func timeKey(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return strconv.FormatInt(t.UnixNano(), 10)
}

// canonical joins parts unambiguously (as a JSON array).
func canonical(parts ...string) string {
	b, _ := json.Marshal(parts)
	return string(b)
}

// cursorKey is the position a cursor encodes: the last item of a page.
type cursorKey struct {
	At  int64  `json:"t,omitempty"` // UpdatedAt (List), Unix nanoseconds
	ID  string `json:"i,omitempty"` // shipment ID (List)
	Seq int64  `json:"s,omitempty"` // outbox Seq (DeadLetters)
	Sum string `json:"h"`           // check of the filters and the position
}

// sum checks a cursor: a hash of the query's filters and the position, so
// that a cursor of another query, or an altered one, is refused.
func (k cursorKey) sum(filters string) string {
	h := sha256.Sum256([]byte(canonical(filters, strconv.FormatInt(k.At, 10), k.ID, strconv.FormatInt(k.Seq, 10))))
	return hex.EncodeToString(h[:12])
}

func encodeCursor(k cursorKey, filters string) string {
	k.Sum = k.sum(filters)
	b, _ := json.Marshal(k)
	return base64.RawURLEncoding.EncodeToString(b)
}

// maxCursor bounds the length of a cursor read, before it is decoded. A
// shipment ID is at most store.MaxTextBytes, which JSON (6
// bytes for an escaped character) and base64 (4 for 3) make at most 8 times
// as long.
const maxCursor = 8*store.MaxTextBytes + 256

func decodeCursor(c, filters string) (cursorKey, error) {
	var k cursorKey
	if len(c) > maxCursor {
		return cursorKey{}, ErrBadCursor
	}
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil || json.Unmarshal(b, &k) != nil || k.Sum == "" || k.Sum != k.sum(filters) {
		return cursorKey{}, ErrBadCursor
	}
	return k, nil
}

// OrderView is an order's shipments together (OrderStatus).
type OrderView struct {
	OrderID string
	// Shipments are the order's parcels in the order they were registered,
	// without their Timeline, cancelled ones last; return parcels are not
	// among them.
	Shipments []View
	// Delivered counts the delivered parcels, Total the parcels not
	// cancelled.
	Delivered, Total int
	// State is the order's state: the least advanced of its parcels'
	// states, trouble counting as less advanced than progress (lost,
	// exception, delayed, at_risk, pending, on_track, returned, delivered);
	// StateCancelled when every parcel is cancelled.
	State State
}

// String says how far the order is, such as "2 of 3 parcels delivered".
func (o OrderView) String() string {
	if o.Total == 1 {
		return fmt.Sprintf("%d of 1 parcel delivered", o.Delivered)
	}
	return fmt.Sprintf("%d of %d parcels delivered", o.Delivered, o.Total)
}

// orderRank orders states for OrderView.State: the lowest rank wins.
var orderRank = map[State]int{StateLost: 0, StateException: 1, StateDelayed: 2, StateAtRisk: 3, StatePending: 4,
	StateOnTrack: 5, StateReturned: 6, StateDelivered: 7, StateCancelled: 8}

// OrderStatus returns the shipments of an order together: each with its
// place ("parcel 2 of 3"), how many are delivered, and the order's state.
// An order ID no shipment has returns an error wrapping
// ErrUnknownShipment.
func (s *Service) OrderStatus(ctx context.Context, orderID string) (OrderView, error) {
	o, err := s.orderStatus(ctx, orderID)
	return o, oncePrefixed(err)
}

func (s *Service) orderStatus(ctx context.Context, orderID string) (OrderView, error) {
	if orderID == "" || !store.IsCleanText(orderID) {
		return OrderView{}, fmt.Errorf("tracking: order status %q: %w", store.CleanText(orderID), ErrUnknownShipment)
	}
	parcels, others, err := s.orderShipments(ctx, orderID)
	if err != nil {
		return OrderView{}, fmt.Errorf("tracking: order status %s: %w", orderID, err)
	}
	if len(parcels)+len(others) == 0 {
		return OrderView{}, fmt.Errorf("tracking: order status %s: no shipment of this order: %w", orderID, ErrUnknownShipment)
	}
	o := OrderView{OrderID: orderID, Total: len(parcels), State: StateCancelled}
	for i, p := range parcels {
		v := s.viewOf(p.rec, p.memo)
		if len(parcels) > 1 {
			v.Parcel, v.Parcels = i+1, len(parcels)
		}
		if v.State == StateDelivered {
			o.Delivered++
		}
		if orderRank[v.State] < orderRank[o.State] {
			o.State = v.State
		}
		o.Shipments = append(o.Shipments, v)
	}
	for _, p := range others {
		o.Shipments = append(o.Shipments, s.viewOf(p.rec, p.memo))
	}
	return o, nil
}

type parcel struct {
	rec  *store.Shipment
	memo memo
}

// orderShipments returns an order's parcels (not cancelled, not returns)
// in the order of registration, and its cancelled shipments.
func (s *Service) orderShipments(ctx context.Context, orderID string) (parcels, cancelled []parcel, err error) {
	p := store.ListParams{OrderID: orderID, Limit: MaxLimit}
	for {
		recs, err := s.store.ListShipments(ctx, p)
		if err != nil {
			return nil, nil, err
		}
		for _, rec := range recs {
			m, err := decodeMemo(rec.Memo)
			if err != nil {
				return nil, nil, fmt.Errorf("shipment %s: corrupt bookkeeping: %w", rec.ID, err)
			}
			switch {
			case m.ReturnID != "":
			case !rec.CancelledAt.IsZero():
				cancelled = append(cancelled, parcel{rec, m})
			default:
				parcels = append(parcels, parcel{rec, m})
			}
		}
		if len(recs) < p.Limit {
			break
		}
		last := recs[len(recs)-1]
		p.AfterUpdatedAt, p.AfterID = last.UpdatedAt, last.ID
	}
	byRegistration := func(a, b parcel) int {
		return cmp.Or(a.rec.CreatedAt.Compare(b.rec.CreatedAt), strings.Compare(a.rec.ID, b.rec.ID))
	}
	slices.SortFunc(parcels, byRegistration)
	slices.SortFunc(cancelled, byRegistration)
	return parcels, cancelled, nil
}

// parcelOf returns a shipment's place among its order's parcels and their
// count; 0, 0 when the order has one parcel, the shipment has no order, or
// it is a return parcel or cancelled.
func (s *Service) parcelOf(ctx context.Context, rec *store.Shipment) (int, int, error) {
	if rec.OrderID == "" || !rec.CancelledAt.IsZero() {
		return 0, 0, nil
	}
	parcels, _, err := s.orderShipments(ctx, rec.OrderID)
	if err != nil || len(parcels) < 2 {
		return 0, 0, err
	}
	for i, p := range parcels {
		if p.rec.ID == rec.ID {
			return i + 1, len(parcels), nil
		}
	}
	return 0, 0, nil
}

// allClean reports whether every text is clean (store.IsCleanText).
func allClean(texts ...string) bool {
	for _, t := range texts {
		if !store.IsCleanText(t) {
			return false
		}
	}
	return true
}
