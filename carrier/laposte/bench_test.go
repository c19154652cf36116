package laposte

import (
	"testing"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/carriertest"
	"github.com/wismo-dev/wismo/internal/adaptertest"
)

// BenchmarkParse measures reading the recorded delivered journey of nine
// events.
func BenchmarkParse(b *testing.B) {
	adaptertest.BenchmarkParse(b, "recorded_karrio_delivered.json", func(body []byte) (int, error) {
		rs, err := parse(body)
		if err != nil {
			return 0, err
		}
		if rs[0].err != nil {
			return 0, rs[0].err
		}
		return len(rs[0].update.Scans), nil
	})
}

// BenchmarkTrack measures Track and TrackBatch end to end against the
// fake Suivi API over loopback HTTP.
func BenchmarkTrack(b *testing.B) {
	carriertest.Benchmark(b, func(b *testing.B) carrier.Carrier {
		f := newFakeSuivi(b)
		f.Set("6A12345678912", route{File: "delivered.json"})
		f.Set("XS123456785FR", route{File: "in_transit.json"})
		return newTestCarrier(b, f)
	}, carriertest.Features{KnownNumbers: []string{"6A12345678912", "XS123456785FR"}, Batch: true})
}
