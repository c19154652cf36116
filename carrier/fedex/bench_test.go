package fedex

import (
	"testing"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/carriertest"
	"github.com/wismo-dev/wismo/internal/adaptertest"
)

// BenchmarkParse measures reading a delivered journey of six scan events.
func BenchmarkParse(b *testing.B) {
	adaptertest.BenchmarkParse(b, "delivered.json", func(body []byte) (int, error) {
		res, err := parse(body)
		if err != nil {
			return 0, err
		}
		return len(res["794644790138"].update.Scans), nil
	})
}

// BenchmarkTrack measures Track and TrackBatch end to end against the fake
// FedEx over loopback HTTP (token cached after the first call).
func BenchmarkTrack(b *testing.B) {
	carriertest.Benchmark(b, func(b *testing.B) carrier.Carrier {
		f := newFakeFedEx(b)
		f.Set("794644790138", "delivered.json")
		f.Set("449044304137", "in_transit.json")
		f.Set("020207021381215", "exception.json")
		return newTestCarrier(b, f)
	}, carriertest.Features{KnownNumbers: []string{"794644790138", "449044304137", "020207021381215"}, Batch: true})
}
