package auspost

import (
	"testing"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/carriertest"
	"github.com/wismo-dev/wismo/internal/adaptertest"
)

// BenchmarkParse measures reading a recorded answer for three numbers
// (27 events).
func BenchmarkParse(b *testing.B) {
	ns := []string{"ET123456789AU", "LX123456789US", "00123456789000123400"}
	adaptertest.BenchmarkParse(b, "real_karrio_tracking_response.json", func(body []byte) (int, error) {
		us, _, _, err := parse(body, ns)
		if err != nil {
			return 0, err
		}
		n := 0
		for _, u := range us {
			n += len(u.Scans)
		}
		return n, nil
	})
}

// BenchmarkTrack measures Track and TrackBatch end to end against the fake
// Australia Post over loopback HTTP.
func BenchmarkTrack(b *testing.B) {
	carriertest.Benchmark(b, func(b *testing.B) carrier.Carrier {
		f := newFake(b)
		f.Set("33LPN5012345", route{File: "delivered.json"})
		f.Set("33LPN5012346", route{File: "in_transit.json"})
		return newTestCarrier(b, f)
	}, carriertest.Features{KnownNumbers: []string{"33LPN5012345", "33LPN5012346"}, Batch: true})
}
