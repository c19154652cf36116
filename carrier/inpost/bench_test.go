package inpost

import (
	"context"
	"testing"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/carriertest"
	"github.com/wismo-dev/wismo/internal/adaptertest"
)

// BenchmarkParse measures reading a delivered locker journey of ten details.
func BenchmarkParse(b *testing.B) {
	adaptertest.BenchmarkParse(b, "delivered.json", func(body []byte) (int, error) {
		u, _, err := parse(body, "600000000000000000000017")
		if err != nil {
			return 0, err
		}
		return len(u.Scans), nil
	})
}

// BenchmarkParseWebhook measures verifying and reading one signed
// shipment_status_changed webhook.
func BenchmarkParseWebhook(b *testing.B) {
	c, err := New(Config{WebhookSecrets: []string{testSecret}})
	if err != nil {
		b.Fatal(err)
	}
	body := adaptertest.Fixture(b, "webhook_status_changed.json")
	h := signed(body)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.ParseWebhook(context.Background(), h, body); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTrack measures Track end to end against the fake ShipX over
// loopback HTTP.
func BenchmarkTrack(b *testing.B) {
	carriertest.Benchmark(b, func(b *testing.B) carrier.Carrier {
		f := newFakeShipX(b, testToken)
		f.Set("600000000000000000000017", route{File: "delivered.json"})
		f.Set("520000011395200025754311", route{File: "in_transit.json"})
		return newTestCarrier(b, f)
	}, carriertest.Features{KnownNumbers: []string{"600000000000000000000017", "520000011395200025754311"}})
}
