package gls

import (
	"testing"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/carriertest"
	"github.com/wismo-dev/wismo/internal/adaptertest"
)

// BenchmarkParse measures reading a delivered journey of six events.
func BenchmarkParse(b *testing.B) {
	adaptertest.BenchmarkParse(b, "delivered.json", func(body []byte) (int, error) {
		res, _, err := parse(body, []string{"50123456789"})
		if err != nil {
			return 0, err
		}
		r := res["50123456789"]
		if r.Err != nil {
			return 0, r.Err
		}
		return len(r.Update.Scans), nil
	})
}

// BenchmarkTrack measures Track end to end against the fake GLS over
// loopback HTTP (token cached after the first call).
func BenchmarkTrack(b *testing.B) {
	carriertest.Benchmark(b, func(b *testing.B) carrier.Carrier {
		f := newFakeGLS(b)
		f.Set("50123456789", route{File: "delivered.json"})
		f.Set("50123456790", route{File: "in_transit.json"})
		return newTestCarrier(b, f)
	}, carriertest.Features{KnownNumbers: []string{"50123456789", "50123456790"}})
}
