package tracking_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/milestone"
	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/notify/notifytest"
	"github.com/wismo-dev/wismo/tracking"
	"github.com/wismo-dev/wismo/tracking/insights"
	"github.com/wismo-dev/wismo/tracking/memstore"
)

// pushOnly is a carrier whose updates all arrive by Ingest.
type pushOnly string

func (p pushOnly) ID() string { return string(p) }
func (pushOnly) Track(context.Context, string) (*carrier.Update, error) {
	return nil, carrier.ErrNotFound
}

// With the shop's history saying this carrier takes six business days, a
// shipment promised in three is at risk as soon as it is picked up, although
// the carrier gives no estimate; the customer is not told a guess.
func TestPredictedLateFromHistory(t *testing.T) {
	ctx := context.Background()
	berlin, _ := time.LoadLocation("Europe/Berlin")
	start := time.Date(2026, 2, 2, 8, 0, 0, 0, berlin) // a Monday
	now := start
	clock := func() time.Time { return now }

	// The history: forty deliveries, six business days after pickup.
	hist := memstore.New()
	past, err := tracking.New(tracking.Config{Store: hist, Carriers: carrier.NewRegistry(pushOnly("slow")), Now: clock,
		Notifier: &notifytest.Recorder{}, FeedbackAfter: -1})
	require.NoError(t, err)
	for i := range 40 {
		n := fmt.Sprintf("H%02d", i)
		now = start
		require.NoError(t, past.Track(ctx, tracking.Shipment{ID: n, Carrier: "slow", TrackingNumber: n, TimeZone: berlin}))
		pick := start.Add(2 * time.Hour)
		done := time.Date(2026, 2, 10, 12, 0, 0, 0, berlin) // Monday + 6 business days
		now = done.Add(time.Hour)                           // the scans arrive after they happened, not days before
		require.NoError(t, past.Ingest(ctx, &carrier.Update{Carrier: "slow", TrackingNumber: n, Scans: []milestone.Scan{
			{Time: pick, Carrier: "slow", Description: "Picked up"},
			{Time: done, Carrier: "slow", Description: "Delivered"},
		}}))
	}
	pred, err := insights.Train(ctx, hist, insights.Range{From: start.AddDate(0, 0, -1), To: start.AddDate(0, 0, 1)}, insights.PredictorConfig{})
	require.NoError(t, err)
	var current insights.Current
	current.Store(pred)

	now = time.Date(2026, 3, 2, 8, 0, 0, 0, berlin)
	out := &notifytest.Recorder{}
	svc, err := tracking.New(tracking.Config{Carriers: carrier.NewRegistry(pushOnly("slow")), Now: clock,
		Notifier: out, Predict: current.Predict})
	require.NoError(t, err)
	require.NoError(t, svc.Track(ctx, tracking.Shipment{ID: "s1", Carrier: "slow", TrackingNumber: "N1", TimeZone: berlin,
		Recipient:  notify.Recipient{Name: "Ada", Email: "ada@example.com"},
		PromisedBy: time.Date(2026, 3, 5, 23, 59, 0, 0, berlin)}))
	now = now.Add(3 * time.Hour)
	require.NoError(t, svc.Ingest(ctx, &carrier.Update{Carrier: "slow", TrackingNumber: "N1", Scans: []milestone.Scan{
		{Time: now.Add(-time.Hour), Carrier: "slow", Description: "Picked up"}}}))

	v, err := svc.Status(ctx, "s1")
	require.NoError(t, err)
	require.Equal(t, "at_risk", string(v.State))
	require.Equal(t, "predicted_late", string(v.Reason))
	require.Equal(t, insights.SourceHistory, v.Predicted.Source)
	require.Equal(t, "2026-03-10", v.Predicted.P50.In(berlin).Format(time.DateOnly), "six business days after Monday's pickup")
	require.Equal(t, []notify.Kind{notify.KindShipped}, out.Kinds(), "a prediction tells the customer nothing")

	// The carrier's own estimate, within the promise, outranks the history.
	require.NoError(t, svc.Ingest(ctx, &carrier.Update{Carrier: "slow", TrackingNumber: "N1",
		EstimatedDelivery: time.Date(2026, 3, 4, 18, 0, 0, 0, berlin), Scans: []milestone.Scan{
			{Time: now, Carrier: "slow", Description: "Departed facility"}}}))
	v, err = svc.Status(ctx, "s1")
	require.NoError(t, err)
	require.Equal(t, "on_track", string(v.State))
	require.Equal(t, insights.SourceCarrier, v.Predicted.Source)
}
