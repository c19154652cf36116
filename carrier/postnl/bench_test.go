package postnl

import (
	"testing"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/carriertest"
	"github.com/wismo-dev/wismo/internal/adaptertest"
)

// BenchmarkParse measures reading a delivered parcel's complete status
// (five events, six statuses, two addresses).
func BenchmarkParse(b *testing.B) {
	adaptertest.BenchmarkParse(b, "delivered.json", func(body []byte) (int, error) {
		u, _, err := parse(body, "3SWISM0000001")
		if err != nil {
			return 0, err
		}
		return len(u.Scans), nil
	})
}

// BenchmarkTrack measures Track end to end against the fake PostNL over
// loopback HTTP.
func BenchmarkTrack(b *testing.B) {
	carriertest.Benchmark(b, func(b *testing.B) carrier.Carrier {
		f := newFakePostNL(b)
		f.Set("3SWISM0000001", route{File: "delivered.json"})
		f.Set("3SWISM0000002", route{File: "in_transit.json"})
		return newTestCarrier(b, f)
	}, carriertest.Features{KnownNumbers: []string{"3SWISM0000001", "3SWISM0000002"}})
}
