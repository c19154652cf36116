package laposte_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"time"

	"github.com/wismo-dev/wismo/carrier/laposte"
	"github.com/wismo-dev/wismo/milestone"
)

// Configure the adapter from the environment. Without network access this
// example only compiles; see Example_track for one that runs.
func ExampleNew() {
	c, err := laposte.New(laposte.Config{
		APIKey:   os.Getenv("LAPOSTE_OKAPI_KEY"),
		Language: "en_GB",
	})
	if err != nil {
		fmt.Println("configure La Poste:", err)
		return
	}
	_ = c // c.Track(ctx, "6A18987970674")
}

// Track a Colissimo parcel against a stand-in for the Suivi API v2; each
// scan names the milestone table of its product.
func Example_track() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"lang":"fr_FR","scope":"open","returnCode":200,"shipment":{
			"idShip":"6A18987970674","holder":4,"product":"colissimo","isFinal":false,
			"event":[
				{"code":"ET1","label":"Votre colis est en cours d'acheminement.","date":"2026-11-19T23:41:00+01:00"},
				{"code":"PC1","label":"Votre colis a été déposé dans un point postal.","date":"2026-11-19T16:20:00+01:00"}],
			"estimDate":"2026-11-21T00:00:00+01:00"}}`)
	}))
	defer srv.Close()

	c, err := laposte.New(laposte.Config{APIKey: "key", BaseURL: srv.URL})
	if err != nil {
		fmt.Println(err)
		return
	}
	u, err := c.Track(context.Background(), "6A 1898 7970 674")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(u.Service, "expected by", u.EstimatedDelivery.Format(time.RFC3339))
	for _, s := range u.Scans {
		fmt.Printf("%s %s/%s %s: %s\n", s.Time.Format(time.RFC3339), s.Carrier, s.Code, milestone.Classify(s), s.Description)
	}
	// Output:
	// colissimo expected by 2026-11-21T23:59:59+01:00
	// 2026-11-19T23:41:00+01:00 colissimo/ET1 in_transit: Votre colis est en cours d'acheminement.
	// 2026-11-19T16:20:00+01:00 colissimo/PC1 picked_up: Votre colis a été déposé dans un point postal.
}
