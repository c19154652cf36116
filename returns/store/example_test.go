package store_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/wismo-dev/wismo/returns/memstore"
	"github.com/wismo-dev/wismo/returns/store"
)

// The optimistic update loop every writer runs: read, change, write with the
// version read, and on ErrConflict read again.
func ExampleStore_Update() {
	ctx := context.Background()
	var s store.Store = memstore.New()
	_, _ = s.Create(ctx, &store.Return{ID: "r1", OrderID: "o1", State: store.StateRequested})

	// Another writer changes the return between our read and our write.
	interfere := true
	for {
		r, err := s.Get(ctx, "r1")
		if err != nil {
			panic(err)
		}
		if interfere {
			other := *r
			other.Note = "seen by the shop"
			_, _ = s.Update(ctx, &other)
			interfere = false
		}
		r.State = store.StateApproved
		v, err := s.Update(ctx, r)
		if errors.Is(err, store.ErrConflict) {
			fmt.Println("conflict, retrying")
			continue
		}
		if err != nil {
			panic(err)
		}
		fmt.Println("written at version", v)
		break
	}
	r, _ := s.Get(ctx, "r1")
	fmt.Println(r.State, r.Note)
	// Output:
	// conflict, retrying
	// written at version 3
	// approved seen by the shop
}

// Erase keeps the keys and drops the customer's personal data; messages not
// sent yet are given up.
func ExampleErase() {
	r := store.Return{ID: "r1", OrderID: "o1", Items: []store.Item{{SKU: "mug", Quantity: 1, Reason: store.ReasonDamaged, Note: "chipped"}}}
	r.Customer.ID, r.Customer.Email = "c1", "ada@example.com"
	r.Outbox = []store.Pending{{}}
	e := store.Erase(r)
	fmt.Printf("%s %q %q %d %s\n", e.Customer.ID, e.Customer.Email, e.Items[0].Note, len(e.Failed), e.Failed[0].LastError)
	// Output: c1 "" "" 1 customer data erased
}
