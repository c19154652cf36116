package track17

import (
	"net/http"
	"testing"

	"github.com/wismo-dev/wismo/carrier/kit"
	"github.com/wismo-dev/wismo/internal/adaptertest"
)

// BenchmarkParseTrackInfo measures reading a /gettrackinfo answer with two
// providers (scans/op is the number of events read).
func BenchmarkParseTrackInfo(b *testing.B) {
	adaptertest.BenchmarkParse(b, "trackinfo_rr.json", func(body []byte) (int, error) {
		var data answer[trackItem]
		if err := decode(&kit.Response{StatusCode: http.StatusOK, Body: body}, &data); err != nil {
			return 0, err
		}
		n := 0
		for _, it := range data.Accepted {
			u, _, err := it.update()
			if err != nil {
				return 0, err
			}
			n += len(u.Scans)
		}
		return n, nil
	})
}

// BenchmarkParseWebhook measures verifying and reading a push.
func BenchmarkParseWebhook(b *testing.B) {
	c, err := New(Config{APIKey: testKey})
	if err != nil {
		b.Fatal(err)
	}
	body := adaptertest.Fixture(b, "push_updated.json")
	h := http.Header{}
	h.Set(SignatureHeader, SignWebhook(body, testKey))
	adaptertest.BenchmarkParse(b, "push_updated.json", func(body []byte) (int, error) {
		ups, err := c.ParseWebhook(b.Context(), h, body)
		if err != nil {
			return 0, err
		}
		return len(ups[0].Scans), nil
	})
}
