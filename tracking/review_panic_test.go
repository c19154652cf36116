package tracking_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/sim"
	"github.com/wismo-dev/wismo/notify/notifytest"
	"github.com/wismo-dev/wismo/tracking"
)

// A handler that panics is a handler that failed: DeliverEvents returns
// an error, the event is delivered again by the next call, and Run goes
// on. (Before: the panic ended the host's process.)
func TestPanickingEventHandlerIsAFailure(t *testing.T) {
	clk := sim.NewClock(mon)
	sc, err := sim.New(sim.Config{Now: clk.Now})
	require.NoError(t, err)
	panics := true
	var got []string
	svc, err := tracking.New(tracking.Config{Carriers: carrier.NewRegistry(sc), Notifier: &notifytest.Recorder{}, Now: clk.Now,
		OnEvent: func(_ context.Context, e tracking.ShipmentEvent) error {
			if panics {
				panic("host bug")
			}
			got = append(got, e.ID)
			return nil
		}})
	require.NoError(t, err)
	ctx := context.Background()
	require.NoError(t, svc.Track(ctx, tracking.Shipment{ID: "s1", Carrier: sim.DefaultID, TrackingNumber: "N1"}))
	_, err = svc.Cancel(ctx, "s1", "test")
	require.NoError(t, err)
	all, err := svc.Events(ctx, 0, tracking.MaxEvents)
	require.NoError(t, err)
	require.NotEmpty(t, all)
	var n int
	require.NotPanics(t, func() { n, err = svc.DeliverEvents(ctx) })
	require.ErrorContains(t, err, "host bug")
	require.Zero(t, n)
	panics = false
	n, err = svc.DeliverEvents(ctx)
	require.NoError(t, err)
	require.Equal(t, len(all), n)
	require.Equal(t, all[0].ID, got[0], "the event whose handler panicked is delivered first")
}
