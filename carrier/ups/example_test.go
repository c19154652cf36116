package ups_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"time"

	"github.com/wismo-dev/wismo/carrier/ups"
)

// Configure the adapter from the environment. Without network access this
// example only compiles; see Example_track for one that runs.
func ExampleNew() {
	c, err := ups.New(ups.Config{
		ClientID:     os.Getenv("UPS_CLIENT_ID"),
		ClientSecret: os.Getenv("UPS_CLIENT_SECRET"),
		MerchantID:   os.Getenv("UPS_ACCOUNT_NUMBER"),
		BaseURL:      ups.SandboxURL,
	})
	if err != nil {
		fmt.Println("configure UPS:", err)
		return
	}
	_ = c // c.Track(ctx, "1Z5R89390357567127")
}

// Track a parcel against a stand-in for the UPS API.
func Example_track() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/security/v1/oauth/token" {
			fmt.Fprint(w, `{"access_token":"example-token","token_type":"Bearer","expires_in":"14399"}`)
			return
		}
		fmt.Fprint(w, `{"trackResponse":{"shipment":[{"package":[{
			"trackingNumber":"1Z5R89390357567127",
			"service":{"description":"UPS Ground"},
			"deliveryDate":[{"type":"SDD","date":"20261124"}],
			"deliveryTime":{"type":"EDW","startTime":"120000","endTime":"160000"},
			"activity":[
				{"status":{"type":"I","code":"OT","description":"Out For Delivery Today"},
				 "location":{"address":{"city":"Atlanta","stateProvince":"GA","countryCode":"US"}},
				 "date":"20261124","time":"081500","gmtOffset":"-05:00"},
				{"status":{"type":"M","code":"MP","description":"Shipper created a label, UPS has not received the package yet."},
				 "date":"20261121","time":"093000"}]}]}]}}`)
	}))
	defer srv.Close()

	c, err := ups.New(ups.Config{ClientID: "id", ClientSecret: "secret", BaseURL: srv.URL})
	if err != nil {
		fmt.Println(err)
		return
	}
	u, err := c.Track(context.Background(), "1Z5R89390357567127")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(u.Service, "estimated by", u.EstimatedDelivery.Format("2006-01-02 15:04"))
	for _, s := range u.Scans {
		fmt.Printf("%s local=%t %-5s %s [%s]\n", s.Time.Format(time.RFC3339), s.LocalTime, s.Code, s.Description, s.Location)
	}
	// Output:
	// UPS Ground estimated by 2026-11-24 16:00
	// 2026-11-24T08:15:00-05:00 local=false I_OT  Out For Delivery Today [Atlanta, GA, US]
	// 2026-11-21T09:30:00Z local=true M_MP  Shipper created a label, UPS has not received the package yet. []
}
