package fedex

import (
	"testing"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/carriertest"
)

// BenchmarkParse measures reading a delivered journey of six scan events.
func BenchmarkParse(b *testing.B) {
	body := readFixture(b, "delivered.json")
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	scans := 0
	for b.Loop() {
		res, err := parse(body)
		if err != nil {
			b.Fatal(err)
		}
		scans = len(res["794644790138"].update.Scans)
	}
	b.ReportMetric(float64(scans), "scans/op")
}

// BenchmarkTrack measures Track and TrackBatch end to end against the fake
// FedEx over loopback HTTP (token cached after the first call).
func BenchmarkTrack(b *testing.B) {
	carriertest.Benchmark(b, func(b *testing.B) carrier.Carrier {
		f, srv := newFakeFedEx(b)
		f.set("794644790138", "delivered.json")
		f.set("449044304137", "in_transit.json")
		f.set("020207021381215", "exception.json")
		return newTestCarrier(b, srv)
	}, carriertest.Features{KnownNumbers: []string{"794644790138", "449044304137", "020207021381215"}, Batch: true})
}
