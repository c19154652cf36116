package tracking

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	textredact "github.com/wismo-dev/wismo/internal/redact"
	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/tracking/store"
)

// flush sends the outbox messages due at now through the Dispatcher. A
// failed send is scheduled again when the Dispatcher says (Config.Retry)
// and does not make flush fail; only store errors do.
//
// A message is sent only while this process still holds its lease with time
// to spare: before each send flush checks that the send can end (it is
// bounded by Config.SendTimeout and by the lease itself) a margin before
// the lease does, counting the time since the claim on the injected clock
// and on the wall clock, whichever passed more. Messages of a batch that
// ran out of lease are released unsent and claimed again with a fresh
// lease, so a slow channel never lets another process claim and send a
// message this one is still going to send.
func (s *Service) flush(ctx context.Context, now time.Time) error {
	// Retries this flush does not send are noted again as it reschedules them.
	if due := s.retryDue.Load(); due != 0 && due <= now.UnixNano() {
		s.retryDue.CompareAndSwap(due, 0)
	}
	var errs []error
	for round := 0; round < 1000; round++ {
		// The lease runs from the claim, not from the Tick's start: polling
		// before the flush may have taken a while.
		claimAt := s.cfg.Now()
		if claimAt.Before(now) {
			claimAt = now
		}
		l := s.newLease(claimAt)
		msgs, err := s.store.ClaimOutbox(ctx, store.ClaimOutboxParams{Now: claimAt, Owner: s.cfg.Owner, Max: s.cfg.BatchSize, LeaseFor: s.cfg.LeaseFor})
		if err != nil {
			return errors.Join(append(errs, fmt.Errorf("tracking: flush: %w", err))...)
		}
		expired := false
		for i, om := range msgs {
			if ctx.Err() != nil {
				// The claimed rest keeps its lease and is sent after it ends.
				break
			}
			err := s.send(ctx, om, l)
			if errors.Is(err, errLeaseSpent) {
				// Too little lease left to send: give the rest back and
				// claim again.
				expired = true
				errs = append(errs, s.release(ctx, msgs[i:]))
				break
			}
			errs = append(errs, err)
		}
		if (!expired && len(msgs) < s.cfg.BatchSize) || ctx.Err() != nil {
			break
		}
	}
	return errors.Join(errs...)
}

// errLeaseSpent says a claimed message was not sent because too little of
// its lease was left.
var errLeaseSpent = errors.New("tracking: outbox lease spent")

// lease is the time a flush holds the messages of one claim.
type lease struct {
	claimAt          time.Time // on the injected clock
	wall             time.Time // the wall clock at the claim (monotonic)
	now              func() time.Time
	leaseFor, margin time.Duration
	need             time.Duration // the least lease a send must have left
}

func (s *Service) newLease(claimAt time.Time) *lease {
	l := &lease{claimAt: claimAt, wall: time.Now(), now: s.cfg.Now, leaseFor: s.cfg.LeaseFor, margin: s.cfg.LeaseFor / 10}
	l.need = s.cfg.LeaseFor / 2
	if s.cfg.SendTimeout > 0 && s.cfg.SendTimeout < l.need {
		l.need = s.cfg.SendTimeout
	}
	return l
}

// elapsed is the time since the claim: the more of what the injected clock
// and the wall clock say, so that neither a frozen test clock nor a clock
// that jumps makes the lease look longer than it is.
func (l *lease) elapsed() time.Duration {
	return max(l.now().Sub(l.claimAt), time.Since(l.wall))
}

// left returns how long a send may take from now and still end a margin
// before the lease; ok is false when that is less than a send needs.
func (l *lease) left() (d time.Duration, ok bool) {
	d = l.leaseFor - l.elapsed() - l.margin
	return d, d >= l.need
}

// release gives claimed, unsent messages back, due as they were.
func (s *Service) release(ctx context.Context, msgs []store.OutboxMessage) error {
	var errs []error
	for _, om := range msgs {
		err := s.store.RetryOutbox(ctx, store.RetryParams{ID: om.Message.ID, Owner: s.cfg.Owner,
			NextAttemptAt: om.NextAttemptAt, LastError: om.LastError, Deferred: true})
		if err != nil && !errors.Is(err, store.ErrConflict) {
			errs = append(errs, fmt.Errorf("tracking: release message %s: %w", om.Message.ID, err))
		}
	}
	return errors.Join(errs...)
}

// sendContext bounds one send by Config.SendTimeout and by what is left of
// the lease; ok is false when too little is left to send at all.
func (s *Service) sendContext(ctx context.Context, l *lease) (_ context.Context, cancel context.CancelFunc, ok bool) {
	d := s.cfg.SendTimeout
	if l != nil {
		left, ok := l.left()
		if !ok {
			return ctx, func() {}, false
		}
		if d <= 0 || left < d {
			d = left
		}
	}
	if d <= 0 {
		return ctx, func() {}, true
	}
	ctx, cancel = context.WithTimeout(ctx, d)
	return ctx, cancel, true
}

