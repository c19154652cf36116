package tracking_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/sim"
	"github.com/wismo-dev/wismo/notify/notifytest"
	"github.com/wismo-dev/wismo/tracking"
	"github.com/wismo-dev/wismo/tracking/memstore"
)

// twoServices returns two Services sharing one memstore, as two processes
// share a database, and a registered shipment s1.
func twoServices(t *testing.T) (a, b *tracking.Service) {
	t.Helper()
	clk := sim.NewClock(mon)
	sc, err := sim.New(sim.Config{Now: clk.Now})
	require.NoError(t, err)
	st := memstore.New()
	for i, owner := range []string{"a", "b"} {
		svc, err := tracking.New(tracking.Config{Store: st, Carriers: carrier.NewRegistry(sc), Notifier: &notifytest.Recorder{}, Now: clk.Now, Owner: owner})
		require.NoError(t, err)
		if i == 0 {
			a = svc
		} else {
			b = svc
		}
	}
	require.NoError(t, a.Track(context.Background(), tracking.Shipment{ID: "s1", Carrier: sim.DefaultID, TrackingNumber: "N1"}))
	return a, b
}

// Two Updates with the same IfVersion from two Services at once: one
// wins, the other gets ErrVersionConflict, and one update event is
// written.
func TestConcurrentUpdatesWithOneVersion(t *testing.T) {
	for range 20 {
		a, b := twoServices(t)
		ctx := context.Background()
		v, err := a.Status(ctx, "s1")
		require.NoError(t, err)
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, svc := range []*tracking.Service{a, b} {
			promise := mon.Add(time.Duration(72+i) * time.Hour)
			wg.Go(func() {
				_, errs[i] = svc.Update(ctx, "s1", tracking.ShipmentChange{IfVersion: v.Version, PromisedBy: &promise})
			})
		}
		wg.Wait()
		won := 0
		for _, err := range errs {
			if err == nil {
				won++
			} else {
				require.ErrorIs(t, err, tracking.ErrVersionConflict)
			}
		}
		require.Equal(t, 1, won, "exactly one Update of version %d must win: %v", v.Version, errs)
		require.Equal(t, 1, countEvents(t, a, tracking.EventShipmentUpdated))
	}
}

// Cancel twice at once from two Services: both succeed, the shipment is
// cancelled once (one cancel event).
func TestConcurrentCancels(t *testing.T) {
	for range 20 {
		a, b := twoServices(t)
		ctx := context.Background()
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, svc := range []*tracking.Service{a, b} {
			wg.Go(func() { _, errs[i] = svc.Cancel(ctx, "s1", "order cancelled") })
		}
		wg.Wait()
		require.NoError(t, errors.Join(errs...))
		require.Equal(t, 1, countEvents(t, a, tracking.EventShipmentCancelled))
		v, err := b.Status(ctx, "s1")
		require.NoError(t, err)
		require.Equal(t, tracking.StateCancelled, v.State)
	}
}

func countEvents(t *testing.T, svc *tracking.Service, typ tracking.EventType) int {
	t.Helper()
	evs, err := svc.Events(context.Background(), 0, tracking.MaxEvents)
	require.NoError(t, err)
	n := 0
	for _, e := range evs {
		if e.Type == typ {
			n++
		}
	}
	return n
}
