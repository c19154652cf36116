package store_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/wismo-dev/wismo/tracking/memstore"
	"github.com/wismo-dev/wismo/tracking/store"
)

// The optimistic update loop every writer runs: read, change, write with the
// version read, and on ErrConflict read again.
func ExampleStore_UpdateShipment() {
	ctx := context.Background()
	var s store.Store = memstore.New()
	_, _ = s.CreateShipment(ctx, &store.Shipment{ID: "s1", Carrier: "ups", TrackingNumber: "1Z1"})

	// Another writer changes the shipment between our read and our write.
	interfere := true
	for {
		sh, err := s.GetShipment(ctx, "s1")
		if err != nil {
			panic(err)
		}
		if interfere {
			other := *sh
			_, _ = s.UpdateShipment(ctx, store.UpdateParams{Shipment: &other})
			interfere = false
		}
		sh.State = "on_track"
		v, err := s.UpdateShipment(ctx, store.UpdateParams{Shipment: sh})
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
	// Output:
	// conflict, retrying
	// written at version 3
}
