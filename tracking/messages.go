package tracking

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/tracking/store"
)

// MessageStatus is where a message of the outbox stands.
type MessageStatus string

// The statuses of a message.
const (
	// MessagePending: queued, to be sent at NextAttemptAt (again, after
	// a failed attempt).
	MessagePending MessageStatus = "pending"
	// MessageSent: a channel took it.
	MessageSent MessageStatus = "sent"
	// MessageDead: given up (see DeadLetter); ReplayDeadLetter queues it
	// again.
	MessageDead MessageStatus = "dead"
	// MessageWithdrawn: pending when the shipment was cancelled, never
	// sent.
	MessageWithdrawn MessageStatus = "withdrawn"
	// MessageDiscarded: a dead letter given up for good
	// (DiscardDeadLetter), kept for the record.
	MessageDiscarded MessageStatus = "discarded"
)

// MessageView is one message about a shipment as Messages reports it.
type MessageView struct {
	// ID is the message ID (ReplayDeadLetter, DiscardDeadLetter).
	ID string
	// Kind is what the message tells; Audience whom it is for (the
	// customer or the shop).
	Kind     notify.Kind
	Audience notify.Audience
	Status   MessageStatus
	// Attempts counts the failed sends.
	Attempts int
	// NextAttemptAt is when a pending message is sent next; zero
	// otherwise.
	NextAttemptAt time.Time
	// SentAt is when a sent message was sent, DeadAt when a dead (or
	// discarded) one was given up; zero otherwise, and DeadAt is zero for
	// messages dead-lettered by EraseCustomer.
	SentAt, DeadAt time.Time
	// LastError is the last failed attempt's error, without e-mail
	// addresses, phone numbers or credentials, as DeadLetters shows it;
	// empty if none failed (or EraseCustomer removed it).
	LastError string
}

// messagesPage is how many messages Messages reads from the store at once.
const messagesPage = 200

// Messages returns every message of the outbox about a shipment, newest
// first (in the order they were queued): pending, sent, dead, withdrawn and
// discarded, each with its status, attempts, times and last error. An
// unknown ID returns an error wrapping ErrUnknownShipment.
func (s *Service) Messages(ctx context.Context, shipmentID string) ([]MessageView, error) {
	out, err := s.messages(ctx, shipmentID)
	return out, oncePrefixed(err)
}

func (s *Service) messages(ctx context.Context, id string) ([]MessageView, error) {
	if id == "" || !store.IsCleanText(id) {
		return nil, fmt.Errorf("tracking: messages %q: %w", store.CleanText(id), ErrUnknownShipment)
	}
	if _, err := s.store.GetShipment(ctx, id); errors.Is(err, store.ErrNotFound) {
		return nil, fmt.Errorf("tracking: messages %s: %w", id, ErrUnknownShipment)
	} else if err != nil {
		return nil, fmt.Errorf("tracking: messages %s: %w", id, err)
	}
	out := []MessageView{}
	q := store.OutboxQuery{ShipmentID: id, Limit: messagesPage}
	for {
		msgs, err := s.store.ListOutbox(ctx, q)
		if err != nil {
			return nil, fmt.Errorf("tracking: messages %s: %w", id, err)
		}
		for _, om := range msgs {
			v := MessageView{
				ID: om.Message.ID, Kind: om.Message.Kind, Audience: om.Message.Audience, Status: MessageStatus(om.Status),
				Attempts: om.Attempts, SentAt: om.SentAt, DeadAt: om.DeadAt, LastError: redact(om.LastError),
			}
			if om.Status == store.OutboxPending {
				v.NextAttemptAt = om.NextAttemptAt
			}
			out = append(out, v)
		}
		if len(msgs) < q.Limit {
			return out, nil
		}
		q.BeforeSeq = msgs[len(msgs)-1].Seq
	}
}
