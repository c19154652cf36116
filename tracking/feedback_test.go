package tracking_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/sim"
	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/notify/notifytest"
	"github.com/wismo-dev/wismo/tracking"
)

// TestFeedbackHolds: a feedback request goes out when no hold objects, is
// withdrawn when one does, and waits while a hold fails, withdrawn a day
// later.
func TestFeedbackHolds(t *testing.T) {
	for _, c := range []struct {
		name  string
		hold  func() (bool, error)
		asked bool
	}{
		{"no hold", func() (bool, error) { return false, nil }, true},
		{"held", func() (bool, error) { return true, nil }, false},
		{"hold fails", func() (bool, error) { return false, errors.New("returns store down") }, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx := context.Background()
			clk := sim.NewClock(time.Date(2026, 3, 9, 8, 0, 0, 0, time.UTC))
			carr, err := sim.New(sim.Config{ID: "sim", Now: clk.Now})
			require.NoError(t, err)
			out := &notifytest.Recorder{}
			trk, err := tracking.New(tracking.Config{Carriers: carrier.NewRegistry(carr), Notifier: out, Now: clk.Now})
			require.NoError(t, err)
			var calls atomic.Int64
			trk.HoldFeedback(func(_ context.Context, shipmentID, orderID string) (bool, error) {
				assert.Equal(t, "s1", shipmentID)
				assert.Equal(t, "o1", orderID)
				calls.Add(1)
				return c.hold()
			})
			require.NoError(t, carr.Ship("SIM1", sim.OnTime(), clk.Now()))
			require.NoError(t, trk.Track(ctx, tracking.Shipment{ID: "s1", OrderID: "o1", Carrier: "sim", TrackingNumber: "SIM1",
				Recipient: notify.Recipient{ID: "c1", Email: "ada@example.com"}}))
			for range 10 * 24 {
				clk.Advance(time.Hour)
				require.NoError(t, trk.Tick(ctx))
			}
			var asked int
			for _, m := range out.Messages() {
				if m.Kind == notify.KindFeedbackRequest {
					asked++
				}
			}
			assert.Equal(t, c.asked, asked == 1, "feedback requests: %d", asked)
			assert.LessOrEqual(t, asked, 1)
			assert.Positive(t, calls.Load(), "the hold was asked")
			if c.name == "hold fails" {
				assert.Greater(t, calls.Load(), int64(1), "a failing hold is asked again")
				n := calls.Load()
				clk.Advance(48 * time.Hour)
				require.NoError(t, trk.Tick(ctx))
				clk.Advance(time.Hour)
				require.NoError(t, trk.Tick(ctx))
				assert.Equal(t, n, calls.Load(), "withdrawn after a day: not asked again")
			}
		})
	}
}
