package tracking

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/tracking/store"
)

// ErrUnknownMessage is returned (wrapped) by ReplayDeadLetter and
// DiscardDeadLetter for a message ID the outbox does not have, and by
// Resend when the shipment has no message of that kind.
var ErrUnknownMessage = errors.New("tracking: unknown message")

// DeadLetterQuery selects the dead letters DeadLetters returns. Every set
// filter must match.
type DeadLetterQuery struct {
	// ShipmentID and Kind, when set, match the message's.
	ShipmentID string
	Kind       notify.Kind
	// DeadAfter (inclusive) and DeadBefore (exclusive) bound when the
	// message was given up.
	DeadAfter, DeadBefore time.Time
	// Limit is the most dead letters a page holds: 0 means DefaultLimit,
	// at most MaxLimit.
	Limit int
	// Cursor is DeadLetterPage.Next of the previous page of the same
	// query; empty for the first page.
	Cursor string
}

// DeadLetter is a message that could not be sent and was given up: failed
// for good, out of retries, or not to be sent (opted out, no channel).
type DeadLetter struct {
	// ID is the message ID, for ReplayDeadLetter and DiscardDeadLetter.
	ID, ShipmentID string
	Kind           notify.Kind
	// Attempts counts the failed sends.
	Attempts int
	// LastError is the last failure, without e-mail addresses, phone
	// numbers or credentials (tokens, keys, passwords).
	LastError string
	// DeadAt is when it was given up.
	DeadAt time.Time
	// Message is the message as it was queued.
	Message notify.Message
}

// DeadLetterPage is one page of DeadLetters' result.
type DeadLetterPage struct {
	// DeadLetters are the page's messages, most recently queued first.
	DeadLetters []DeadLetter
	// Next is the Cursor of the next page; empty on the last one.
	Next string
}

// DeadLetters returns a page of the messages that were given up (see
// DeadLetter), most recently queued first, with a cursor for the next
// page. A discarded dead letter is not listed. A Limit out of range
// returns an error wrapping ErrInvalid, a cursor of another query one
// wrapping ErrBadCursor.
func (s *Service) DeadLetters(ctx context.Context, q DeadLetterQuery) (DeadLetterPage, error) {
	limit, err := pageLimit(q.Limit)
	if err != nil {
		return DeadLetterPage{}, fmt.Errorf("tracking: dead letters: %w", err)
	}
	filters := canonical("dead_letters", q.ShipmentID, string(q.Kind), timeKey(q.DeadAfter), timeKey(q.DeadBefore))
	oq := store.OutboxQuery{Status: store.OutboxDead, ShipmentID: q.ShipmentID, Kind: q.Kind,
		DeadAfter: q.DeadAfter, DeadBefore: q.DeadBefore, Limit: limit + 1}
	if q.Cursor != "" { // checked first: another query's cursor is refused even where this one finds nothing
		k, err := decodeCursor(q.Cursor, filters)
		if err != nil || k.Seq <= 0 {
			return DeadLetterPage{}, fmt.Errorf("tracking: dead letters: %w", ErrBadCursor)
		}
		oq.BeforeSeq = k.Seq
	}
	if !allClean(q.ShipmentID, string(q.Kind)) {
		return DeadLetterPage{DeadLetters: []DeadLetter{}}, nil // no message has them
	}
	msgs, err := s.store.ListOutbox(ctx, oq)
	if err != nil {
		return DeadLetterPage{}, fmt.Errorf("tracking: dead letters: %w", err)
	}
	var page DeadLetterPage
	if len(msgs) > limit {
		msgs = msgs[:limit]
		page.Next = encodeCursor(cursorKey{Seq: msgs[limit-1].Seq}, filters)
	}
	page.DeadLetters = make([]DeadLetter, len(msgs))
	for i, om := range msgs {
		page.DeadLetters[i] = DeadLetter{
			ID: om.Message.ID, ShipmentID: om.Message.ShipmentID, Kind: om.Message.Kind, Attempts: om.Attempts,
			LastError: redact(om.LastError), DeadAt: om.DeadAt, Message: om.Message,
		}
	}
	return page, nil
}

