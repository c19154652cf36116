package canadapost_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"time"

	"github.com/wismo-dev/wismo/carrier/canadapost"
)

// Configure the adapter from the environment. Without network access this
// example only compiles; see Example_track for one that runs.
func ExampleNew() {
	c, err := canadapost.New(canadapost.Config{
		Username: os.Getenv("CANADAPOST_USERNAME"),
		Password: os.Getenv("CANADAPOST_PASSWORD"),
		BaseURL:  canadapost.DevelopmentURL,
	})
	if err != nil {
		fmt.Println("configure Canada Post:", err)
		return
	}
	_ = c // c.Track(ctx, "7023210039414604")
}

// Track a parcel against a stand-in for the Canada Post Tracking web service.
func Example_track() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/vnd.cpc.track-v2+xml")
		fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?>
<tracking-detail xmlns="http://www.canadapost.ca/ws/track-v2">
  <pin>7023210039414604</pin>
  <expected-delivery-date>2026-11-24</expected-delivery-date>
  <service-name>Expedited Parcels</service-name>
  <significant-events>
    <occurrence>
      <event-identifier>0174</event-identifier><event-date>2026-11-24</event-date>
      <event-time>08:05:31</event-time><event-time-zone>EST</event-time-zone>
      <event-description>Item out for delivery</event-description>
      <event-site>TORONTO</event-site><event-province>ON</event-province>
    </occurrence>
    <occurrence>
      <event-identifier>3000</event-identifier><event-date>2026-11-21</event-date>
      <event-time>16:30:00</event-time><event-time-zone>PST</event-time-zone>
      <event-description>Electronic information submitted by shipper</event-description>
      <event-site>VANCOUVER</event-site><event-province>BC</event-province>
    </occurrence>
  </significant-events>
</tracking-detail>`)
	}))
	defer srv.Close()

	c, err := canadapost.New(canadapost.Config{Username: "user", Password: "password", BaseURL: srv.URL})
	if err != nil {
		fmt.Println(err)
		return
	}
	u, err := c.Track(context.Background(), "7023 2100 3941 4604")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(u.Service, "expected by", u.EstimatedDelivery.Format("2006-01-02 15:04"))
	for _, s := range u.Scans {
		fmt.Printf("%s %s %s [%s]\n", s.Time.Format(time.RFC3339), s.Code, s.Description, s.Location)
	}
	// Output:
	// Expedited Parcels expected by 2026-11-24 23:59
	// 2026-11-24T08:05:31-05:00 0174 Item out for delivery [TORONTO, ON]
	// 2026-11-21T16:30:00-08:00 3000 Electronic information submitted by shipper [VANCOUVER, BC]
}
