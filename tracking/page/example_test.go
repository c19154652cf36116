package page_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/wismo-dev/wismo/milestone"
	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/tracking"
	"github.com/wismo-dev/wismo/tracking/page"
)

// statusFunc adapts a function to page.Service.
type statusFunc func(ctx context.Context, id string) (tracking.View, error)

func (f statusFunc) Status(ctx context.Context, id string) (tracking.View, error) { return f(ctx, id) }

// Example creates a signed link and fetches the page's JSON. A real host
// passes its *tracking.Service as Config.Service.
func Example() {
	vienna, _ := time.LoadLocation("Europe/Vienna")
	now := time.Date(2026, 3, 4, 10, 0, 0, 0, vienna)
	svc := statusFunc(func(_ context.Context, id string) (tracking.View, error) {
		if id != "ship-1" {
			return tracking.View{}, tracking.ErrUnknownShipment
		}
		return tracking.View{
			ID: id, Carrier: "dhl", TrackingNumber: "JJD000390007",
			State: tracking.StateDelayed, Reason: tracking.ReasonCarrierETA, Milestone: milestone.InTransit,
			ETA: time.Date(2026, 3, 6, 18, 0, 0, 0, vienna), Late: true,
		}, nil
	})
	h, err := page.New(page.Config{
		Service:  svc,
		Keys:     [][]byte{[]byte("example-key-use-32-random-bytes!")},
		Now:      func() time.Time { return now },
		Branding: notify.Branding{ShopName: "Alpenrad"},
		Recipient: func(context.Context, tracking.View) page.Recipient {
			return page.Recipient{Locale: "de-AT", TimeZone: "Europe/Vienna"}
		},
	})
	if err != nil {
		panic(err)
	}
	srv := httptest.NewServer(http.StripPrefix("/track/", h))
	defer srv.Close()

	link := srv.URL + "/track/" + h.Link("ship-1", now.Add(30*24*time.Hour))
	fmt.Println("ID hidden:", !strings.Contains(link, "ship-1"))

	res, err := http.Get(link + ".json")
	if err != nil {
		panic(err)
	}
	defer res.Body.Close()
	var st page.Status
	if err := json.NewDecoder(res.Body).Decode(&st); err != nil {
		panic(err)
	}
	fmt.Println(res.StatusCode, res.Header.Get("Cache-Control"))
	fmt.Println(st.State, st.Reason, st.Late)
	fmt.Println(st.Headline)
	fmt.Println(st.ETA.Format(time.RFC3339), st.ETAText)

	res2, err := http.Get(srv.URL + "/track/forged-token")
	if err != nil {
		panic(err)
	}
	res2.Body.Close()
	fmt.Println(res2.StatusCode, res2.Header.Get("Cache-Control"))
	// Output:
	// ID hidden: true
	// 200 private, max-age=60
	// delayed carrier_eta true
	// Ihr Paket verspätet sich leider: Es kommt jetzt voraussichtlich am Freitag, 6. März
	// 2026-03-06T18:00:00+01:00 Freitag, 6. März
	// 404 no-store
}
