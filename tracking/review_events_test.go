package tracking_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/sim"
	"github.com/wismo-dev/wismo/notify/notifytest"
	"github.com/wismo-dev/wismo/tracking"
	"github.com/wismo-dev/wismo/tracking/memstore"
	"github.com/wismo-dev/wismo/tracking/store"
)

// cursorLog is a store that records the delivery position after every
// SaveCursor.
type cursorLog struct {
	store.Store
	mu    sync.Mutex
	saved []int64
}

func (c *cursorLog) SaveCursor(ctx context.Context, name string, seq int64) error {
	err := c.Store.SaveCursor(ctx, name, seq)
	pos, _ := c.Store.LoadCursor(ctx, name)
	c.mu.Lock()
	c.saved = append(c.saved, pos)
	c.mu.Unlock()
	return err
}

// Two Services deliver the event stream of one store at once, one of them
// slowly: every event reaches a handler, and the stored position never
// moves backwards. (Before: the slow one saved its old position over the
// fast one's, so the stream was given again from there.)
func TestEventDeliveryOfTwoServicesNeverMovesBack(t *testing.T) {
	clk := sim.NewClock(mon)
	sc, err := sim.New(sim.Config{Now: clk.Now})
	require.NoError(t, err)
	st := &cursorLog{Store: memstore.New()}
	var mu sync.Mutex
	seen := map[string]bool{}
	record := func(e tracking.ShipmentEvent) {
		mu.Lock()
		seen[e.ID] = true
		mu.Unlock()
	}
	entered, gate := make(chan struct{}), make(chan struct{})
	var once sync.Once
	newSvc := func(owner string, batch int, h func(context.Context, tracking.ShipmentEvent) error) *tracking.Service {
		svc, err := tracking.New(tracking.Config{Store: st, Carriers: carrier.NewRegistry(sc), Notifier: &notifytest.Recorder{},
			Now: clk.Now, Owner: owner, BatchSize: batch, OnEvent: h})
		require.NoError(t, err)
		return svc
	}
	slow := newSvc("slow", 2, func(_ context.Context, e tracking.ShipmentEvent) error {
		once.Do(func() {
			close(entered)
			<-gate
		})
		record(e)
		return nil
	})
	fast := newSvc("fast", 100, func(_ context.Context, e tracking.ShipmentEvent) error {
		record(e)
		return nil
	})
	ctx := context.Background()
	for i := range 5 {
		id := fmt.Sprintf("s%d", i)
		require.NoError(t, fast.Track(ctx, tracking.Shipment{ID: id, Carrier: sim.DefaultID, TrackingNumber: id}))
		_, err := fast.Cancel(ctx, id, "test")
		require.NoError(t, err)
	}
	all, err := fast.Events(ctx, 0, tracking.MaxEvents)
	require.NoError(t, err)
	require.Greater(t, len(all), 4)
	done := make(chan error, 1)
	go func() {
		_, err := slow.DeliverEvents(ctx)
		done <- err
	}()
	<-entered
	_, err = fast.DeliverEvents(ctx)
	require.NoError(t, err)
	close(gate)
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("the slow delivery did not end")
	}
	for _, e := range all {
		require.True(t, seen[e.ID], "event %s (seq %d) was never delivered", e.ID, e.Seq)
	}
	for i := 1; i < len(st.saved); i++ {
		require.GreaterOrEqual(t, st.saved[i], st.saved[i-1], "the delivery position moved backwards: %v", st.saved)
	}
	require.Equal(t, all[len(all)-1].Seq, st.saved[len(st.saved)-1])
}
