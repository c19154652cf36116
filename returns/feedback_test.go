package returns_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/carrier/sim"
	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/tracking"
)

// TestJourneyNoFeedbackRequestDuringAnOpenReturn delivers two orders through
// the tracking Service; the customer of the first starts a return the day
// after delivery and gets the label. Three days after delivery the customer
// of the second order is asked for feedback, the one sending the first
// back is not ("we hope you are happy with it" after the return label
// went out), through the hold returns.New registers with tracking.
func TestJourneyNoFeedbackRequestDuringAnOpenReturn(t *testing.T) {
	e := setup(t)
	for i, id := range []string{"s1", "s2"} {
		number := sim.Number(i + 1)
		require.NoError(t, e.sim.Ship(number, sim.OnTime(), e.clk.Now()))
		require.NoError(t, e.trk.Track(e.ctx, tracking.Shipment{ID: id, OrderID: "o" + id[1:], Carrier: "sim", TrackingNumber: number,
			Recipient: notify.Recipient{ID: "c" + id[1:], Name: "Ada", Email: "ada@example.com"}}))
	}
	tick := func(d time.Duration) {
		for end := e.clk.Now().Add(d); e.clk.Now().Before(end); e.clk.Advance(time.Hour) {
			require.NoError(t, e.trk.Tick(e.ctx))
			require.NoError(t, e.rs.Sync(e.ctx))
		}
	}
	for range 10 * 24 {
		tick(time.Hour)
		v, err := e.trk.Status(e.ctx, "s1")
		require.NoError(t, err)
		if v.State == tracking.StateDelivered {
			break
		}
	}
	v, err := e.trk.Status(e.ctx, "s1")
	require.NoError(t, err)
	require.Equal(t, tracking.StateDelivered, v.State)

	tick(24 * time.Hour)
	_, _, err = e.rs.Request(e.ctx, request("r1")) // for s1, order o1
	require.NoError(t, err)
	_, err = e.rs.IssueLabel(e.ctx, "r1")
	require.NoError(t, err)
	tick(4 * 24 * time.Hour)

	asked := map[string]bool{}
	for _, m := range e.trkOut.Messages() {
		if m.Kind == notify.KindFeedbackRequest {
			asked[m.ShipmentID] = true
		}
	}
	assert.True(t, asked["s2"], "the order kept is asked for feedback")
	assert.False(t, asked["s1"], "no feedback request while the order's return is open")
	open, err := e.rs.HasOpenReturn(e.ctx, "s1", "o1")
	require.NoError(t, err)
	assert.True(t, open)
	r, err := e.rs.Get(e.ctx, "r1")
	require.NoError(t, err)
	assert.False(t, r.State.Final(), "the return is still open: %s", r.State)

	open, err = e.rs.HasOpenReturn(e.ctx, "s2", "o2")
	require.NoError(t, err)
	assert.False(t, open)
}
