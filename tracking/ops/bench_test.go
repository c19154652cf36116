package ops

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/wismo-dev/wismo/milestone"
	"github.com/wismo-dev/wismo/tracking"
)

// BenchmarkListPage renders the list of what needs attention, a full page
// of 50 shipments among 1,000, as HTML and as JSON, over the fake backend
// (its filter and sort of the 1,000 included, the Service's store query
// not). It reports pages/s and shipments/s.
func BenchmarkListPage(b *testing.B) {
	for _, asJSON := range []bool{false, true} {
		name := "html"
		if asJSON {
			name = "json"
		}
		b.Run(name, func(b *testing.B) {
			s := newSetup(b, func(c *Config) { c.Logger = nil })
			for i := range 1000 {
				s.f.put(tracking.View{ID: fmt.Sprintf("b%04d", i), OrderID: fmt.Sprintf("o%03d", i/3), Carrier: "dhl",
					TrackingNumber: fmt.Sprintf("JJD%010d", i), State: tracking.StateDelayed, Reason: tracking.ReasonCarrierETA,
					Milestone: milestone.InTransit, PromisedBy: base.Add(48 * time.Hour), ETA: base.Add(72 * time.Hour)}, base.Add(time.Duration(i)*time.Minute))
			}
			target := "/ops/"
			if asJSON {
				target = "/ops/index.json"
			}
			srv := http.StripPrefix("/ops", s.h)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				w := httptest.NewRecorder()
				srv.ServeHTTP(w, httptest.NewRequest(http.MethodGet, target, nil))
				if w.Code != http.StatusOK {
					b.Fatalf("status %d", w.Code)
				}
			}
			sec := b.Elapsed().Seconds()
			b.ReportMetric(float64(b.N)/sec, "pages/s")
			b.ReportMetric(float64(b.N*50)/sec, "shipments/s")
		})
	}
}
