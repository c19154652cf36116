package gls_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"time"

	"github.com/wismo-dev/wismo/carrier/gls"
	"github.com/wismo-dev/wismo/milestone"
)

// Configure the adapter from the environment. Without network access this
// example only compiles; see Example_track for one that runs.
func ExampleNew() {
	c, err := gls.New(gls.Config{
		ClientID:     os.Getenv("GLS_CLIENT_ID"),
		ClientSecret: os.Getenv("GLS_CLIENT_SECRET"),
		Language:     "DE",
	})
	if err != nil {
		fmt.Println("configure GLS:", err)
		return
	}
	_ = c // c.Track(ctx, "50123456789")
}

// Track a parcel against a stand-in for the GLS API gateway.
func Example_track() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/oauth2/v2/token" {
			fmt.Fprint(w, `{"token_type":"Bearer","access_token":"example-token","expires_in":14400}`)
			return
		}
		fmt.Fprint(w, `{"parcels":[{"requested":"50123456789","unitno":"50123456789",
			"status":"INDELIVERY","statusDateTime":"2026-11-19T07:58:03+0100",
			"events":[
				{"code":"OUTDEL.NORMAL","city":"Frankfurt am Main","postalCode":"60314","country":"DE",
				 "description":"The parcel is expected to be delivered during the day.",
				 "eventDateTime":"2026-11-19T07:58:03+0100"},
				{"code":"INTIAL.NORMAL","city":"Neuenstein","postalCode":"36286","country":"DE",
				 "description":"The parcel was handed over to GLS.",
				 "eventDateTime":"2026-11-18T16:05:27+0100"}]}]}`)
	}))
	defer srv.Close()

	c, err := gls.New(gls.Config{ClientID: "key", ClientSecret: "secret", BaseURL: srv.URL})
	if err != nil {
		fmt.Println(err)
		return
	}
	u, err := c.Track(context.Background(), "50123456789")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range u.Scans {
		fmt.Printf("%s %-13s %-16s %s [%s]\n", s.Time.Format(time.RFC3339), s.Code, milestone.Classify(s), s.Description, s.Location)
	}
	// Output:
	// 2026-11-19T07:58:03+01:00 OUTDEL.NORMAL out_for_delivery The parcel is expected to be delivered during the day. [60314 Frankfurt am Main, DE]
	// 2026-11-18T16:05:27+01:00 INTIAL.NORMAL picked_up        The parcel was handed over to GLS. [36286 Neuenstein, DE]
}
