package dpd

import (
	"testing"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/carriertest"
	"github.com/wismo-dev/wismo/internal/adaptertest"
)

// BenchmarkParse measures reading the recorded DPD Belgium answer of
// fifteen reached statuses.
func BenchmarkParse(b *testing.B) {
	adaptertest.BenchmarkParse(b, "recorded_be_parcelshop.xml", func(body []byte) (int, error) {
		u, _, err := parse(body, "05308801410058")
		if err != nil {
			return 0, err
		}
		return len(u.Scans), nil
	})
}

// BenchmarkTrack measures Track end to end against the fake DPD over
// loopback HTTP (token kept after the first login).
func BenchmarkTrack(b *testing.B) {
	carriertest.Benchmark(b, func(b *testing.B) carrier.Carrier {
		f := newFakeDPD(b)
		f.Set("01505056789012", route{File: "delivered.xml"})
		f.Set("05308801410058", route{File: "recorded_be_parcelshop.xml"})
		return newTestCarrier(b, f)
	}, carriertest.Features{KnownNumbers: []string{"01505056789012", "05308801410058"}})
}
