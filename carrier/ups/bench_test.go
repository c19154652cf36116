package ups

import (
	"testing"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/carriertest"
)

// BenchmarkParse measures reading a delivered journey of six activities.
func BenchmarkParse(b *testing.B) {
	body := readFixture(b, "delivered.json")
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	scans := 0
	for b.Loop() {
		u, _, err := parse(body, "1Z5R89390357567127")
		if err != nil {
			b.Fatal(err)
		}
		scans = len(u.Scans)
	}
	b.ReportMetric(float64(scans), "scans/op")
}

// BenchmarkTrack measures Track end to end against the fake UPS over
// loopback HTTP (token cached after the first call).
func BenchmarkTrack(b *testing.B) {
	carriertest.Benchmark(b, func(b *testing.B) carrier.Carrier {
		f, srv := newFakeUPS(b)
		f.set("1Z5R89390357567127", route{file: "delivered.json"})
		f.set("1Z879E930346834440", route{file: "in_transit.json"})
		return newTestCarrier(b, srv)
	}, carriertest.Features{KnownNumbers: []string{"1Z5R89390357567127", "1Z879E930346834440"}})
}
