package usps

import (
	"testing"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/carriertest"
	"github.com/wismo-dev/wismo/internal/adaptertest"
)

// BenchmarkParse measures reading a delivered journey of six events.
func BenchmarkParse(b *testing.B) {
	adaptertest.BenchmarkParse(b, "delivered.json", func(body []byte) (int, error) {
		u, _, err := parse(body, "9400111899223197428490")
		if err != nil {
			return 0, err
		}
		return len(u.Scans), nil
	})
}

// BenchmarkTrack measures Track end to end against the fake USPS over
// loopback HTTP (token cached after the first call).
func BenchmarkTrack(b *testing.B) {
	carriertest.Benchmark(b, func(b *testing.B) carrier.Carrier {
		f := newFakeUSPS(b)
		f.Set("9400111899223197428490", route{File: "delivered.json"})
		f.Set("9205590164917312751089", route{File: "in_transit.json"})
		return newTestCarrier(b, f)
	}, carriertest.Features{KnownNumbers: []string{"9400111899223197428490", "9205590164917312751089"}})
}
