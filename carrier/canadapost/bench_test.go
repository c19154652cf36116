package canadapost

import (
	"testing"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/carriertest"
	"github.com/wismo-dev/wismo/internal/adaptertest"
)

// BenchmarkParse measures reading a recorded delivered journey of ten events.
func BenchmarkParse(b *testing.B) {
	adaptertest.BenchmarkParse(b, "real_activeshipping_tracking_details_en.xml", func(body []byte) (int, error) {
		u, _, err := parse(body, "1371134583769923")
		if err != nil {
			return 0, err
		}
		return len(u.Scans), nil
	})
}

// BenchmarkTrack measures Track end to end against the fake Canada Post over
// loopback HTTP.
func BenchmarkTrack(b *testing.B) {
	carriertest.Benchmark(b, func(b *testing.B) carrier.Carrier {
		f := newFake(b)
		f.Set("7023210039414604", route{File: "delivered.xml"})
		f.Set("7023210039414611", route{File: "in_transit.xml"})
		return newTestCarrier(b, f)
	}, carriertest.Features{KnownNumbers: []string{"7023210039414604", "7023210039414611"}})
}
