package insights_test

import (
	"context"
	"fmt"
	"time"

	"github.com/wismo-dev/wismo/milestone"
	"github.com/wismo-dev/wismo/tracking/insights"
	"github.com/wismo-dev/wismo/tracking/memstore"
	"github.com/wismo-dev/wismo/tracking/store"
)

func Example() {
	ctx := context.Background()
	st := memstore.New()

	// History: ten ups parcels picked up on Monday 2 March 2026 and
	// delivered 1 to 3 business days later.
	monday := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	for i, days := range []int{1, 1, 2, 2, 2, 2, 2, 3, 3, 3} {
		id := fmt.Sprintf("order-%d", i)
		_, _ = st.CreateShipment(ctx, &store.Shipment{ID: id, Carrier: "ups", TrackingNumber: id,
			CreatedAt: monday.Add(-time.Hour), PromisedBy: monday.AddDate(0, 0, 2).Add(8 * time.Hour)})
		_, _ = st.AppendScans(ctx, id, []store.Scan{
			{Time: monday, Code: "PU", Milestone: "picked_up"},
			{Time: monday.AddDate(0, 0, days).Add(4 * time.Hour), Code: "DL", Milestone: "delivered"},
		})
	}
	src, err := insights.AsSource(st)
	if err != nil {
		panic(err)
	}
	march := insights.Range{From: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)}

	rep, err := insights.Compute(ctx, src, march, insights.Options{})
	if err != nil {
		panic(err)
	}
	ups := rep.Groups[0]
	fmt.Printf("%s: %d delivered, on time %.0f%%, median %d, p90 %d business days, histogram %v\n",
		ups.Carrier, ups.Delivered, 100*ups.OnTimeRate, ups.Transit.Median, ups.Transit.P90, ups.Transit.Histogram)

	p, err := insights.Train(ctx, src, march, insights.PredictorConfig{MinSamples: 5})
	if err != nil {
		panic(err)
	}
	pr := p.Predict(insights.PredictInput{Carrier: "ups", Milestone: milestone.PickedUp,
		MilestoneAt: time.Date(2026, 4, 3, 15, 0, 0, 0, time.UTC)}) // a Friday
	fmt.Printf("picked up Friday: expect %s, at the latest %s (%s, %d samples)\n",
		pr.P50.Format("Mon 2 Jan"), pr.P90.Format("Mon 2 Jan"), pr.Source, pr.Samples)
	// Output:
	// ups: 10 delivered, on time 70%, median 2, p90 3 business days, histogram [0 2 5 3]
	// picked up Friday: expect Tue 7 Apr, at the latest Wed 8 Apr (history, 10 samples)
}
