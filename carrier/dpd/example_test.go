package dpd_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"time"

	"github.com/wismo-dev/wismo/carrier/dpd"
	"github.com/wismo-dev/wismo/milestone"
)

// Configure the adapter from the environment. Without network access this
// example only compiles; see Example_track for one that runs.
func ExampleNew() {
	c, err := dpd.New(dpd.Config{
		DelisID:         os.Getenv("DPD_DELIS_ID"),
		Password:        os.Getenv("DPD_PASSWORD"),
		MessageLanguage: "de_DE",
	})
	if err != nil {
		fmt.Println("configure DPD:", err)
		return
	}
	_ = c // c.Track(ctx, "01505056789012")
}

// Track a parcel against a stand-in for DPD's web services: a login, then
// the parcel's life cycle, of which the statuses not reached yet are no
// scans.
func Example_track() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
		if strings.Contains(string(body), "getAuth") {
			fmt.Fprint(w, `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>
				<getAuthResponse xmlns="http://dpd.com/common/service/types/LoginService/2.1"><return>
				<delisId>example</delisId><authToken>example-token</authToken></return></getAuthResponse>
				</soap:Body></soap:Envelope>`)
			return
		}
		fmt.Fprint(w, `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>
			<getTrackingDataResponse xmlns="http://dpd.com/common/service/types/ParcelLifeCycleService/2.0"><trackingresult>
			<statusInfo><status>ACCEPTED</status><label><content>Paket an DPD übergeben</content></label>
			 <description><content><content>DPD hat Ihr Paket erhalten.</content></content></description>
			 <statusHasBeenReached>true</statusHasBeenReached><isCurrentStatus>false</isCurrentStatus>
			 <location><content>Aschaffenburg (DE)</content></location><date><content>18.11.2026, 16:20</content></date></statusInfo>
			<statusInfo><status>AT_DELIVERY_DEPOT</status><label><content>Paket in Zustellung</content></label>
			 <description><content><content>Im DPD Paketzustellzentrum.</content></content></description>
			 <statusHasBeenReached>true</statusHasBeenReached><isCurrentStatus>true</isCurrentStatus>
			 <location><content>Hamburg (DE)</content></location><date><content>19.11.2026, 05:14</content></date></statusInfo>
			<statusInfo><status>DELIVERED</status><label><content>Paket zugestellt</content></label>
			 <description><content><content>Ihr Paket wurde erfolgreich zugestellt.</content></content></description>
			 <statusHasBeenReached>false</statusHasBeenReached><isCurrentStatus>false</isCurrentStatus></statusInfo>
			</trackingresult></getTrackingDataResponse></soap:Body></soap:Envelope>`)
	}))
	defer srv.Close()

	c, err := dpd.New(dpd.Config{DelisID: "example", Password: "secret", MessageLanguage: "de_DE", BaseURL: srv.URL})
	if err != nil {
		fmt.Println(err)
		return
	}
	u, err := c.Track(context.Background(), "01505056789012")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range u.Scans {
		fmt.Printf("%s local=%t %-17s %-25s %s [%s]\n", s.Time.Format(time.DateTime), s.LocalTime, s.Code, milestone.Classify(s), s.Description, s.Location)
	}
	// Output:
	// 2026-11-18 16:20:00 local=true ACCEPTED          picked_up                 DPD hat Ihr Paket erhalten. [Aschaffenburg (DE)]
	// 2026-11-19 05:14:00 local=true AT_DELIVERY_DEPOT arrived_at_local_facility Im DPD Paketzustellzentrum. [Hamburg (DE)]
}
