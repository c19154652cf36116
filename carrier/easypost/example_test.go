package easypost_test

import (
	"context"
	"fmt"
	"net/http"

	"github.com/wismo-dev/wismo/carrier/easypost"
	"github.com/wismo-dev/wismo/milestone"
)

// Verifying and reading an EasyPost webhook delivery.
func ExampleCarrier_ParseWebhook() {
	ep, err := easypost.New(easypost.Config{APIKey: "EZTK_demo", WebhookSecrets: []string{"whsec_demo"}})
	if err != nil {
		panic(err)
	}
	body := []byte(`{"object":"Event","id":"evt_1","description":"tracker.updated","result":{
		"id":"trk_1","object":"Tracker","tracking_code":"9400110898825022579493","status":"out_for_delivery",
		"tracking_details":[{"message":"Out for Delivery","status":"out_for_delivery",
			"status_detail":"out_for_delivery","datetime":"2026-03-04T08:05:01-05:00"}]}}`)
	h := http.Header{}
	h.Set(easypost.SignatureHeader, easypost.SignWebhook(body, "whsec_demo"))

	updates, err := ep.ParseWebhook(context.Background(), h, body)
	if err != nil {
		panic(err)
	}
	s := updates[0].Scans[0]
	fmt.Println(updates[0].TrackingNumber, s.Code, milestone.Classify(s))

	h.Set(easypost.SignatureHeader, easypost.SignWebhook(body, "forged"))
	_, err = ep.ParseWebhook(context.Background(), h, body)
	fmt.Println(err != nil)
	// Output:
	// 9400110898825022579493 out_for_delivery out_for_delivery
	// true
}
