package memstore_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/tracking/memstore"
	"github.com/wismo-dev/wismo/tracking/store"
)

func TestReadHistory(t *testing.T) {
	checkReadHistory(t, memstore.New())
}

func TestReadHistoryCancelled(t *testing.T) {
	s := memstore.New()
	_, err := s.CreateShipment(context.Background(), &store.Shipment{ID: "a", Carrier: "ups", TrackingNumber: "1"})
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err = s.ReadHistory(ctx, store.HistoryQuery{}, func(*store.History) error { return nil })
	require.ErrorIs(t, err, context.Canceled)
}

// checkReadHistory checks the store.HistoryReader contract: exact ranges
// whatever the zone offset the registration time was stored with, the
// carrier filter, pagination, scans in order on the right shipment, and
// early stop. (tracking/sqlstore's history_test.go checks the same.)
func checkReadHistory(t *testing.T, st store.Store) {
	ctx := context.Background()
	hr, ok := st.(store.HistoryReader)
	require.True(t, ok, "the store implements store.HistoryReader")
	from := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
	to := from.Add(24 * time.Hour)
	zone := func(h int) *time.Location { return time.FixedZone(fmt.Sprintf("%+d", h), h*3600) }
	created := map[string]time.Time{
		"a-out-before": time.Date(2026, 3, 10, 1, 0, 0, 0, zone(2)),          // 09T23:00Z
		"b-in":         time.Date(2026, 3, 9, 20, 0, 0, 0, zone(-5)),         // 10T01:00Z
		"c-in-edge":    from,                                                 // included
		"d-in":         time.Date(2026, 3, 11, 0, 30, 0, 500, zone(1)),       // 10T23:30Z
		"e-out-edge":   time.Date(2026, 3, 10, 20, 0, 0, 0, zone(-4)),        // 11T00:00Z, excluded
		"f-in-east":    time.Date(2026, 3, 11, 13, 0, 0, 0, zone(14)),        // 10T23:00Z, in
		"g-out-late":   time.Date(2026, 3, 12, 9, 0, 0, 0, time.UTC),         // out
		"h-in-dhl":     time.Date(2026, 3, 10, 12, 0, 0, 123456789, zone(9)), // in, other carrier
	}
	want := []string{"b-in", "c-in-edge", "d-in", "f-in-east", "h-in-dhl"}
	for id, at := range created {
		c := "ups"
		if id == "h-in-dhl" {
			c = "dhl"
		}
		_, err := st.CreateShipment(ctx, &store.Shipment{ID: id, Carrier: c, TrackingNumber: id, CreatedAt: at, Service: "express"})
		require.NoError(t, err)
		_, err = st.AppendScans(ctx, id, []store.Scan{
			{Time: at.Add(2 * time.Hour), Code: "DL", Milestone: "delivered", Description: id},
			{Time: at.Add(time.Hour), Code: "PU", Milestone: "picked_up", Description: id},
		})
		require.NoError(t, err)
	}
	read := func(q store.HistoryQuery) []string {
		var got []string
		require.NoError(t, hr.ReadHistory(ctx, q, func(h *store.History) error {
			require.Equal(t, "express", h.Shipment.Service)
			require.True(t, h.Shipment.CreatedAt.Equal(created[h.Shipment.ID]), h.Shipment.ID)
			require.Len(t, h.Scans, 2, h.Shipment.ID)
			require.Equal(t, "PU", h.Scans[0].Code, "scans in time order")
			require.Equal(t, h.Shipment.ID, h.Scans[1].Description, "scans of the right shipment")
			got = append(got, h.Shipment.ID)
			return nil
		}))
		slices.Sort(got)
		return got
	}
	for _, batch := range []int{0, 1, 2, 3, 100} {
		require.Equal(t, want, read(store.HistoryQuery{CreatedFrom: from, CreatedTo: to, BatchSize: batch}), "batch %d", batch)
	}
	require.Equal(t, []string{"b-in", "c-in-edge", "d-in", "f-in-east"}, read(store.HistoryQuery{CreatedFrom: from, CreatedTo: to, Carrier: "ups", BatchSize: 2}))
	require.Len(t, read(store.HistoryQuery{}), len(created))
	require.Equal(t, []string{"a-out-before"}, read(store.HistoryQuery{CreatedTo: from}))
	require.Empty(t, read(store.HistoryQuery{CreatedFrom: to.Add(48 * time.Hour)}))

	stop := errors.New("stop")
	n := 0
	err := hr.ReadHistory(ctx, store.HistoryQuery{BatchSize: 3}, func(*store.History) error {
		n++
		if n == 4 {
			return stop
		}
		return nil
	})
	require.ErrorIs(t, err, stop)
	require.Equal(t, 4, n)
}
