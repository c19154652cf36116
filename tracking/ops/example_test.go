package ops_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/sim"
	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/notify/notifytest"
	"github.com/wismo-dev/wismo/tracking"
	"github.com/wismo-dev/wismo/tracking/ops"
)

// The host mounts the view under a prefix of its own, behind its own
// authentication (here a header check stands in for it), and names its
// login session so that the action forms' tokens are bound to it.
func Example() {
	ctx := context.Background()
	clk := sim.NewClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	carr, _ := sim.New(sim.Config{Now: clk.Now, Seed: 1})
	svc, err := tracking.New(tracking.Config{Carriers: carrier.NewRegistry(carr), Notifier: &notifytest.Recorder{}, Now: clk.Now})
	if err != nil {
		panic(err)
	}
	_ = carr.Ship("SIM0000000001", sim.LateEstimate(), clk.Now())
	_ = svc.Track(ctx, tracking.Shipment{ID: "A-1001-1", OrderID: "A-1001", Carrier: sim.DefaultID, TrackingNumber: "SIM0000000001",
		PromisedBy: clk.Now().Add(48 * time.Hour), Recipient: notify.Recipient{ID: "c-1", Email: "ada@example.com"}})
	for range 30 * 6 { // 30 hours
		_ = svc.Tick(ctx)
		clk.Advance(10 * time.Minute)
	}

	h, err := ops.New(svc, ops.Config{
		CSRFKey:  []byte("an example key of 32 bytes or more, random in a shop"),
		Session:  func(r *http.Request) string { return r.Header.Get("X-Staff-Session") },
		BasePath: "/admin/shipments/",
	})
	if err != nil {
		panic(err)
	}
	staffOnly := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("X-Staff-Session") == "" {
				http.Error(w, "log in first", http.StatusUnauthorized)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
	mux := http.NewServeMux()
	mux.Handle("/admin/shipments/", staffOnly(http.StripPrefix("/admin/shipments", h)))

	r := httptest.NewRequest(http.MethodGet, "/admin/shipments/index.json", nil)
	r.Header.Set("X-Staff-Session", "s3ss10n")
	w := httptest.NewRecorder()
	mux.ServeHTTP(w, r)
	var list struct {
		Shipments []struct{ ID, URL, State, Reason string }
	}
	_ = json.Unmarshal(w.Body.Bytes(), &list)
	fmt.Println(w.Code)
	for _, s := range list.Shipments {
		fmt.Println(s.ID, s.URL, s.State, s.Reason)
	}
	// Output:
	// 200
	// A-1001-1 /admin/shipments/shipments/A-1001-1 delayed carrier_eta
}
