package memstore_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/wismo-dev/wismo/returns/memstore"
	"github.com/wismo-dev/wismo/returns/store"
)

// Create a return, update it, lose a race with a stale version, and list
// the returns still active.
func Example() {
	ctx := context.Background()
	s := memstore.New()
	_, _ = s.Create(ctx, &store.Return{ID: "r1", OrderID: "o1", ShipmentID: "s1", State: store.StateRequested})

	r, _ := s.Get(ctx, "r1")
	stale := *r
	r.State = store.StateApproved
	v, err := s.Update(ctx, r)
	fmt.Println("version", v, err)

	stale.State = store.StateCancelled
	_, err = s.Update(ctx, &stale)
	fmt.Println("stale write:", errors.Is(err, store.ErrConflict))

	active, _ := s.ListActive(ctx, store.ListParams{})
	for _, r := range active {
		fmt.Println("active:", r.ID, r.State)
	}
	// Output:
	// version 2 <nil>
	// stale write: true
	// active: r1 approved
}