// send hands one claimed message to the Dispatcher, its send bounded by the
// lease, and records the Dispatcher's decision.
func (s *Service) send(ctx context.Context, om store.OutboxMessage, l *lease) error {
	m := om.Message
	// The shipment may have been cancelled since the message was claimed
	// (or revived, or written by a process that had not seen the
	// cancellation): it is withdrawn, not sent.
	rec, err := s.store.GetShipment(ctx, m.ShipmentID)
	switch {
	case err == nil && !rec.CancelledAt.IsZero():
		if _, err := s.store.WithdrawOutbox(ctx, m.ShipmentID); err != nil {
			return fmt.Errorf("tracking: withdraw message %s of a cancelled shipment: %w", m.ID, err)
		}
		s.log.InfoContext(ctx, "tracking: message of a cancelled shipment withdrawn", "message", m.ID, "shipment", m.ShipmentID)
		return nil
	case err != nil && !errors.Is(err, store.ErrNotFound):
		// Not sent now: the message is claimed again once its lease ends.
		return fmt.Errorf("tracking: message %s: read shipment: %w", m.ID, err)
	}
	if m.Kind == notify.KindFeedbackRequest {
		if held, err := s.holdFeedback(ctx, om); held || err != nil {
			return err
		}
	}
	if mayCarryOffer(m) && !m.OfferGiven {
		m.OfferGiven = s.offerGiven(ctx, m, rec)
	}
	if m.OrderID != "" && rec != nil && m.Parcels == 0 {
		m.Parcel, m.Parcels = s.messageParcel(ctx, m, rec)
	}
	sctx, cancel, ok := s.sendContext(ctx, l)
	if !ok {
		return errLeaseSpent
	}
	res := s.cfg.Dispatcher.Dispatch(sctx, m, notify.Attempt{N: om.Attempts + 1, First: m.CreatedAt})
	cancel()
	p := store.RetryParams{ID: m.ID, Owner: s.cfg.Owner, NextAttemptAt: res.NextAttempt, LastError: string(res.Outcome) + ": " + res.Reason, At: s.cfg.Now()}
	if res.Err != nil {
		p.LastError += ": " + res.Err.Error()
	}
	switch res.Outcome {
	case notify.Sent:
		err := s.ack(ctx, m, s.cfg.Now())
		if err == nil && res.Offer != nil && mayCarryOffer(m) {
			err = s.noteOffer(ctx, m.ShipmentID, m.ID)
		}
		return err
	case notify.Retry:
	case notify.Deferred:
		p.Deferred = true
	case notify.OptedOut, notify.Suppressed: // final without a send attempt
		p.Dead, p.Deferred = true, true
	default: // dead letter
		p.Dead = true
	}
	return s.retry(ctx, m, p, res.Attempt)
}

func (s *Service) ack(ctx context.Context, m notify.Message, now time.Time) error {
	s.log.InfoContext(ctx, "tracking: message sent", "message", m.ID, "shipment", m.ShipmentID, "kind", m.Kind, "audience", m.Audience)
	if err := s.store.AckOutbox(ctx, m.ID, now); err != nil {
		return fmt.Errorf("tracking: ack message %s: %w", m.ID, err)
	}
	return nil
}

func (s *Service) retry(ctx context.Context, m notify.Message, p store.RetryParams, attempt int) error {
	level := slog.LevelWarn
	if p.Deferred {
		level = slog.LevelInfo
	}
	s.log.Log(ctx, level, "tracking: message not sent", "message", m.ID, "shipment", m.ShipmentID, "kind", m.Kind,
		"attempt", attempt, "dead", p.Dead, "deferred", p.Deferred, "retry_at", p.NextAttemptAt, "err", redact(p.LastError))
	// The error is stored as it is logged: without addresses or phone
	// numbers (a channel's error may quote them), and as clean text.
	p.LastError = store.CleanText(redact(p.LastError))
	if err := s.store.RetryOutbox(ctx, p); err != nil {
		return fmt.Errorf("tracking: reschedule message %s: %w", m.ID, err)
	}
	if !p.Dead {
		s.noteRetry(p.NextAttemptAt)
	}
	return nil
}

// noteRetry remembers the earliest retry this process scheduled.
func (s *Service) noteRetry(at time.Time) {
	n := at.UnixNano()
	for {
		cur := s.retryDue.Load()
		if cur != 0 && cur <= n {
			return
		}
		if s.retryDue.CompareAndSwap(cur, n) {
			return
		}
	}
}

// redact removes what looks like an e-mail address, a phone number or a
// credential from a channel's or a carrier's error text before it is
// logged or stored (internal/redact, the rule notify and returns share).
func redact(s string) string { return textredact.Text(s) }

// messageParcel returns which of its order's parcels a message is about, as
// the order stands when the message is sent (rec is its shipment); 0, 0
// for an order of one parcel, and when the store cannot say (the message
// goes out without).
func (s *Service) messageParcel(ctx context.Context, m notify.Message, rec *store.Shipment) (int, int) {
	p, n, err := s.parcelOf(ctx, rec)
	if err != nil {
		s.log.WarnContext(ctx, "tracking: order's parcels not read", "message", m.ID, "shipment", m.ShipmentID, "err", redact(err.Error()))
		return 0, 0
	}
	return p, n
}
