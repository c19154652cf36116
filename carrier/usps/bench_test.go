package usps

import (
	"testing"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/carriertest"
)

// BenchmarkParse measures reading a delivered journey of six events.
func BenchmarkParse(b *testing.B) {
	body := readFixture(b, "delivered.json")
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	scans := 0
	for b.Loop() {
		u, _, err := parse(body, "9400111899223197428490")
		if err != nil {
			b.Fatal(err)
		}
		scans = len(u.Scans)
	}
	b.ReportMetric(float64(scans), "scans/op")
}

// BenchmarkTrack measures Track end to end against the fake USPS over
// loopback HTTP (token cached after the first call).
func BenchmarkTrack(b *testing.B) {
	carriertest.Benchmark(b, func(b *testing.B) carrier.Carrier {
		f, srv := newFakeUSPS(b)
		f.set("9400111899223197428490", route{file: "delivered.json"})
		f.set("9205590164917312751089", route{file: "in_transit.json"})
		return newTestCarrier(b, srv)
	}, carriertest.Features{KnownNumbers: []string{"9400111899223197428490", "9205590164917312751089"}})
}
