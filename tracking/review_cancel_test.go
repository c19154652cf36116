package tracking_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/sim"
	"github.com/wismo-dev/wismo/milestone"
	"github.com/wismo-dev/wismo/notify/notifytest"
	"github.com/wismo-dev/wismo/tracking"
	"github.com/wismo-dev/wismo/tracking/memstore"
	"github.com/wismo-dev/wismo/tracking/store"
)

// claimHook is a store that runs hook once, right after the first
// ClaimOutbox that returned messages: what another process does between a
// flush's claim and its send.
type claimHook struct {
	store.Store
	once sync.Once
	hook func()
}

func (c *claimHook) ClaimOutbox(ctx context.Context, p store.ClaimOutboxParams) ([]store.OutboxMessage, error) {
	msgs, err := c.Store.ClaimOutbox(ctx, p)
	if len(msgs) > 0 {
		c.once.Do(c.hook)
	}
	return msgs, err
}

// A message a flush claimed before the shipment was cancelled must not be
// sent after the cancellation: Cancel promises that no more messages go
// out. (Before: the flush sent what it had claimed, and recorded it sent.)
func TestMessageClaimedBeforeCancelIsNotSent(t *testing.T) {
	clk := sim.NewClock(mon)
	sc, err := sim.New(sim.Config{Now: clk.Now})
	require.NoError(t, err)
	mem := memstore.New()
	st := &claimHook{Store: mem}
	out := &notifytest.Recorder{}
	svc, err := tracking.New(tracking.Config{Store: st, Carriers: carrier.NewRegistry(sc), Notifier: out, Now: clk.Now})
	require.NoError(t, err)
	ctx := context.Background()
	require.NoError(t, svc.Track(ctx, tracking.Shipment{ID: "s1", Carrier: sim.DefaultID, TrackingNumber: "N1"}))
	st.hook = func() {
		_, err := svc.Cancel(ctx, "s1", "order cancelled")
		require.NoError(t, err)
	}
	require.NoError(t, svc.Ingest(ctx, &carrier.Update{Carrier: sim.DefaultID, TrackingNumber: "N1",
		Scans: []milestone.Scan{{Time: mon, Code: sim.CodePickedUp, Description: "Picked up"}}}))
	require.Empty(t, out.Messages(), "a message was sent after the shipment was cancelled")
	msgs, err := mem.ListOutbox(ctx, store.OutboxQuery{ShipmentID: "s1", Limit: 10})
	require.NoError(t, err)
	require.NotEmpty(t, msgs, "the pickup wrote a message")
	for _, m := range msgs {
		require.Equal(t, store.OutboxWithdrawn, m.Status, "message %s (%s)", m.Message.ID, m.Message.Kind)
	}
	clk.Advance(time.Hour)
	require.NoError(t, svc.Tick(ctx))
	require.Empty(t, out.Messages(), "a later Tick sent a cancelled shipment's message")
}
