package webhook_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"time"

	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/notify/webhook"
)

// A sender and a receiver sharing a secret: the receiver, an SMS bridge,
// verifies the signature and texts the payload's short text to the phone
// number the sender opted into.
func Example() {
	secret := []byte("whsec_4f1b2c9d8e7a6b5c")
	handler, err := webhook.NewHandler(webhook.HandlerConfig{
		Secrets: [][]byte{secret},
		Handle: func(_ context.Context, p *webhook.Payload) error {
			fmt.Printf("%s for shipment %s (%s %s), SMS to %s: %s\n",
				p.Kind, p.ShipmentID, p.Carrier, p.TrackingNumber, p.Recipient.Phone, p.ShortText)
			return nil
		},
	})
	if err != nil {
		panic(err)
	}
	bridge := httptest.NewServer(handler)
	defer bridge.Close()

	n, err := webhook.New(webhook.Config{
		URL:     bridge.URL,
		Secrets: [][]byte{secret},
		Include: webhook.IncludePhone,
	})
	if err != nil {
		panic(err)
	}
	err = n.Notify(context.Background(), notify.Message{
		ID:         notify.MessageID("s1", "out_for_delivery"),
		Kind:       notify.KindOutForDelivery,
		Audience:   notify.Customer,
		ShipmentID: "s1",
		Recipient:  notify.Recipient{ID: "c1", Phone: "+4915112345678", Locale: "en"},
		// Carrier, number and link as tracking and the renderer fill them in.
		Carrier:        "dhl",
		TrackingNumber: "00340434161094042557",
		TrackingURL:    "https://shop.example/t/s1",
		Subject:        "Your parcel arrives today",
		Text:           "Hi Ada,\n\nYour parcel is out for delivery …\n\n--\nYou receive this message because …",
		CreatedAt:      time.Date(2026, 3, 2, 7, 30, 0, 0, time.UTC),
	})
	fmt.Println("error:", err)
	// Output:
	// out_for_delivery for shipment s1 (dhl 00340434161094042557), SMS to +4915112345678: Your parcel arrives today. https://shop.example/t/s1
	// error: <nil>
}

// Verify checks a request in a host's own handler. Here a request signed
// ten minutes ago is rejected as a replay.
func ExampleVerify() {
	secret := []byte("whsec_4f1b2c9d8e7a6b5c")
	signedAt := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	p := webhook.NewPayload(notify.Message{ID: "msg_1", Kind: notify.KindDelivered}, 0)

	req, _ := webhook.NewTestRequest(context.Background(), "https://bridge.example/hook", p, signedAt, secret)
	got, err := webhook.Verify(req, [][]byte{secret}, 0, signedAt.Add(time.Minute))
	fmt.Println(got.ID, got.Kind, err)

	req, _ = webhook.NewTestRequest(context.Background(), "https://bridge.example/hook", p, signedAt, secret)
	_, err = webhook.Verify(req, [][]byte{secret}, 0, signedAt.Add(10*time.Minute))
	fmt.Println(err)
	// Output:
	// msg_1 delivered <nil>
	// webhook: signature timestamp outside tolerance: signed 10m0s ago, tolerance 5m0s
}
