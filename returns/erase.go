package returns

import (
	"context"
	"errors"
	"fmt"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/notify"
)

// CustomerEraser is the optional Store interface for GDPR erasure:
// EraseCustomer applies Erase to every return whose Customer.ID is
// customerID and returns how many it erased. An empty customerID is an
// error. MemoryStore and returns/sqlstore implement it.
type CustomerEraser interface {
	EraseCustomer(ctx context.Context, customerID string) (int, error)
}

// ErasedNote is the LastError of messages Erase gives up.
const ErasedNote = "customer data erased"

// Erase returns r without the customer's personal data: the name, e-mail
// and phone (the customer id stays, as the key), the sender address, the
// items' notes and photos, and the recipients, texts and last errors of the
// messages (a channel's error may quote the address). Messages not sent yet
// move to Failed with ErasedNote, as nothing can be sent without an address;
// those that failed before keep an empty LastError. It is pure and
// idempotent.
func Erase(r Return) Return {
	c := r.Clone()
	c.Customer = notify.Recipient{ID: r.Customer.ID, Locale: r.Customer.Locale, TimeZone: r.Customer.TimeZone}
	c.From = carrier.Address{Country: r.From.Country}
	for i := range c.Items {
		c.Items[i].Note, c.Items[i].PhotoURLs = "", nil
	}
	for _, p := range c.Outbox {
		p.LastError = ErasedNote
		c.Failed = append(c.Failed, p)
	}
	c.Outbox = nil
	for i := range c.Failed {
		if c.Failed[i].LastError != ErasedNote {
			c.Failed[i].LastError = ""
		}
		m := &c.Failed[i].Message
		m.Recipient = c.Customer
		m.Subject, m.Text, m.HTML = "", "", ""
	}
	return c
}

// EraseCustomer removes the personal data of the customer's returns (see
// Erase) and returns how many returns it erased. The Store must implement
// CustomerEraser, else the error wraps errors.ErrUnsupported. The tracking
// Service's records of return parcels carry the customer id only.
func (s *Service) EraseCustomer(ctx context.Context, customerID string) (int, error) {
	e, ok := s.cfg.Store.(CustomerEraser)
	if !ok {
		return 0, fmt.Errorf("returns: erase customer: the store cannot erase: %w", errors.ErrUnsupported)
	}
	n, err := e.EraseCustomer(ctx, customerID)
	if err != nil {
		return n, fmt.Errorf("returns: erase customer: %w", err)
	}
	s.log.InfoContext(ctx, "returns: customer erased", "customer", customerID, "returns", n)
	return n, nil
}

var _ CustomerEraser = (*MemoryStore)(nil)

// EraseCustomer implements CustomerEraser.
func (s *MemoryStore) EraseCustomer(ctx context.Context, customerID string) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	if customerID == "" {
		return 0, fmt.Errorf("returns: erase customer: %w: empty customer id", ErrInvalid)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for id, r := range s.m {
		if r.Customer.ID != customerID {
			continue
		}
		e := Erase(*r)
		e.Version = r.Version + 1
		s.m[id] = &e
		n++
	}
	return n, nil
}
