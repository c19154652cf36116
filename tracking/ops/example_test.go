package ops

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/wismo-dev/wismo/tracking"
)

// The host mounts the view under a prefix of its own, behind its own
// authentication (here a header check stands in for it).
func Example() {
	backend := newFake() // a *tracking.Service in a shop
	backend.put(tracking.View{ID: "A-1001-1", OrderID: "A-1001", Carrier: "dhl", TrackingNumber: "JJD0001",
		State: tracking.StateDelayed, Reason: tracking.ReasonCarrierETA}, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))

	h, err := New(backend, Config{
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
	fmt.Println(w.Code)
	for _, line := range strings.Split(w.Body.String(), "\n") {
		if strings.Contains(line, `"url"`) || strings.Contains(line, `"state"`) {
			fmt.Println(strings.TrimSpace(line))
		}
	}
	// Output:
	// 200
	// "url": "/admin/shipments/shipments/A-1001-1",
	// "state": "delayed",
}