// ReplayDeadLetter queues a dead letter again: it becomes pending with no
// attempts counted and is sent by the next flush (Tick, or at once here).
// An unknown ID returns an error wrapping ErrUnknownMessage, a message that
// is not dead one wrapping ErrInvalid, and a message of a cancelled
// shipment one wrapping ErrShipmentClosed.
func (s *Service) ReplayDeadLetter(ctx context.Context, id string) error {
	return oncePrefixed(s.replayDeadLetter(ctx, id))
}

func (s *Service) replayDeadLetter(ctx context.Context, id string) error {
	om, err := s.deadLetter(ctx, id)
	if err != nil {
		return fmt.Errorf("tracking: replay dead letter: %w", err)
	}
	if sh, err := s.store.GetShipment(ctx, om.Message.ShipmentID); err == nil && !sh.CancelledAt.IsZero() {
		return fmt.Errorf("tracking: replay dead letter %s: shipment %s is cancelled: %w", id, sh.ID, ErrShipmentClosed)
	}
	now := s.cfg.Now()
	if err := s.store.ReviveOutbox(ctx, id, now); err != nil {
		return fmt.Errorf("tracking: replay dead letter %s: %w", id, outboxError(err))
	}
	s.log.InfoContext(ctx, "tracking: dead letter replayed", "message", id, "shipment", om.Message.ShipmentID)
	s.written.Add(1)
	if err := s.flushIfDue(ctx, s.written.Load()-1); err != nil {
		s.log.WarnContext(ctx, "tracking: replay: flush failed", "message", id, "err", redact(err.Error()))
	}
	return nil
}

// DiscardDeadLetter gives a dead letter up for good: it is kept for audit
// (store.OutboxDiscarded), never sent, and no longer listed by DeadLetters
// nor counted by Query.NeedsAttention. Discarding it again changes nothing.
// An unknown ID returns an error wrapping ErrUnknownMessage, a message that
// is not dead one wrapping ErrInvalid.
func (s *Service) DiscardDeadLetter(ctx context.Context, id string) error {
	if !store.IsCleanText(id) || id == "" {
		return oncePrefixed(fmt.Errorf("tracking: discard dead letter %q: %w", store.CleanText(id), ErrUnknownMessage))
	}
	if err := s.store.DiscardOutbox(ctx, id); err != nil {
		return oncePrefixed(fmt.Errorf("tracking: discard dead letter %s: %w", store.CleanText(id), outboxError(err)))
	}
	s.log.InfoContext(ctx, "tracking: dead letter discarded", "message", id)
	return nil
}

// outboxError maps a store's outbox error to the Service's sentinels,
// keeping the store's error in the chain.
func outboxError(err error) error {
	switch {
	case errors.Is(err, store.ErrNotFound):
		return fmt.Errorf("%w: %w", ErrUnknownMessage, err)
	case errors.Is(err, store.ErrInvalidTransition):
		return fmt.Errorf("the message is not a dead letter: %w: %w", ErrInvalid, err)
	}
	return err
}

// deadLetter reads the outbox message id, which must be dead.
func (s *Service) deadLetter(ctx context.Context, id string) (store.OutboxMessage, error) {
	if !store.IsCleanText(id) || id == "" {
		return store.OutboxMessage{}, fmt.Errorf("message %q: %w", store.CleanText(id), ErrUnknownMessage)
	}
	var om store.OutboxMessage
	var err error
	if r, ok := s.store.(store.OutboxReader); ok {
		om, err = r.OutboxMessage(ctx, id)
	} else {
		err = errors.New("the store cannot read one message (store.OutboxReader)")
	}
	if err != nil {
		return om, fmt.Errorf("message %s: %w", id, outboxError(err))
	}
	if om.Status != store.OutboxDead {
		return om, fmt.Errorf("message %s is %s, not dead: %w", id, om.Status, ErrInvalid)
	}
	return om, nil
}

