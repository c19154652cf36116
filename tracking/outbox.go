package tracking

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"time"

	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/tracking/store"
)

// flush sends the outbox messages due at now. A failed send is scheduled
// again with backoff (Config.Retry) and does not make flush fail; only store
// errors do.
func (s *Service) flush(ctx context.Context, now time.Time) error {
	// Retries this flush does not send are noted again as it reschedules them.
	if due := s.retryDue.Load(); due != 0 && due <= now.UnixNano() {
		s.retryDue.CompareAndSwap(due, 0)
	}
	var errs []error
	for round := 0; round < 1000; round++ {
		msgs, err := s.store.ClaimOutbox(ctx, store.ClaimOutboxParams{Now: now, Owner: s.cfg.Owner, Max: s.cfg.BatchSize, LeaseFor: s.cfg.LeaseFor})
		if err != nil {
			return errors.Join(append(errs, fmt.Errorf("tracking: flush: %w", err))...)
		}
		for _, om := range msgs {
			if ctx.Err() != nil {
				// The claimed rest keeps its lease and is sent after it ends.
				break
			}
			errs = append(errs, s.send(ctx, om, now))
		}
		if len(msgs) < s.cfg.BatchSize || ctx.Err() != nil {
			break
		}
	}
	return errors.Join(errs...)
}

// sendContext bounds one send by Config.SendTimeout.
func (s *Service) sendContext(ctx context.Context) (context.Context, context.CancelFunc) {
	if s.cfg.SendTimeout <= 0 {
		return ctx, func() {}
	}
	return context.WithTimeout(ctx, s.cfg.SendTimeout)
}

func (s *Service) send(ctx context.Context, om store.OutboxMessage, now time.Time) error {
	if s.cfg.Dispatcher != nil {
		return s.dispatch(ctx, om)
	}
	m := om.Message
	var err error
	if s.cfg.Preferences != nil && m.Audience == notify.Customer {
		var p notify.Prefs
		p, err = s.cfg.Preferences.Lookup(ctx, m.Recipient)
		switch {
		case err != nil:
			err = fmt.Errorf("preferences: %w", err)
		case m.Kind.OptOutable() && p.OptedOut(m.Kind) && !m.ActionRequired:
			return s.retry(ctx, m, store.RetryParams{ID: m.ID, Owner: s.cfg.Owner, LastError: "opted_out", Dead: true, Deferred: true}, om.Attempts)
		case p.Language != "":
			m.Recipient.Locale = p.Language
		}
	}
	if err == nil && s.cfg.Renderer != nil {
		err = s.render(ctx, &m)
	}
	if err == nil {
		sctx, cancel := s.sendContext(ctx)
		err = s.cfg.Notifier.Notify(sctx, m)
		cancel()
	}
	if err == nil {
		return s.ack(ctx, m, now)
	}
	attempt := om.Attempts + 1
	dead := errors.Is(err, notify.ErrPermanent) || !now.Before(m.CreatedAt.Add(s.cfg.Retry.DeadAfter))
	return s.retry(ctx, m, store.RetryParams{ID: m.ID, Owner: s.cfg.Owner, NextAttemptAt: now.Add(s.cfg.Retry.delay(attempt)),
		LastError: err.Error(), Dead: dead}, attempt)
}

// render renders m with Config.Renderer, adding Config.DelayOffer's offer to
// customer delayed and exception messages. A failing offer hook sends the
// message without the offer.
func (s *Service) render(ctx context.Context, m *notify.Message) error {
	data := s.cfg.Renderer.Data(*m)
	if s.cfg.DelayOffer != nil && m.Audience == notify.Customer && (m.Kind == notify.KindDelayed || m.Kind == notify.KindException) {
		o, err := s.cfg.DelayOffer.Offer(ctx, *m)
		if err != nil {
			s.log.WarnContext(ctx, "tracking: delay offer failed, sending without it", "message", m.ID, "shipment", m.ShipmentID, "err", redact(err.Error()))
		} else if o != nil {
			data.SetOffer(o, data.ETATime.Location())
		}
	}
	if err := s.cfg.Renderer.Render(m, data); err != nil {
		return fmt.Errorf("render %s: %w", m.Kind, err)
	}
	return nil
}

// dispatch sends through Config.Dispatcher and records its decision.
func (s *Service) dispatch(ctx context.Context, om store.OutboxMessage) error {
	m := om.Message
	sctx, cancel := s.sendContext(ctx)
	res := s.cfg.Dispatcher.Dispatch(sctx, m, notify.Attempt{N: om.Attempts + 1, First: m.CreatedAt})
	cancel()
	p := store.RetryParams{ID: m.ID, Owner: s.cfg.Owner, NextAttemptAt: res.NextAttempt, LastError: string(res.Outcome) + ": " + res.Reason}
	if res.Err != nil {
		p.LastError += ": " + res.Err.Error()
	}
	switch res.Outcome {
	case notify.Sent:
		return s.ack(ctx, m, s.cfg.Now())
	case notify.Deferred:
		p.Deferred = true
	case notify.Retry:
	default: // dead letter, opted out, suppressed: final without a send
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
