package memstore_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/tracking/memstore"
	"github.com/wismo-dev/wismo/tracking/store"
)

// The ReadHistory contract is checked by storetest.Run (TestConformance).

func TestReadHistoryCancelled(t *testing.T) {
	s := memstore.New()
	_, err := s.CreateShipment(context.Background(), &store.Shipment{ID: "a", Carrier: "ups", TrackingNumber: "1"})
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err = s.ReadHistory(ctx, store.HistoryQuery{}, func(*store.History) error { return nil })
	require.ErrorIs(t, err, context.Canceled)
}
