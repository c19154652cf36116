package returns

import (
	"context"
	"errors"
	"fmt"

	"github.com/wismo-dev/wismo/returns/store"
)

// ErasedNote is the LastError of messages Erase gives up.
const ErasedNote = store.ErasedNote

// Erase returns r without the customer's personal data (store.Erase): the
// name, e-mail and phone (the customer id stays, as the key), the sender
// address, the items' notes and photos, and the recipients, texts and last
// errors of the messages. Messages not sent yet move to Failed with
// ErasedNote. It is pure and idempotent.
func Erase(r Return) Return { return store.Erase(r) }

// EraseCustomer removes the personal data of the customer's returns (see
// Erase) and returns how many returns it erased. The Store must implement
// store.CustomerEraser (returns/memstore and returns/returnsql do), else the
// error wraps errors.ErrUnsupported. The tracking Service's records of
// return parcels carry the customer id only.
func (s *Service) EraseCustomer(ctx context.Context, customerID string) (int, error) {
	e, ok := s.cfg.Store.(store.CustomerEraser)
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
