package insights_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
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

func ExampleHandler() {
	ctx := context.Background()
	st := memstore.New()
	at := time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC) // a Tuesday
	_, _ = st.CreateShipment(ctx, &store.Shipment{ID: "a", Carrier: "dhl", TrackingNumber: "1", Service: "parcel", CreatedAt: at})
	_, _ = st.AppendScans(ctx, "a", []store.Scan{
		{Time: at.Add(time.Hour), Code: "PU", Milestone: "picked_up"},
		{Time: at.Add(2 * time.Hour), Code: "LV", Milestone: "noise"},
		{Time: at.AddDate(0, 0, 1), Code: "DL", Milestone: "delivered"},
	})

	// The host mounts the handler behind its own authentication, e.g.
	// mux.Handle("/ops/insights", requireStaff(insights.Handler(src, insights.HandlerConfig{}))).
	h := insights.Handler(st, insights.HandlerConfig{})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/ops/insights?from=2026-03-01&to=2026-04-01&group=service", nil))
	var rep insights.Report
	_ = json.Unmarshal(rec.Body.Bytes(), &rep)
	g := rep.Groups[0]
	fmt.Println(rec.Code, g.Carrier, g.Service, g.Transit.Median, g.NoiseShare)

	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/ops/insights?from=2026-03-01", nil))
	fmt.Print(rec.Code, " ", rec.Body.String())
	// Output:
	// 200 dhl parcel 1 0.3333333333333333
	// 400 {"error":"parameter \"to\" is required (an RFC 3339 time or a date such as 2026-03-01)"}
}
