package dhl_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/wismo-dev/wismo/carrier/dhl"
)

// A DHL Paket shipment tracked in German; the test server stands in for
// api-eu.dhl.com.
func Example() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"shipments":[{"id":"00340434161094042557","service":"parcel-de",
			"estimatedTimeOfDelivery":"2026-03-03T13:00:00+01:00",
			"events":[{"timestamp":"2026-03-03T06:12:41+01:00","statusCode":"transit",
				"description":"Die Sendung wurde in das Zustellfahrzeug geladen."}]}]}`)
	}))
	defer srv.Close()

	c, err := dhl.New(dhl.Config{APIKey: "demo-key", BaseURL: srv.URL, Language: "de"})
	if err != nil {
		panic(err)
	}
	u, err := c.Track(context.Background(), "00340434161094042557")
	if err != nil {
		panic(err)
	}
	for _, s := range u.Scans {
		fmt.Println(s.Time.Format("Mon 15:04 -07:00"), s.Carrier, s.Description)
	}
	fmt.Println("estimate:", u.EstimatedDelivery.Format("Mon 15:04"))
	// Output:
	// Tue 06:12 +01:00 dhl_parcel_de Die Sendung wurde in das Zustellfahrzeug geladen.
	// estimate: Tue 13:00
}
