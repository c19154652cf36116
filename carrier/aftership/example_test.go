package aftership_test

import (
	"context"
	"fmt"
	"net/http"

	"github.com/wismo-dev/wismo/carrier/aftership"
	"github.com/wismo-dev/wismo/milestone"
)

// Verifying and reading an AfterShip webhook delivery.
func ExampleCarrier_ParseWebhook() {
	as, err := aftership.New(aftership.Config{APIKey: "demo", WebhookSecrets: []string{"whsec_demo"}})
	if err != nil {
		panic(err)
	}
	body := []byte(`{"event":"tracking_update","event_id":"e1","msg":{"tracking_number":"61293150000079650811",
		"slug":"fedex","tag":"OutForDelivery","checkpoints":[{"checkpoint_time":"2026-03-09T08:10:00-05:00",
		"city":"TORONTO","message":"On FedEx vehicle for delivery","tag":"OutForDelivery","subtag":"OutForDelivery_001"}]}}`)
	h := http.Header{}
	h.Set(aftership.SignatureHeader, aftership.SignWebhook(body, "whsec_demo"))
	updates, err := as.ParseWebhook(context.Background(), h, body)
	if err != nil {
		panic(err)
	}
	s := updates[0].Scans[0]
	fmt.Println(updates[0].TrackingNumber, s.Code, milestone.Classify(s))

	h.Set(aftership.SignatureHeader, aftership.SignWebhook(body, "forged"))
	_, err = as.ParseWebhook(context.Background(), h, body)
	fmt.Println("forged:", err != nil)
	// Output:
	// 61293150000079650811 OutForDelivery_001 out_for_delivery
	// forged: true
}