// Resend queues a copy of the last message of the given kind about a
// shipment (such as "delayed" when the customer says they got nothing),
// under a new ID, to the shipment's current recipient and with its current
// data, and sends it at once (or at the next Tick if that fails). A
// shipment without a message of that kind returns an error wrapping
// ErrUnknownMessage, an unknown shipment one wrapping ErrUnknownShipment,
// a cancelled one ErrShipmentClosed.
func (s *Service) Resend(ctx context.Context, shipmentID, kind string) error {
	return oncePrefixed(s.resend(ctx, shipmentID, notify.Kind(kind)))
}

func (s *Service) resend(ctx context.Context, id string, kind notify.Kind) error {
	if !store.IsCleanText(id) || id == "" {
		return fmt.Errorf("tracking: resend %q: %w", store.CleanText(id), ErrUnknownShipment)
	}
	if _, err := s.store.GetShipment(ctx, id); errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("tracking: resend %s: %w", id, ErrUnknownShipment)
	}
	if !store.IsCleanText(string(kind)) {
		return fmt.Errorf("tracking: resend %s: no %q message about this shipment: %w", id, store.CleanText(string(kind)), ErrUnknownMessage)
	}
	last, err := s.store.ListOutbox(ctx, store.OutboxQuery{ShipmentID: id, Kind: kind, Limit: 1})
	if err != nil {
		return fmt.Errorf("tracking: resend %s: %w", id, err)
	}
	if len(last) == 0 {
		return fmt.Errorf("tracking: resend %s: no %q message about this shipment: %w", id, store.CleanText(string(kind)), ErrUnknownMessage)
	}
	var suffix [6]byte
	_, _ = rand.Read(suffix[:])
	op := &hostOp{}
	op.prepare = func(rec *store.Shipment, m *memo, now time.Time) error {
		if !rec.CancelledAt.IsZero() {
			return fmt.Errorf("tracking: resend %s: shipment is cancelled: %w", id, ErrShipmentClosed)
		}
		old := last[0].Message
		subj := s.subject(rec, *m)
		msg := subj.message(old.Kind, old.Audience, now, notify.MessageID(old.ID, "resend", strconv.FormatInt(now.UnixNano(), 36), hex.EncodeToString(suffix[:])), nil)
		if old.Audience == notify.Merchant {
			msg.Recipient = s.rules.merchant
		}
		// What the message was about; a store may keep less of a sent
		// message (memstore keeps its kind and audience), and then the
		// current data stand in.
		if old.Milestone != 0 {
			msg.Milestone, msg.Detail, msg.ActionRequired = old.Milestone, old.Detail, old.ActionRequired
		}
		if old.Reason != "" {
			msg.Reason = old.Reason
		}
		if old.PickupLocation != "" {
			msg.PickupLocation = old.PickupLocation
		}
		msg.ReturnID, msg.RefundAmount, msg.LabelURL, msg.Note = cmp.Or(old.ReturnID, msg.ReturnID), old.RefundAmount, old.LabelURL, old.Note
		op.outbox = []store.OutboxMessage{{Message: msg, Status: store.OutboxPending, NextAttemptAt: now}}
		return nil
	}
	before := s.written.Load()
	if err := s.applyOp(ctx, id, nil, nil, fromClock, "", nil, op); err != nil {
		return err
	}
	s.written.Add(1)
	s.log.InfoContext(ctx, "tracking: message resent", "shipment", id, "kind", kind, "message", op.outbox[0].Message.ID)
	if err := s.flushIfDue(ctx, before); err != nil {
		s.log.WarnContext(ctx, "tracking: resend: flush failed", "shipment", id, "err", redact(err.Error()))
	}
	return nil
}
