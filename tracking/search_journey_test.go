package tracking_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/carrier/sim"
	"github.com/wismo-dev/wismo/tracking"
)

func pageIDs(p tracking.Page) []string {
	ids := []string{}
	for _, v := range p.Shipments {
		ids = append(ids, v.ID)
	}
	return ids
}

func TestJourneySearchByTrackingNumber(t *testing.T) {
	onEveryStore(t, func(t *testing.T, st lifeStore) {
		ctx := context.Background()
		w := newLifeWorld(t, lifeOptions{store: st})
		w.ship(t, "s1", "A-1", "SIM-0000-0000-01", sim.OnTime())
		w.clk.Advance(time.Minute)
		w.ship(t, "s2", "A-2", "sim0000000002", sim.OnTime())
		w.clk.Advance(time.Minute)
		w.ship(t, "s3", "A-3", "SIM0000000003", sim.OnTime())
		for number, want := range map[string][]string{
			"SIM0000000001":       {"s1"},
			"sim 0000 0000 01":    {"s1"},
			"SIM0000000002":       {"s2"},
			"SIM-0000000003\n":    {"s3"},
			"SIM0000000004":       {},
			"SIM00000000":         {},
			"SIM0000000002\x00":   {},
			"SIM_0000_0000_0002":  {},
			"SIM 0000 0000 02 ¿?": {},
		} {
			p, err := w.svc.List(ctx, tracking.Query{TrackingNumber: number})
			require.NoError(t, err, "search %q", number)
			require.Equal(t, want, pageIDs(p), "search %q", number)
		}
		p, err := w.svc.List(ctx, tracking.Query{TrackingNumber: "SIM0000000002", OrderID: "A-1"})
		require.NoError(t, err)
		require.Empty(t, p.Shipments, "the number and the order must both match")

		// A corrected number is found under the new number only.
		number := "SIM0000000009"
		_, err = w.svc.Update(ctx, "s2", tracking.ShipmentChange{TrackingNumber: &number})
		require.NoError(t, err)
		p, err = w.svc.List(ctx, tracking.Query{TrackingNumber: "sim 0000000002"})
		require.NoError(t, err)
		require.Empty(t, p.Shipments)
		p, err = w.svc.List(ctx, tracking.Query{TrackingNumber: "sim-0000000009"})
		require.NoError(t, err)
		require.Equal(t, []string{"s2"}, pageIDs(p))

		// A cursor belongs to its number.
		p, err = w.svc.List(ctx, tracking.Query{Limit: 1})
		require.NoError(t, err)
		require.NotEmpty(t, p.Next)
		_, err = w.svc.List(ctx, tracking.Query{Limit: 1, Cursor: p.Next, TrackingNumber: "SIM0000000003"})
		require.ErrorIs(t, err, tracking.ErrBadCursor)
	})
}

func TestJourneyNotFoundInView(t *testing.T) {
	onEveryStore(t, func(t *testing.T, st lifeStore) {
		ctx := context.Background()
		w := newLifeWorld(t, lifeOptions{store: st})
		w.ship(t, "ghost", "", "SIM9999999999", sim.Scenario{})
		w.ship(t, "real", "", "SIM0000000001", sim.OnTime())
		yes, no := true, false
		list := func(q tracking.Query) []string {
			p, err := w.svc.List(ctx, q)
			require.NoError(t, err)
			return pageIDs(p)
		}
		w.run(t, 24*time.Hour)
		require.False(t, w.status(t, "ghost").NotFound, "within the grace period")
		require.Empty(t, list(tracking.Query{NotFound: &yes}))
		w.run(t, 60*time.Hour)
		v := w.status(t, "ghost")
		require.True(t, v.NotFound, "no data past Thresholds.NotFoundAfter")
		require.False(t, w.status(t, "real").NotFound)
		require.Equal(t, []string{"ghost"}, list(tracking.Query{NotFound: &yes}))
		require.Equal(t, []string{"real"}, list(tracking.Query{NotFound: &no}))
		p, err := w.svc.List(ctx, tracking.Query{NotFound: &yes})
		require.NoError(t, err)
		require.True(t, p.Shipments[0].NotFound, "List's views carry NotFound too")

		// The carrier finds the parcel after all: no longer not found.
		require.NoError(t, w.sim.Ship("SIM9999999999", sim.OnTime(), w.clk.Now()))
		w.run(t, 48*time.Hour)
		require.False(t, w.status(t, "ghost").NotFound)
		require.Empty(t, list(tracking.Query{NotFound: &yes}))
	})
}
