package usps_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"time"

	"github.com/wismo-dev/wismo/carrier/usps"
)

// Configure the adapter from the environment. Without network access this
// example only compiles; see Example_track for one that runs.
func ExampleNew() {
	c, err := usps.New(usps.Config{
		ClientID:     os.Getenv("USPS_CLIENT_ID"),
		ClientSecret: os.Getenv("USPS_CLIENT_SECRET"),
		BaseURL:      usps.TestURL,
	})
	if err != nil {
		fmt.Println("configure USPS:", err)
		return
	}
	_ = c // c.Track(ctx, "9400111899223197428490")
}

// Track an item against a stand-in for the USPS API.
func Example_track() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/oauth2/v3/token" {
			fmt.Fprint(w, `{"access_token":"example-token","token_type":"Bearer","expires_in":28799}`)
			return
		}
		fmt.Fprint(w, `{"trackingNumber":"9400111899223197428490","mailClass":"Priority Mail",
			"statusCategory":"In Transit","expectedDeliveryDate":"2026-11-24",
			"trackingEvents":[
				{"eventType":"Out for Delivery","eventCode":"OF","eventTimestamp":"2026-11-24T06:10:00",
				 "GMTTimestamp":"2026-11-24T11:10:00Z","GMTOffset":"-05:00","eventCity":"BROOKLYN","eventState":"NY"},
				{"eventType":"Shipping Label Created, USPS Awaiting Item","eventCode":"GX","eventTimestamp":"2026-11-21T09:48:00",
				 "eventCity":"CHICAGO","eventState":"IL"}]}`)
	}))
	defer srv.Close()

	c, err := usps.New(usps.Config{ClientID: "key", ClientSecret: "secret", BaseURL: srv.URL})
	if err != nil {
		fmt.Println(err)
		return
	}
	u, err := c.Track(context.Background(), "9400 1118 9922 3197 4284 90")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(u.Service, "expected by", u.EstimatedDelivery.Format("2006-01-02 15:04"))
	for _, s := range u.Scans {
		fmt.Printf("%s local=%t %s %s [%s]\n", s.Time.Format(time.RFC3339), s.LocalTime, s.Code, s.Description, s.Location)
	}
	// Output:
	// Priority Mail expected by 2026-11-24 23:59
	// 2026-11-24T06:10:00-05:00 local=false OF Out for Delivery [BROOKLYN, NY]
	// 2026-11-21T09:48:00Z local=true GX Shipping Label Created, USPS Awaiting Item [CHICAGO, IL]
}
