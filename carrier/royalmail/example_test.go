package royalmail_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"time"

	"github.com/wismo-dev/wismo/carrier/royalmail"
)

// Configure the adapter from the environment. Without network access this
// example only compiles; see Example_track for one that runs.
func ExampleNew() {
	c, err := royalmail.New(royalmail.Config{
		ClientID:     os.Getenv("ROYALMAIL_CLIENT_ID"),
		ClientSecret: os.Getenv("ROYALMAIL_CLIENT_SECRET"),
	})
	if err != nil {
		fmt.Println("configure Royal Mail:", err)
		return
	}
	_ = c // c.Track(ctx, "FQ087430672GB")
}

// Track an item against a stand-in for the Royal Mail Tracking API v2.
func Example_track() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"mailPieces":{"mailPieceId":"FQ087430672GB",
			"summary":{"productName":"Royal Mail Tracked 24","statusCategory":"IN TRANSIT"},
			"estimatedDelivery":{"date":"2026-11-20","startOfEstimatedWindow":"09:00:00+00:00","endOfEstimatedWindow":"13:00:00+00:00"},
			"events":[
				{"eventCode":"EVDAV","eventName":"Item Received","eventDateTime":"2026-11-19T22:14:00+00:00","locationName":"Bristol Mail Centre"},
				{"eventCode":"EVAIE","eventName":"Sender despatching item","eventDateTime":"2026-11-19T09:12:00+00:00"}]}}`)
	}))
	defer srv.Close()

	c, err := royalmail.New(royalmail.Config{ClientID: "id", ClientSecret: "secret", BaseURL: srv.URL})
	if err != nil {
		fmt.Println(err)
		return
	}
	u, err := c.Track(context.Background(), "FQ 0874 3067 2GB")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(u.Service, "expected between", u.EstimatedDeliveryStart.Format("15:04"), "and", u.EstimatedDelivery.Format("15:04 on 2006-01-02"))
	for _, s := range u.Scans {
		fmt.Printf("%s %s %s [%s]\n", s.Time.Format(time.RFC3339), s.Code, s.Description, s.Location)
	}
	// Output:
	// Royal Mail Tracked 24 expected between 09:00 and 13:00 on 2026-11-20
	// 2026-11-19T22:14:00Z EVDAV Item Received [Bristol Mail Centre]
	// 2026-11-19T09:12:00Z EVAIE Sender despatching item []
}
