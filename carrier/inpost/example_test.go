package inpost_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"time"

	"github.com/wismo-dev/wismo/carrier/inpost"
	"github.com/wismo-dev/wismo/milestone"
)

// Configure the adapter from the environment. Without network access this
// example only compiles; see Example_track for one that runs.
func ExampleNew() {
	c, err := inpost.New(inpost.Config{
		Token:          os.Getenv("INPOST_SHIPX_TOKEN"),
		WebhookSecrets: []string{os.Getenv("INPOST_WEBHOOK_SECRET")},
		BaseURL:        inpost.SandboxURL,
	})
	if err != nil {
		fmt.Println("configure InPost:", err)
		return
	}
	_ = c // c.Track(ctx, "600000000000000000000017")
}

// Track a locker parcel against a stand-in for ShipX.
func Example_track() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"tracking_number":"600000000000000000000017","service":"inpost_locker_standard",
			"status":"ready_to_pickup","tracking_details":[
				{"origin_status":"UWP","status":"ready_to_pickup","agency":null,"location":null,"datetime":"2026-11-19T09:05:33.000+01:00"},
				{"origin_status":"PPN","status":"confirmed","agency":null,"location":null,"datetime":"2026-11-18T09:02:19.000+01:00"}]}`)
	}))
	defer srv.Close()

	c, err := inpost.New(inpost.Config{BaseURL: srv.URL})
	if err != nil {
		fmt.Println(err)
		return
	}
	u, err := c.Track(context.Background(), "6000 0000 0000 0000 0000 0017")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(u.Service)
	for _, s := range u.Scans {
		fmt.Println(s.Time.Format(time.RFC3339), s.Code, milestone.Classify(s))
	}
	// Output:
	// inpost_locker_standard
	// 2026-11-19T09:05:33+01:00 ready_to_pickup available_for_pickup
	// 2026-11-18T09:02:19+01:00 confirmed info_received
}

// Verify and read a ShipX webhook, as a webhook endpoint does.
func ExampleCarrier_ParseWebhook() {
	const secret = "the-shared-webhook-secret"
	c, err := inpost.New(inpost.Config{WebhookSecrets: []string{secret}})
	if err != nil {
		fmt.Println(err)
		return
	}
	body := []byte(`{"event_ts":"2026-11-19 17:42:15 +0100","event":"shipment_status_changed","organization_id":1,
		"payload":{"shipment_id":49,"status":"delivered","tracking_number":"600000000000000000000017"}}`)
	header := http.Header{}
	header.Set(inpost.SignatureHeader, inpost.SignWebhook(body, secret))
	ups, err := c.ParseWebhook(context.Background(), header, body)
	if err != nil {
		fmt.Println(err)
		return
	}
	s := ups[0].Scans[0]
	fmt.Println(ups[0].TrackingNumber, s.Code, s.Time.Format(time.RFC3339))

	header.Set(inpost.SignatureHeader, inpost.SignWebhook(body, "a-guess-at-the-secret"))
	_, err = c.ParseWebhook(context.Background(), header, body)
	fmt.Println(err)
	// Output:
	// 600000000000000000000017 delivered 2026-11-19T17:42:15+01:00
	// inpost: webhook: carrier: bad webhook signature: no secret matches
}
