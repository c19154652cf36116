package ups

import (
	"testing"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/carriertest"
	"github.com/wismo-dev/wismo/internal/adaptertest"
)

// BenchmarkParse measures reading a delivered journey of six activities.
func BenchmarkParse(b *testing.B) {
	adaptertest.BenchmarkParse(b, "delivered.json", func(body []byte) (int, error) {
		u, _, err := parse(body, "1Z5R89390357567127")
		if err != nil {
			return 0, err
		}
		return len(u.Scans), nil
	})
}

// BenchmarkTrack measures Track end to end against the fake UPS over
// loopback HTTP (token cached after the first call).
func BenchmarkTrack(b *testing.B) {
	carriertest.Benchmark(b, func(b *testing.B) carrier.Carrier {
		f := newFakeUPS(b)
		f.Set("1Z5R89390357567127", route{File: "delivered.json"})
		f.Set("1Z879E930346834440", route{File: "in_transit.json"})
		return newTestCarrier(b, f)
	}, carriertest.Features{KnownNumbers: []string{"1Z5R89390357567127", "1Z879E930346834440"}})
}
