package fedex_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/fedex"
)

// Configure the adapter from the environment. Without network access this
// example only compiles; see Example_batch for one that runs.
func ExampleNew() {
	c, err := fedex.New(fedex.Config{
		ClientID:     os.Getenv("FEDEX_CLIENT_ID"),
		ClientSecret: os.Getenv("FEDEX_CLIENT_SECRET"),
		BaseURL:      fedex.SandboxURL,
	})
	if err != nil {
		fmt.Println("configure FedEx:", err)
		return
	}
	_ = c // c.Track(ctx, "794644790138")
}

// Track two parcels in one request against a stand-in for the FedEx API.
func Example_batch() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/oauth/token" {
			fmt.Fprint(w, `{"access_token":"example-token","token_type":"bearer","expires_in":3599}`)
			return
		}
		fmt.Fprint(w, `{"output":{"completeTrackResults":[
			{"trackingNumber":"794644790138","trackResults":[{
				"serviceDetail":{"description":"FedEx Ground"},
				"estimatedDeliveryTimeWindow":{"window":{"begins":"2026-11-24T10:00:00-05:00","ends":"2026-11-24T14:00:00-05:00"}},
				"scanEvents":[{"date":"2026-11-24T07:55:00-05:00","eventType":"OD","eventDescription":"On FedEx vehicle for delivery",
					"scanLocation":{"city":"ATLANTA","stateOrProvinceCode":"GA","countryCode":"US"}}]}]},
			{"trackingNumber":"123456789012","trackResults":[{
				"error":{"code":"TRACKING.TRACKINGNUMBER.NOTFOUND","message":"Tracking number cannot be found."}}]}]}}`)
	}))
	defer srv.Close()

	c, err := fedex.New(fedex.Config{ClientID: "key", ClientSecret: "secret", BaseURL: srv.URL})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range carrier.TrackMany(context.Background(), c, []string{"794644790138", "123456789012"}) {
		if r.Err != nil {
			fmt.Println(r.TrackingNumber, "not found:", errors.Is(r.Err, carrier.ErrNotFound))
			continue
		}
		s := r.Update.Scans[0]
		fmt.Println(r.TrackingNumber, r.Update.Service, "by", r.Update.EstimatedDelivery.Format(time.RFC3339))
		fmt.Println(" ", s.Time.Format(time.RFC3339), s.Code, s.Description, "["+s.Location+"]")
	}
	// Output:
	// 794644790138 FedEx Ground by 2026-11-24T14:00:00-05:00
	//   2026-11-24T07:55:00-05:00 OD On FedEx vehicle for delivery [ATLANTA, GA, US]
	// 123456789012 not found: true
}
