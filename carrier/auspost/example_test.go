package auspost_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/auspost"
)

// Configure the adapter from the environment. Without network access this
// example only compiles; see Example_trackMany for one that runs.
func ExampleNew() {
	c, err := auspost.New(auspost.Config{
		APIKey:        os.Getenv("AUSPOST_API_KEY"),
		Password:      os.Getenv("AUSPOST_API_PASSWORD"),
		AccountNumber: os.Getenv("AUSPOST_ACCOUNT_NUMBER"),
		BaseURL:       auspost.TestURL,
	})
	if err != nil {
		fmt.Println("configure Australia Post:", err)
		return
	}
	_ = c // carrier.TrackMany(ctx, c, numbers)
}

// Track two numbers in one request against a stand-in for the Australia
// Post Shipping and Tracking API.
func Example_trackMany() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Println("asked:", r.URL.Query().Get("tracking_ids"))
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"tracking_results": [
			{"tracking_id": "33LPN5012345", "status": "Delivered", "trackable_items": [
				{"article_id": "33LPN501234501000931509", "product_type": "Parcel Post", "status": "Delivered",
				 "events": [
					{"location": "KEW VIC", "description": "Delivered - Left in a safe place", "date": "2026-11-20T11:04:27+11:00"},
					{"location": "OAKLEIGH SOUTH VIC", "description": "Onboard for delivery", "date": "2026-11-20T08:34:14+11:00"}]}]},
			{"tracking_id": "33LPN5099999", "errors": [{"code": "ESB-10001", "name": "Invalid tracking ID"}]}]}`)
	}))
	defer srv.Close()

	c, err := auspost.New(auspost.Config{APIKey: "key", Password: "password", AccountNumber: "1234567890", BaseURL: srv.URL})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range carrier.TrackMany(context.Background(), c, []string{"33LPN5012345", "33LPN5099999"}) {
		if r.Err != nil {
			fmt.Println(r.TrackingNumber, "not found:", errors.Is(r.Err, carrier.ErrNotFound))
			continue
		}
		fmt.Println(r.TrackingNumber, r.Update.Service)
		for _, s := range r.Update.Scans {
			fmt.Printf("  %s %s [%s]\n", s.Time.Format(time.RFC3339), s.Description, s.Location)
		}
	}
	// Output:
	// asked: 33LPN5012345,33LPN5099999
	// 33LPN5012345 Parcel Post
	//   2026-11-20T11:04:27+11:00 Delivered - Left in a safe place [KEW VIC]
	//   2026-11-20T08:34:14+11:00 Onboard for delivery [OAKLEIGH SOUTH VIC]
	// 33LPN5099999 not found: true
}
