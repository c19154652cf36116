package postnl_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"time"

	"github.com/wismo-dev/wismo/carrier/postnl"
	"github.com/wismo-dev/wismo/milestone"
)

// Configure the adapter from the environment. Without network access this
// example only compiles; see Example_track for one that runs.
func ExampleNew() {
	c, err := postnl.New(postnl.Config{
		APIKey:   os.Getenv("POSTNL_API_KEY"),
		BaseURL:  postnl.SandboxURL,
		Language: "EN",
	})
	if err != nil {
		fmt.Println("configure PostNL:", err)
		return
	}
	_ = c // c.Track(ctx, "3SDEVC288882229")
}

// Track a parcel against a stand-in for the Shipping Status API.
func Example_track() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"CompleteStatus":{"Shipment":{"MainBarcode":"3SWISM0000002","Barcode":"3SWISM0000002",
			"ProductDescription":"Standaard zending","Reference":{},
			"Event":[
				{"Code":"J01","Description":"Zending is gesorteerd","LocationCode":"156731","TimeStamp":"24-11-2026 05:02:11"},
				{"Code":"B01","Description":"Zending is ontvangen door PostNL","LocationCode":"166886","TimeStamp":"23-11-2026 21:37:45"}],
			"Expectation":{"ETAFrom":"2026-11-24T10:30:00","ETATo":"2026-11-24T12:30:00"},
			"Status":{"TimeStamp":"24-11-2026 05:02:11","StatusCode":"5","StatusDescription":"Zending gesorteerd","PhaseCode":"2","PhaseDescription":"Sortering"}}}}`)
	}))
	defer srv.Close()

	c, err := postnl.New(postnl.Config{APIKey: "key", BaseURL: srv.URL})
	if err != nil {
		fmt.Println(err)
		return
	}
	u, err := c.Track(context.Background(), "3S WISM 0000002")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(u.Service, "between", u.EstimatedDeliveryStart.Format("15:04"), "and", u.EstimatedDelivery.Format("15:04"))
	for _, s := range u.Scans {
		fmt.Printf("%s local=%t %s %s: %s\n", s.Time.Format(time.DateTime), s.LocalTime, s.Code, s.Description, milestone.Classify(s))
	}
	// Output:
	// Standaard zending between 10:30 and 12:30
	// 2026-11-24 05:02:11 local=true J01 Zending is gesorteerd: in_transit
	// 2026-11-23 21:37:45 local=true B01 Zending is ontvangen door PostNL: picked_up
}
