package tracking

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"time"

	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/tracking/store"
)

// flush sends the outbox messages due at now. A failed send is scheduled
// again with backoff (Config.Retry) and does not make flush fail; only store
// errors do.
func (s *Service) flush(ctx context.Context, now time.Time) error {
	var errs []error
	for round := 0; round < 1000; round++ {
		msgs, err := s.store.ClaimOutbox(ctx, store.ClaimOutboxParams{Now: now, Owner: s.cfg.Owner, Max: s.cfg.BatchSize, LeaseFor: s.cfg.LeaseFor})
		if err != nil {
			return errors.Join(append(errs, fmt.Errorf("tracking: flush: %w", err))...)
		}
		for _, om := range msgs {
			errs = append(errs, s.send(ctx, om, now))
		}
		if len(msgs) < s.cfg.BatchSize || ctx.Err() != nil {
			break
		}
	}
	return errors.Join(errs...)
}

func (s *Service) send(ctx context.Context, om store.OutboxMessage, now time.Time) error {
	m := om.Message
	var err error
	if s.cfg.Prepare != nil {
		err = s.cfg.Prepare(ctx, &m)
	}
	if err == nil {
		err = s.cfg.Notifier.Notify(ctx, m)
	}
	if err == nil {
		s.log.InfoContext(ctx, "tracking: message sent", "message", m.ID, "shipment", m.ShipmentID, "kind", m.Kind, "audience", m.Audience)
		if err := s.store.AckOutbox(ctx, m.ID, now); err != nil {
			return fmt.Errorf("tracking: ack message %s: %w", m.ID, err)
		}
		return nil
	}
	attempt := om.Attempts + 1
	dead := errors.Is(err, notify.ErrPermanent) || !now.Before(m.CreatedAt.Add(s.cfg.Retry.DeadAfter))
	next := now.Add(s.cfg.Retry.delay(attempt))
	s.log.WarnContext(ctx, "tracking: send failed", "message", m.ID, "shipment", m.ShipmentID, "kind", m.Kind,
		"attempt", attempt, "dead", dead, "retry_at", next, "err", redact(err.Error()))
	rerr := s.store.RetryOutbox(ctx, store.RetryParams{ID: m.ID, Owner: s.cfg.Owner, NextAttemptAt: next, LastError: err.Error(), Dead: dead})
	if rerr != nil {
		return fmt.Errorf("tracking: reschedule message %s: %w", m.ID, rerr)
	}
	return nil
}

var (
	emailLike = regexp.MustCompile(`[^\s<>"'(),;:]+@[^\s<>"'(),;:]+`)
	phoneLike = regexp.MustCompile(`\+?[0-9][0-9 ()./-]{5,}[0-9]`)
)

// redact removes what looks like an e-mail address or a phone number from a
// channel's error text before it is logged.
func redact(s string) string {
	s = emailLike.ReplaceAllString(s, "[email]")
	return phoneLike.ReplaceAllString(s, "[phone]")
}
