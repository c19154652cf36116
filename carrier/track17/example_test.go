package track17_test

import (
	"context"
	"fmt"
	"net/http"

	"github.com/wismo-dev/wismo/carrier/track17"
	"github.com/wismo-dev/wismo/milestone"
)

// Verifying and reading a 17TRACK push.
func ExampleCarrier_ParseWebhook() {
	t17, err := track17.New(track17.Config{APIKey: "7F3A9C21D4E8B60512AB34CD56EF7890"})
	if err != nil {
		panic(err)
	}
	body := []byte(`{"event":"TRACKING_UPDATED","data":{"number":"RR123456785CN","carrier":3011,
		"track_info":{"latest_status":{"status":"Delivered","sub_status":"Delivered_Other"},
		"tracking":{"providers":[{"provider":{"key":21051,"name":"USPS"},"events":[
		{"time_iso":"2026-03-09T14:21:00-05:00","time_utc":"2026-03-09T19:21:00Z",
		 "description":"Delivered, In/At Mailbox","location":"CHICAGO, IL 60601","stage":"Delivered"}]}]}}}}`)
	h := http.Header{}
	h.Set(track17.SignatureHeader, track17.SignWebhook(body, "7F3A9C21D4E8B60512AB34CD56EF7890"))
	updates, err := t17.ParseWebhook(context.Background(), h, body)
	if err != nil {
		panic(err)
	}
	s := updates[0].Scans[0]
	fmt.Println(updates[0].TrackingNumber, s.Code, milestone.Classify(s))

	h.Set(track17.SignatureHeader, track17.SignWebhook(body, "a guessed key"))
	_, err = t17.ParseWebhook(context.Background(), h, body)
	fmt.Println("forged:", err != nil)
	// Output:
	// RR123456785CN Delivered delivered
	// forged: true
}
